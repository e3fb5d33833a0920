import { isPermission } from '@backstage/plugin-permission-common';
import {
  platformPermissions,
  platformScanCreatePermission,
} from './permissions';

describe('platform permissions', () => {
  it('defines the scan permission as a create action under the platform namespace', () => {
    expect(platformScanCreatePermission.name).toBe('platform.scan.create');
    expect(
      isPermission(platformScanCreatePermission, platformScanCreatePermission),
    ).toBe(true);
    expect(platformScanCreatePermission.attributes.action).toBe('create');
  });

  it('lists every permission exactly once', () => {
    const names = platformPermissions.map(p => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('platform.scan.create');
  });
});
