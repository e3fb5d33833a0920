import { PlatformModuleInfo } from '@platform-portal/plugin-platform-common';

/**
 * A Terraform module of the acme platform, tagged `<name>/v<version>`, whose latest release is the
 * first of its versions (newest first, as the backend lists them).
 */
export function platformModule(
  module: Pick<PlatformModuleInfo, 'name' | 'versions'> &
    Partial<PlatformModuleInfo>,
): PlatformModuleInfo {
  const { name, versions } = module;
  return {
    platform: 'acme-platform',
    kind: 'terraform-module',
    path: `modules/${name}`,
    repository: 'https://github.com/acme/platform.git',
    tagPattern: `${name}/v{version}`,
    latest: versions[0],
    deprecations: [],
    ...module,
  };
}
