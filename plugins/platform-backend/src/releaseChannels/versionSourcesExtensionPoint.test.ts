import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  createBackendModule,
  SchedulerServiceTaskInvocationDefinition,
} from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { platformVersionSourcesExtensionPoint } from '@platform-portal/plugin-platform-node';
import request from 'supertest';
import { platformPlugin } from '../plugin';

jest.setTimeout(60_000);

describe('platformVersionSourcesExtensionPoint', () => {
  it('reads channels with a version source another module added, in place of the built-in one, when a scan of the entity is asked for', async () => {
    const targets: string[] = [];
    const privateNpm = createBackendModule({
      pluginId: 'platform',
      moduleId: 'private-npm',
      register(env) {
        env.registerInit({
          deps: { sources: platformVersionSourcesExtensionPoint },
          async init({ sources }) {
            sources.addVersionSource({
              kind: 'npm',
              async listReleases(target) {
                targets.push(target);
                return [
                  { version: '1.4.0', versionAsPublished: '1.4.0' },
                  { version: '1.5.0', versionAsPublished: '1.5.0' },
                ];
              },
            });
          },
        });
      },
    });
    const tasks = new Map<string, SchedulerServiceTaskInvocationDefinition>();
    const scheduler = mockServices.scheduler.mock({
      async scheduleTask(task) {
        tasks.set(task.id, task);
      },
    });
    const { server } = await startTestBackend({
      features: [
        platformPlugin,
        privateNpm,
        mockServices.database.factory(),
        scheduler.factory,
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'web-sdk',
                annotations: {
                  // No npm registry is configured, so the built-in source would refuse this.
                  'platform-portal.io/release-npm': '@acme/web-sdk',
                },
              },
              spec: {
                type: 'library',
                owner: 'team-web',
                lifecycle: 'production',
              },
            },
          ],
        }),
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    const route =
      '/api/platform/entities/component/default/web-sdk/release-channels';
    const get = () =>
      request(server)
        .get(route)
        .set('Authorization', mockCredentials.user.header());
    expect((await get()).body.channels).toEqual([]);

    // Asking for a scan of the entity reads its channels too, without waiting for the schedule.
    const started = await request(server)
      .post('/api/platform/scans')
      .set('Authorization', mockCredentials.user.header())
      .send({ entityRef: 'component:default/web-sdk' });
    expect(started.status).toBe(202);
    let res = await get();
    for (let i = 0; i < 100 && !res.body.channels.length; i++) {
      await new Promise(resolve => setTimeout(resolve, 50));
      res = await get();
    }
    expect(targets).toEqual(['@acme/web-sdk']);
    expect(tasks.has('platform-release-channels')).toBe(true);
    expect(res.body).toMatchObject({
      newestVersion: '1.5.0',
      verdict: 'in-sync',
      channels: [
        {
          kind: 'npm',
          target: '@acme/web-sdk',
          releaseCount: 2,
          latest: { version: '1.5.0' },
        },
      ],
    });
  });
});
