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
  createProjectCheckAction,
  createPublishGitAction,
  createPublishTargetAction,
  createScanRequestAction,
} from './actions';
import { createProjectNameCheck } from './actions/projectName';
import { createProjectNameHandler } from './projectNameRoute';

/**
 * Scaffolder actions of the platform plugin: checking a project name is free (also for the
 * Create form, under `/api/scaffolder/platform/project-name`), resolving platform module versions, checking a
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
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
      },
      async init({
        scaffolderActions,
        config,
        logger,
        auth,
        discovery,
        catalog,
        httpRouter,
        httpAuth,
      }) {
        // The form asks while the name is typed; the action asks again when the task runs.
        const checkProjectName = createProjectNameCheck({ config, catalog });
        httpRouter.use(
          createProjectNameHandler({ httpAuth, checkProjectName }),
        );
        scaffolderActions.addActions(
          createProjectCheckAction({ checkProjectName }),
          createModulesResolveAction({ config, logger }),
          createPolicyCheckAction({ config, logger }),
          createPublishTargetAction({ config }),
          createPublishGitAction({ config, logger }),
          createScanRequestAction({ auth, discovery, catalog }),
          createCatalogRegisterAction({ config, auth, catalog }),
        );
      },
    });
  },
});
