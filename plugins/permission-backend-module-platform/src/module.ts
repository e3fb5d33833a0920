import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { PlatformPermissionPolicy } from './PlatformPermissionPolicy';

/**
 * Sets the portal's permission policy on the permission backend.
 *
 * @public
 */
export const permissionModulePlatformPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'platform-policy',
  register({ registerInit }) {
    registerInit({
      deps: {
        config: coreServices.rootConfig,
        policy: policyExtensionPoint,
      },
      async init({ config, policy }) {
        policy.setPolicy(PlatformPermissionPolicy.fromConfig(config));
      },
    });
  },
});
