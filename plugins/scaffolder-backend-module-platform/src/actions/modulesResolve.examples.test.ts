import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { TestPlatform, createTestPlatform } from '../tests/testPlatform';
import { createModulesResolveAction } from './modulesResolve';
import { examples } from './modulesResolve.examples';

describe('platform:modules:resolve examples', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await createTestPlatform();
  });
  afterAll(() => platform.cleanup());

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_description, example) => {
      const action = createModulesResolveAction({
        config: mockServices.rootConfig({ data: platform.config }),
      });
      const { input } = yaml.parse(example).steps[0];
      const ctx = createMockActionContext({ input });
      await action.handler(ctx as any);
      const [[, modules]] = (ctx.output as jest.Mock).mock.calls.filter(
        ([name]) => name === 'modules',
      );
      expect(Object.keys(modules)).toEqual(input.modules);
    },
  );
});
