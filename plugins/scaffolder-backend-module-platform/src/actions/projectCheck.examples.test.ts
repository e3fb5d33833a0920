import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createProjectCheckAction } from './projectCheck';
import { examples } from './projectCheck.examples';
import { createProjectNameCheck } from './projectName';

describe('platform:project:check examples', () => {
  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_description, example) => {
      // No host configured, so the GitHub example asks the catalog only.
      const action = createProjectCheckAction({
        checkProjectName: createProjectNameCheck({
          config: new ConfigReader({}),
          catalog: catalogServiceMock({ entities: [] }),
        }),
      });
      const { input } = yaml.parse(example).steps[0];
      const ctx = {
        ...createMockActionContext({ input }),
        getInitiatorCredentials: async () => mockCredentials.user(),
      };
      await expect(action.handler(ctx as any)).resolves.toBeUndefined();
    },
  );
});
