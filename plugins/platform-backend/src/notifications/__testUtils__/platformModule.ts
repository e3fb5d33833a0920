import { PlatformModuleInfo } from '@platform-portal/plugin-platform-common';

/**
 * A Terraform module of the acme platform, tagged `<name>/v<version>`, whose latest release is the
 * first of `versions` (newest first, as the backend lists them).
 */
export function platformModule(
  name: string,
  versions: string[],
  overrides: Partial<PlatformModuleInfo> = {},
): PlatformModuleInfo {
  return {
    platform: 'acme-platform',
    name,
    kind: 'terraform-module',
    path: `modules/${name}`,
    repository: 'https://github.com/acme/platform.git',
    tagPattern: `${name}/v{version}`,
    versions,
    latest: versions[0],
    deprecations: [],
    ...overrides,
  };
}
