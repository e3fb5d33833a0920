import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { PlatformBackendClient } from './PlatformBackendClient';
import { PlatformDependencyProcessor } from './PlatformDependencyProcessor';
import { PlatformModuleEntityProvider } from './PlatformModuleEntityProvider';
import {
  readLocalRepositoryPrefixes,
  SourceViewLocationProcessor,
} from './SourceViewLocationProcessor';

/**
 * Adds the platform modules to the catalog as Components, related to the services that use them,
 * and points the source links of locally read repositories at the portal's source view.
 *
 * @public
 */
export const catalogModulePlatform = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'platform',
  register({ registerInit }) {
    registerInit({
      deps: {
        auth: coreServices.auth,
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ auth, catalog, config, discovery, logger, scheduler }) {
        const platform = new PlatformBackendClient({ discovery, auth });
        catalog.addEntityProvider(
          PlatformModuleEntityProvider.fromConfig(config, {
            modules: platform,
            logger,
            scheduler,
          }),
        );
        catalog.addProcessor(
          new PlatformDependencyProcessor({ platform, logger }),
        );
        catalog.addProcessor(
          new SourceViewLocationProcessor({
            localPrefixes: readLocalRepositoryPrefixes(config),
            appBaseUrl: config.getString('app.baseUrl'),
          }),
        );
      },
    });
  },
});
