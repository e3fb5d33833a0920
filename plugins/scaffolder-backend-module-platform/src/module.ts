import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';

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
      deps: { scaffolderActions: scaffolderActionsExtensionPoint },
      async init({ scaffolderActions }) {
        // The actions land with the "Create project" work; registering none keeps the module
        // wired without offering anything that does not work yet.
        scaffolderActions.addActions();
      },
    });
  },
});
