import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { platformPermissions } from '@internal/plugin-platform-common';
import { createRouter } from './router';
import { DatabaseDriftStore } from './store';

/**
 * The `platform` backend plugin: platform module drift and release channels.
 *
 * @public
 */
export const platformPlugin = createBackendPlugin({
  pluginId: 'platform',
  register(env) {
    env.registerInit({
      deps: {
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({ database, httpAuth, httpRouter, permissionsRegistry }) {
        permissionsRegistry.addPermissions(platformPermissions);
        const store = await DatabaseDriftStore.create({ database });
        httpRouter.use(await createRouter({ httpAuth, store }));
      },
    });
  },
});
