import {
  PlatformModule,
  Reference,
} from '@platform-portal/plugin-platform-common';

/** A path without empty or `.` segments and without leading or trailing slashes. */
export function trimSlashes(path: string): string {
  return path
    .split('/')
    .filter(segment => segment !== '' && segment !== '.')
    .join('/');
}

/**
 * The module a directory of the platform repository belongs to: the module at that path, else
 * the module whose directory holds it (`modules/eks/modules/node-group` is part of `modules/eks`,
 * any directory part of a module at the repository root), the innermost when modules nest. A
 * workflow module is one file and holds nothing.
 */
export function moduleAt(
  modules: PlatformModule[],
  subdirectory: string,
): PlatformModule | undefined {
  const exact = modules.find(m => m.path === subdirectory);
  if (exact) {
    return exact;
  }
  let found: PlatformModule | undefined;
  for (const candidate of modules) {
    const holds =
      candidate.kind !== 'github-workflow' &&
      (candidate.path === '' || subdirectory.startsWith(`${candidate.path}/`));
    if (holds && (!found || candidate.path.length > found.path.length)) {
      found = candidate;
    }
  }
  return found;
}

/**
 * The directory inside a module that a reference resolved to it installs: empty for the module
 * itself, `modules/node-group` for a submodule (a git source `//modules/eks/modules/node-group` of
 * the module at `modules/eks`, a registry source `acme/eks/aws//modules/node-group`). A
 * submodule has an interface of its own, so its call is not the module's.
 *
 * @public
 */
export function partOfModule(
  reference: Pick<Reference, 'target' | 'name'>,
  module: Pick<PlatformModule, 'path'>,
): string {
  const { target } = reference;
  if (target?.type === 'git') {
    const subdirectory = trimSlashes(target.subdirectory);
    return module.path === ''
      ? subdirectory
      : trimSlashes(subdirectory.slice(module.path.length));
  }
  if (target?.type === 'terraform-registry') {
    // The registry address has no subdirectory of its own; the name keeps the one written.
    const separator = reference.name.indexOf('//');
    return separator < 0
      ? ''
      : trimSlashes(reference.name.slice(separator + 2));
  }
  return '';
}
