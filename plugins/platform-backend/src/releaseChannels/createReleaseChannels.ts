import {
  AuthService,
  DatabaseService,
  LoggerService,
  RootConfigService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ReleaseChannelReader,
  ReleaseChannelTargetRewrite,
  ReleaseVersionSource,
} from '@platform-portal/plugin-platform-node';
import { createReleaseChannelReaderFromConfig } from './sources/createReleaseChannelReaderFromConfig';
import { DiscoveryFilter } from '../scanner/discoverServices';
import { DatabaseReleaseChannelStore } from './DatabaseReleaseChannelStore';
import {
  createChannelDiscovery,
  ReleaseChannelMonitor,
} from './ReleaseChannelMonitor';
import { ReleaseChannelStore } from './ReleaseChannelStore';

const STARTUP_RETRIES = 12;
const STARTUP_RETRY_MS = 10_000;

/**
 * Sets up release channels for the plugin: the store, the reader with the built-in and added
 * version sources, and a global task that reads every declared channel on the scan's schedule.
 *
 * @internal
 */
export async function createReleaseChannels(options: {
  config: RootConfigService;
  auth: AuthService;
  catalog: CatalogService;
  database: DatabaseService;
  logger: LoggerService;
  scheduler: SchedulerService;
  schedule: SchedulerServiceTaskScheduleDefinition;
  filter: DiscoveryFilter;
  sources: ReleaseVersionSource[];
  /** Directories of bare repositories git-tags channels may read, on top of app-config's. */
  localRoots: string[];
  /** Asked in order; the first that changes a declaration wins. */
  rewrites: ReleaseChannelTargetRewrite[];
  /** Hosts channels may reach on top of `platform.releaseChannels.allowedHosts`. */
  allowedHosts: string[];
  /** Settles when the local roots may be read. */
  ready: Promise<unknown>;
}): Promise<{
  store: ReleaseChannelStore;
  monitor: ReleaseChannelMonitor;
  /** Reads a channel as a service's are read: same sources, allow-list and rewrites. */
  reader: ReleaseChannelReader;
  rewrite: ReleaseChannelTargetRewrite;
}> {
  const { config, logger } = options;
  const store = await DatabaseReleaseChannelStore.create({
    database: options.database,
  });
  const reader = createReleaseChannelReaderFromConfig(config, {
    logger,
    sources: options.sources,
    localRoots: options.localRoots,
    allowedHosts: options.allowedHosts,
  });
  const rewrite: ReleaseChannelTargetRewrite = declaration => {
    for (const rewriteOne of options.rewrites) {
      const rewritten = rewriteOne(declaration);
      if (rewritten !== declaration) {
        return rewritten;
      }
    }
    return declaration;
  };

  const monitor = new ReleaseChannelMonitor({
    store,
    reader,
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
  return { store, monitor, reader, rewrite };
}
