import { KubernetesValidatorFunctions } from '@backstage/catalog-model';
import { PlatformModuleInfo } from '@platform-portal/plugin-platform-common';

/** For tests: whether the catalog accepts `name` as `metadata.name`. */
export function isValidEntityName(name: string): boolean {
  return KubernetesValidatorFunctions.isValidObjectName(name);
}

/** For tests: a platform module as `GET /modules` lists it. */
export function platformModule(
  overrides: Partial<PlatformModuleInfo> & { name: string },
): PlatformModuleInfo {
  return {
    platform: 'acme-platform',
    kind: 'terraform-module',
    path: `modules/${overrides.name}`,
    repository: 'https://github.com/acme/platform.git',
    tagPattern: `${overrides.name}/v{version}`,
    latest: '1.0.0',
    versions: ['1.0.0'],
    deprecations: [],
    ...overrides,
  };
}
