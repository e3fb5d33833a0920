import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import {
  TestPlatform,
  createTestPlatform,
  writeCompliantProject,
} from '../tests/testPlatform';
import { createPolicyCheckAction } from './policyCheck';
import { examples } from './policyCheck.examples';

describe('platform:policy:check examples', () => {
  let platform: TestPlatform;
  let workspace: string;

  beforeAll(async () => {
    platform = await createTestPlatform();
    workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'policy-examples-'));
    await writeCompliantProject(workspace);
    await writeCompliantProject(path.join(workspace, 'project'));
  });
  afterAll(async () => {
    await platform.cleanup();
    await fs.rm(workspace, { recursive: true, force: true });
  });

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_description, example) => {
      const action = createPolicyCheckAction({
        config: mockServices.rootConfig({ data: platform.config }),
      });
      const { input = {} } = yaml.parse(example).steps[0];
      const ctx = createMockActionContext({ input, workspacePath: workspace });
      await action.handler(ctx as any);
      expect(ctx.output).toHaveBeenCalledWith(
        'referencesChecked',
        expect.any(Number),
      );
    },
  );
});
