import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogLocationCreatePermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { taskCreatePermission } from '@backstage/plugin-scaffolder-common/alpha';
import permissionPlugin from '@backstage/plugin-permission-backend';
import request from 'supertest';
import { permissionModulePlatformPolicy } from './module';

const memberships: Record<string, string[]> = {
  'user:default/guest': ['group:default/platform-team'],
  'user:default/search-dev': ['group:default/team-search'],
};

// Each test starts a whole backend; a loaded machine needs more than the default 5 s.
jest.setTimeout(60_000);

describe('permissionModulePlatformPolicy', () => {
  it('answers the permission backend with the platform policy', async () => {
    const { server } = await startTestBackend({
      features: [
        permissionPlugin,
        permissionModulePlatformPolicy,
        mockServices.userInfo.mock({
          async getUserInfo(credentials) {
            const { userEntityRef } = (
              credentials as ReturnType<typeof mockCredentials.user>
            ).principal;
            return {
              userEntityRef,
              ownershipEntityRefs: [
                userEntityRef,
                ...(memberships[userEntityRef] ?? []),
              ],
            };
          },
        }).factory,
        mockServices.rootConfig.factory({
          data: { permission: { enabled: true } },
        }),
      ],
    });
    const authorize = async (userEntityRef: string) =>
      (
        await request(server)
          .post('/api/permission/authorize')
          .set('Authorization', mockCredentials.user.header(userEntityRef))
          .send({
            items: [
              { id: 'location', permission: catalogLocationCreatePermission },
              { id: 'task', permission: taskCreatePermission },
            ],
          })
      ).body.items.map((item: { result: AuthorizeResult }) => item.result);

    expect(await authorize('user:default/guest')).toEqual([
      AuthorizeResult.ALLOW,
      AuthorizeResult.ALLOW,
    ]);
    expect(await authorize('user:default/search-dev')).toEqual([
      AuthorizeResult.DENY,
      AuthorizeResult.ALLOW,
    ]);
  });
});
