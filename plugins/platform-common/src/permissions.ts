import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Allows starting a scan of every platform and service repository on demand.
 *
 * @public
 */
export const platformScanCreatePermission = createPermission({
  name: 'platform.scan.create',
  attributes: { action: 'create' },
});

/**
 * Allows starting a scan of one catalog entity's repository on demand; a resource permission on
 * the entity, so that a policy can grant it to the entity's owners and the catalog judges it.
 *
 * @public
 */
export const platformEntityScanPermission = createPermission({
  name: 'platform.entity.scan',
  attributes: { action: 'create' },
  // The catalog's resource type (RESOURCE_TYPE_CATALOG_ENTITY), spelled out so that this
  // package need not depend on the catalog.
  resourceType: 'catalog-entity',
});

/**
 * Allows opening upgrade changes (a branch, and a pull request where the host has them) in one
 * catalog entity's repository; a resource permission on the entity, like
 * {@link platformEntityScanPermission}, so that a policy can grant it to the entity's owners.
 *
 * @public
 */
export const platformUpgradeCreatePermission = createPermission({
  name: 'platform.upgrade.create',
  attributes: { action: 'create' },
  resourceType: 'catalog-entity',
});

/**
 * Every permission the platform plugin defines.
 *
 * @public
 */
export const platformPermissions = [
  platformScanCreatePermission,
  platformEntityScanPermission,
  platformUpgradeCreatePermission,
];
