import path from 'node:path';
import {
  AuthService,
  DatabaseService,
  LifecycleService,
  LoggerService,
  RootConfigService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  createReleaseChannelReaderFromConfig,
  demoRepositoriesDir,
  ReleaseVersionSource,
} from '@internal/plugin-platform-node';
import {
  DEFAULT_DEMO_HELM_PORT,
  startDemoHelmRepository,
} from '../demo/demoHelmRepository';
import { createDemoChannelRewrite } from '../demo/demoReleaseChannels';
import { DiscoveryFilter } from '../scanner/discoverServices';
import { DatabaseReleaseChannelStore } from './DatabaseReleaseChannelStore';
import {
  ChannelTargetRewrite,
  createChannelDiscovery,
  ReleaseChannelMonitor,
} from './ReleaseChannelMonitor';
import { ReleaseChannelStore } from './ReleaseChannelStore';

const STARTUP_RETRIES = 12;
const STARTUP_RETRY_MS = 10_000;

/**
 * Sets up release channels for the plugin: the store, the reader with the built-in and added
 * version sources, in demo mode the local chart repository, and a global task that reads every
 * declared channel on the scan's schedule.
 *
 * @internal
 */
export async function createReleaseChannels(options: {
  config: RootConfigService;
  auth: AuthService;
  catalog: CatalogService;
  database: DatabaseService;
  lifecycle: LifecycleService;
  logger: LoggerService;
  scheduler: SchedulerService;
  schedule: SchedulerServiceTaskScheduleDefinition;
  filter: DiscoveryFilter;
  sources: ReleaseVersionSource[];
  /** Settles when the demo's repositories are made. */
  ready: Promise<unknown>;
}): Promise<{ store: ReleaseChannelStore; monitor: ReleaseChannelMonitor }> {
  const { config, logger } = options;
  const store = await DatabaseReleaseChannelStore.create({
    database: options.database,
  });

  const demoDir = demoRepositoriesDir(config);
  let rewrite: ChannelTargetRewrite | undefined;
  const allowedHosts: string[] = [];
  if (demoDir) {
    const port =
      config.getOptionalNumber('platform.demo.helmRepositoryPort') ??
      DEFAULT_DEMO_HELM_PORT;
    const helm = await startDemoHelmRepository({
      dir: path.resolve(
        config.getString('platform.demo.examplesDir'),
        'helm-repository',
      ),
      port,
      logger,
    });
    if (helm) {
      options.lifecycle.addShutdownHook(() => helm.close());
    }
    const chartRepositoryUrl = helm?.url ?? `http://127.0.0.1:${port}/`;
    rewrite = createDemoChannelRewrite({
      repositoriesDir: demoDir,
      chartRepositoryUrl,
    });
    // The demo's own chart server, on whichever port it got.
    allowedHosts.push(new URL(chartRepositoryUrl).host);
  }

  const monitor = new ReleaseChannelMonitor({
    store,
    reader: createReleaseChannelReaderFromConfig(config, {
      logger,
      sources: options.sources,
      localRoots: demoDir ? [demoDir] : undefined,
      allowedHosts,
    }),
    discover: createChannelDiscovery({
      catalog: options.catalog,
      auth: options.auth,
      filter: options.filter,
    }),
    logger,
    concurrency: config.getOptionalNumber(
      'platform.releaseChannels.concurrency',
    ),
    rewrite,
    ready: options.ready,
  });

  let firstRun = true;
  await options.scheduler.scheduleTask({
    id: 'platform-release-channels',
    scope: 'global',
    ...options.schedule,
    fn: async () => {
      let cycle = await monitor.run();
      // Right after start the catalog may not have read its locations yet: look again shortly
      // rather than show nothing until the next cycle.
      for (
        let attempt = 0;
        firstRun && attempt < STARTUP_RETRIES && !cycle.services;
        attempt++
      ) {
        await new Promise(resolve => setTimeout(resolve, STARTUP_RETRY_MS));
        cycle = await monitor.run();
      }
      firstRun = false;
    },
  });
  return { store, monitor };
}
