import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  platformEntityScanPermission,
  platformScanCreatePermission,
} from '@platform-portal/plugin-platform-common';
import request from 'supertest';
import { platformPlugin } from './plugin';

const PAYMENTS = 'component:default/payments-api';
const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments-api',
      annotations: {
        'backstage.io/source-location':
          'url:https://github.com/acme/payments-api/tree/main/',
      },
    },
    spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
  },
];
const owner = mockCredentials.user('user:default/payments-dev');

// Each test starts a whole backend; a loaded machine needs more than the default 5 s.
jest.setTimeout(60_000);

async function startBackend(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) {
  const permissions = mockServices.permissions.mock({
    authorize: jest.fn(async requests => requests.map(() => ({ result }))),
  });
  const { server } = await startTestBackend({
    features: [
      platformPlugin,
      permissions.factory,
      mockServices.database.factory(),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({ data: { platform: {} } }),
    ],
  });
  return { server, permissions };
}

function scanAsOwner(server: Server, body: object) {
  return request(server)
    .post('/api/platform/scans')
    .set(
      'Authorization',
      mockCredentials.user.header(owner.principal.userEntityRef),
    )
    .send(body);
}

type Server = Awaited<ReturnType<typeof startBackend>>['server'];

describe('POST /scans', () => {
  it('asks for the scan of one entity against that entity, and scans it when allowed', async () => {
    const { server, permissions } = await startBackend(AuthorizeResult.ALLOW);
    const res = await scanAsOwner(server, { entityRef: PAYMENTS });

    expect(res.status).toBe(202);
    expect(res.body.scan).toMatchObject({ entityRef: PAYMENTS });
    expect(permissions.authorize).toHaveBeenCalledWith(
      [{ permission: platformEntityScanPermission, resourceRef: PAYMENTS }],
      { credentials: owner },
    );
  });

  it('refuses the scan of one entity with 403 when the entity permission is denied, and scans nothing', async () => {
    const { server, permissions } = await startBackend(AuthorizeResult.DENY);
    const res = await scanAsOwner(server, { entityRef: PAYMENTS });

    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(PAYMENTS);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [{ permission: platformEntityScanPermission, resourceRef: PAYMENTS }],
      expect.anything(),
    );
    const latest = await request(server)
      .get('/api/platform/scans/latest')
      .set('Authorization', mockCredentials.user.header());
    expect(latest.body).toEqual({ scan: null });
  });

  it('asks for the scan of everything without a resource, and refuses it with 403 when denied', async () => {
    const { server, permissions } = await startBackend(AuthorizeResult.DENY);
    const res = await request(server)
      .post('/api/platform/scans')
      .set('Authorization', mockCredentials.user.header())
      .send({});

    expect(res.status).toBe(403);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [{ permission: platformScanCreatePermission }],
      expect.anything(),
    );
    const latest = await request(server)
      .get('/api/platform/scans/latest')
      .set('Authorization', mockCredentials.user.header());
    expect(latest.body).toEqual({ scan: null });
  });
});
