import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Allows starting a scan of the platform and service repositories on demand.
 *
 * @public
 */
export const platformScanCreatePermission = createPermission({
  name: 'platform.scan.create',
  attributes: { action: 'create' },
});

/**
 * Every permission the platform plugin defines.
 *
 * @public
 */
export const platformPermissions = [platformScanCreatePermission];
