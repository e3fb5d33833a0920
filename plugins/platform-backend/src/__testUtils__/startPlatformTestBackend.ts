import { ServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import platformModuleDemo from '@platform-portal/plugin-platform-backend-module-demo';
import { platformPlugin } from '../plugin';
import { EXAMPLES_DIR } from './exampleEntities';

export interface PlatformTestBackendOptions {
  entities: Entity[];
  /** Where the demo module makes its repositories. */
  demoDir: string;
  /** Keys of platform config besides the platforms, discovery and demo ones. */
  platform?: Record<string, unknown>;
  /** Top-level config besides platform. */
  config?: Record<string, unknown>;
  /** Replaces the scheduler that never runs tasks on startup. */
  scheduler?: ServiceFactory;
  /** More services, such as permissions. */
  services?: ServiceFactory[];
}

/** The platform plugin and the demo module on the demo platform, with a mocked catalog. */
export function startPlatformTestBackend(options: PlatformTestBackendOptions) {
  return startTestBackend({
    features: [
      platformPlugin,
      platformModuleDemo,
      mockServices.database.factory(),
      options.scheduler ??
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      ...(options.services ?? []),
      catalogServiceMock.factory({ entities: options.entities }),
      mockServices.rootConfig.factory({
        data: {
          ...options.config,
          platform: {
            platforms: [{ repository: 'https://github.com/acme/platform' }],
            discovery: {
              filter: { kind: 'Component', 'spec.type': 'service' },
            },
            ...options.platform,
            demo: {
              examplesDir: EXAMPLES_DIR,
              repositoriesDir: options.demoDir,
              helmRepositoryPort: 0,
            },
          },
        },
      }),
    ],
  });
}
