import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createCatalogRegisterAction } from './catalogRegister';
import { examples } from './catalogRegister.examples';

describe('platform:catalog:register examples', () => {
  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_description, example) => {
      const { input } = yaml.parse(example).steps[0];
      const [, name] = input.entityRef.split('/');
      const catalog = catalogServiceMock.mock({
        addLocation: jest.fn(async request => ({
          location: {
            id: '1',
            type: 'url',
            target: request.target,
            entityRef: 'location:default/generated',
          },
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: { name },
            },
          ],
        })),
        getEntityByRef: jest.fn(async () => undefined),
      });
      const action = createCatalogRegisterAction({
        config: new ConfigReader({
          integrations: { github: [{ host: 'github.com' }] },
        }),
        auth: mockServices.auth(),
        catalog,
      });
      const ctx = createMockActionContext({ input });
      await action.handler(ctx as any);
      expect(ctx.output).toHaveBeenCalledWith('entityRef', input.entityRef);
    },
  );
});
