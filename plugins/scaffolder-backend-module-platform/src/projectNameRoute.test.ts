import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import request from 'supertest';
import { scaffolderModulePlatform } from './module';

describe('GET /api/scaffolder/platform/project-name', () => {
  async function start() {
    const { server } = await startTestBackend({
      extensionPoints: [
        [scaffolderActionsExtensionPoint, { addActions: jest.fn() }],
      ],
      features: [
        scaffolderModulePlatform,
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: { name: 'payments-api' },
              spec: { type: 'service', owner: 'group:default/team-payments' },
            },
          ],
        }),
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    return server;
  }

  it('tells a signed-in person where the name is taken', async () => {
    const server = await start();
    const response = await request(server)
      .get('/api/scaffolder/platform/project-name?name=payments-api')
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      name: 'payments-api',
      taken: [
        'payments-api already exists in the catalog (owned by team-payments).',
      ],
      notAsked: ['The local git root was not asked: none is configured.'],
      asked: ['the catalog'],
    });
  });

  it('answers only signed-in people', async () => {
    const server = await start();
    const anonymous = await request(server)
      .get('/api/scaffolder/platform/project-name?name=payments-api')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
    const service = await request(server)
      .get('/api/scaffolder/platform/project-name?name=payments-api')
      .set('Authorization', mockCredentials.service.header());
    expect(service.status).toBe(403);
  });

  it('refuses a question with two names', async () => {
    const server = await start();
    const response = await request(server)
      .get('/api/scaffolder/platform/project-name?name=a&name=b')
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(
      'Ask with one name and at most one repository location.',
    );
  });
});
