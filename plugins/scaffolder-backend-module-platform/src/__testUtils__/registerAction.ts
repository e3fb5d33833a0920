import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createCatalogRegisterAction } from '../actions/catalogRegister';

/**
 * The register action on a catalog mock: a location it is asked to check (a dry run) holds
 * `holds`, and every entity ref it is asked for is `existing`.
 */
export function createRegisterAction(options: {
  holds: Entity[];
  existing?: Entity;
}) {
  const catalog = catalogServiceMock.mock({
    addLocation: jest.fn(async request => ({
      location: {
        id: '1',
        type: 'url',
        target: request.target,
        entityRef: 'location:default/generated',
      },
      entities: request.dryRun ? options.holds : [],
    })),
    getEntityByRef: jest.fn(async () => options.existing),
  });
  const action = createCatalogRegisterAction({
    config: new ConfigReader({
      integrations: { github: [{ host: 'github.com' }] },
    }),
    auth: mockServices.auth(),
    catalog,
  });
  return { action, catalog };
}
