import { isPermission } from '@backstage/plugin-permission-common';
import {
  platformPermissions,
  platformScanCreatePermission,
  platformUpgradeCreatePermission,
} from './permissions';

describe('platform permissions', () => {
  it('defines the scan permission as a create action under the platform namespace', () => {
    expect(platformScanCreatePermission.name).toBe('platform.scan.create');
    expect(
      isPermission(platformScanCreatePermission, platformScanCreatePermission),
    ).toBe(true);
    expect(platformScanCreatePermission.attributes.action).toBe('create');
  });

  it('defines the upgrade permission on a catalog entity, so that the catalog judges ownership', () => {
    expect(platformUpgradeCreatePermission).toEqual({
      type: 'resource',
      name: 'platform.upgrade.create',
      attributes: { action: 'create' },
      resourceType: 'catalog-entity',
    });
  });

  it('lists every permission exactly once', () => {
    const names = platformPermissions.map(p => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('platform.scan.create');
    expect(names).toContain('platform.upgrade.create');
  });
});
