import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { platformPermissions } from '@platform-portal/plugin-platform-common';
import {
  platformExtractorsExtensionPoint,
  platformGitExtensionPoint,
  platformReleaseChannelsExtensionPoint,
  platformRepositoryHostsExtensionPoint,
  platformVersionSourcesExtensionPoint,
  ReferenceExtractor,
  ReleaseChannelTargetRewrite,
  ReleaseVersionSource,
  RepositoryHost,
  UrlRewrite,
} from '@platform-portal/plugin-platform-node';
import {
  addChannelOffers,
  createDefaultExtractors,
  createRepositoryHostsFromConfig,
} from '@platform-portal/plugin-platform-engine';
import { ModuleInterfaceService } from './interfaces/ModuleInterfaceService';
import { createPinNotifications } from './notifications';
import { createReleaseChannels } from './releaseChannels';
import { createRouter } from './router';
import {
  createCatalogDiscovery,
  DiscoveryFilter,
} from './scanner/discoverServices';
import { PlatformScanner } from './scanner/PlatformScanner';
import {
  readHeartbeatMs,
  readScanSchedule,
  scheduleScans,
} from './scanner/scheduleScans';
import { SourceReader } from './source';
import { ModuleChannelReadings, ModuleReleaseService } from './releases';
import { createPlatformStores } from './store';
import { environmentOrderFromConfig } from './store/DriftReportService';
import { createUpgradeService } from './upgrades';
import { openUpgradeChanges } from './upgrades/openUpgradeChanges';

/**
 * The `platform` backend plugin: platform module drift and release channels.
 *
 * @public
 */
