import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  createCatalogRegisterAction,
  createModulesResolveAction,
  createPolicyCheckAction,
  createPublishGitAction,
  createScanRequestAction,
} from './actions';

/**
 * Scaffolder actions of the platform plugin: resolving platform module versions, checking a
 * rendered project against platform policy, publishing to git and requesting a scan.
 *
 * @public
 */
export const scaffolderModulePlatform = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'platform',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        catalog: catalogServiceRef,
      },
      async init({
        scaffolderActions,
        config,
        logger,
        auth,
        discovery,
        catalog,
      }) {
        scaffolderActions.addActions(
          createModulesResolveAction({ config, logger }),
          createPolicyCheckAction({ config, logger }),
          createPublishGitAction({ config, logger }),
          createScanRequestAction({ auth, discovery, catalog }),
          createCatalogRegisterAction({ config, auth, catalog }),
        );
      },
    });
  },
});
