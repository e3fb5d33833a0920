import { BackendFeature } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The tests start the plugin this module extends.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import platformPlugin from '@platform-portal/plugin-platform-backend';
import {
  EXAMPLES_DIR,
  freePort,
  readExampleEntities as readExamples,
} from '@platform-portal/plugin-platform-engine/testUtils';
import request from 'supertest';

export { EXAMPLES_DIR, freePort };

/** The catalog entities of the demo services. */
export const readExampleEntities = () => readExamples<Entity>();

export interface PlatformBackendOptions {
  /** Features besides the platform plugin and the mocked services, such as this module. */
  features?: BackendFeature[];
  scheduler?: BackendFeature;
  /** The platform.demo config keys, if any. */
  demo?: {
    repositoriesDir: string;
    helmRepositoryPort: number;
    terraformRegistryPort?: number;
  };
}

/** The platform plugin on the demo's platform and services, with a mocked catalog. */
export async function startPlatformBackend(options: PlatformBackendOptions) {
  return startTestBackend({
    features: [
      platformPlugin,
      ...(options.features ?? []),
      mockServices.database.factory(),
      options.scheduler ??
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      catalogServiceMock.factory({ entities: await readExampleEntities() }),
      mockServices.rootConfig.factory({
        data: {
          platform: {
            platforms: [{ repository: 'https://github.com/acme/platform' }],
            discovery: {
              filter: { kind: 'Component', 'spec.type': 'service' },
            },
            ...(options.demo
              ? { demo: { examplesDir: EXAMPLES_DIR, ...options.demo } }
              : {}),
            // The demo's Terraform registry answers plain HTTP, as app-config.demo.yaml says.
            ...(options.demo?.terraformRegistryPort
              ? {
                  releaseChannels: {
                    registries: [
                      {
                        host: `127.0.0.1:${options.demo.terraformRegistryPort}`,
                        insecure: true,
                      },
                    ],
                  },
                }
              : {}),
          },
        },
      }),
    ],
  });
}

/** Starts a scan of everything as a user and answers the scan once it is no longer running. */
export async function scanAndWait(server: Parameters<typeof request>[0]) {
  const user = mockCredentials.user.header();
  const started = await request(server)
    .post('/api/platform/scans')
    .set('Authorization', user)
    .send({});
  expect(started.status).toBe(202);
  let scan = started.body.scan;
  for (let i = 0; i < 1200 && scan.status === 'running'; i++) {
    await new Promise(resolve => setTimeout(resolve, 100));
    scan = (
      await request(server)
        .get(`/api/platform/scans/${scan.id}`)
        .set('Authorization', user)
    ).body.scan;
  }
  return scan;
}