export const platformPlugin = createBackendPlugin({
  pluginId: 'platform',
  register(env) {
    const addedExtractors: ReferenceExtractor[] = [];
    const addedHosts: RepositoryHost[] = [];
    const addedSources: ReleaseVersionSource[] = [];
    env.registerExtensionPoint(platformExtractorsExtensionPoint, {
      addExtractor(...extractors) {
        addedExtractors.push(...extractors);
      },
    });
    env.registerExtensionPoint(platformRepositoryHostsExtensionPoint, {
      addRepositoryHost(...hosts) {
        addedHosts.push(...hosts);
      },
    });
    env.registerExtensionPoint(platformVersionSourcesExtensionPoint, {
      addVersionSource(...sources) {
        addedSources.push(...sources);
      },
    });
    const addedRoots: string[] = [];
    const rootsReady: Promise<unknown>[] = [];
    const addedRewrites: UrlRewrite[] = [];
    env.registerExtensionPoint(platformGitExtensionPoint, {
      addLocalRoot(root, options) {
        addedRoots.push(root);
        if (options?.ready) {
          rootsReady.push(options.ready);
        }
      },
      addUrlRewrite(...rewrites) {
        addedRewrites.push(...rewrites);
      },
    });
    const channelRewrites: ReleaseChannelTargetRewrite[] = [];
    const channelHosts: string[] = [];
    env.registerExtensionPoint(platformReleaseChannelsExtensionPoint, {
      addTargetRewrite(...rewrites) {
        channelRewrites.push(...rewrites);
      },
      addAllowedHost(...hosts) {
        channelHosts.push(...hosts);
      },
    });

    env.registerInit({
      deps: {
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
        notifications: notificationService,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
      },
      async init({
        auth,
        catalog,
        config,
        database,
        httpAuth,
        httpRouter,
        lifecycle,
        logger,
        notifications,
        permissions,
        permissionsRegistry,
        scheduler,
      }) {
        permissionsRegistry.addPermissions(platformPermissions);
        const { scanRuns, repositories, trends, report } =
          await createPlatformStores({
            database,
            environments: environmentOrderFromConfig(config),
          });
        const integrations = ScmIntegrations.fromConfig(config);
        const settings = config.getOptionalConfig('platform');
        const discoveryFilter = (settings?.getOptional('discovery.filter') as
          | DiscoveryFilter
          | undefined) ?? { kind: 'Component' };

        // Local roots a module is still filling are read once it is done, or has given up.
        const ready = Promise.allSettled(rootsReady);
        const hosts = createRepositoryHostsFromConfig(config, {
          logger,
          additionalHosts: addedHosts,
          localRoots: addedRoots,
          rewrites: addedRewrites,
        });

        const extractors = [
          ...(await createDefaultExtractors()),
          ...addedExtractors,
        ];
        // Owners hear of their pins that became deprecated or unsupported, and of new majors,
        // after every scan: scheduled, or asked for from the report or an entity.
        const pinNotifications = await createPinNotifications({
          config,
          database,
          logger,
          scheduler,
          notifications,
          repositories,
        });
        // Set once release channels are: modules' channels are read by the same reader.
        const moduleChannels: { current?: ModuleChannelReadings } = {};
        const scanner = new PlatformScanner({
          scanRuns,
          repositories,
          trends,
          hosts,
          extractors,
          platforms: (settings?.getOptionalConfigArray('platforms') ?? []).map(
            platform => platform.getString('repository'),
          ),
          addChannelOffers: async platform =>
            moduleChannels.current
              ? addChannelOffers(platform, channels =>
                  moduleChannels.current!.read(channels),
                )
              : platform,
          discover: createCatalogDiscovery({
            catalog,
            auth,
            filter: discoveryFilter,
          }),
          logger,
          integrations,
          appBaseUrl: config.getOptionalString('app.baseUrl'),
          concurrency: settings?.getOptionalNumber('scan.concurrency'),
          heartbeatMs: readHeartbeatMs(settings),
          ready,
          onFinished: run => {
            // Built less often while the scan wrote, the report is built anew at the next read.
            report.scanEnded();
            return pinNotifications.afterScan(run);
          },
        });

        const schedule = readScanSchedule(settings);
        await scheduleScans({ scanner, scheduler, lifecycle, schedule });

        // Channels are read on the scan's schedule, as their own task, so that a slow registry
        // never holds up the drift scan.
        const releaseChannels = await createReleaseChannels({
          config,
          auth,
          catalog,
          database,
          logger,
          scheduler,
          schedule,
          filter: discoveryFilter,
          sources: addedSources,
          localRoots: addedRoots,
          rewrites: channelRewrites,
          allowedHosts: channelHosts,
          ready,
        });
        moduleChannels.current = new ModuleChannelReadings({
          reader: releaseChannels.reader,
          rewrite: releaseChannels.rewrite,
        });

        // The report is read once the backend is up, so that the first visitor of the drift
        // pages does not wait for it (a few seconds at 10,000 services).
        lifecycle.addStartupHook(() => {
          report
            .getFacets()
            .catch(error =>
              logger.warn(`Reading the drift report failed: ${error}`),
            );
        });

        // A function, not the upgrade service, since that service reads the report.
        report.connect({
          environments: environmentOrderFromConfig(config),
          openUpgrades: openUpgradeChanges({ database }),
        });

        const interfaces = new ModuleInterfaceService({
          reader: scanner.interfaces,
          platforms: () => scanner.platforms.get(),
        });
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            report,
            scanRuns,
            scanner,
            interfaces,
            upgrades: await createUpgradeService({
              config,
              database,
              logger,
              report,
              hosts,
              extractors,
              integrations,
              platforms: () => scanner.platforms.get(),
              interfaces,
            }),
            releaseChannels: releaseChannels.store,
            releases: new ModuleReleaseService({
              platforms: () => scanner.platforms.get(),
              hosts,
              integrations,
              channels: moduleChannels.current,
            }),
            source: new SourceReader({
              hosts,
              repositories: ask => report.keptRepositoryStatuses(ask),
              platforms: (
                settings?.getOptionalConfigArray('platforms') ?? []
              ).map(platform => platform.getString('repository')),
              ready,
            }),
            declaresReleaseChannels: entityRef =>
              releaseChannels.monitor.knows(entityRef),
            refreshReleaseChannels: async entityRef => {
              try {
                await (entityRef
                  ? releaseChannels.monitor.refresh(entityRef)
                  : releaseChannels.monitor.run());
              } catch (error) {
                logger.warn(`Reading release channels failed: ${error}`);
              }
            },
          }),
        );
      },
    });
  },
});
