import type { ModuleRelease } from '@platform-portal/plugin-platform-common';

/**
 * An interface that could not be read: names the module, the tag and the file.
 *
 * @public
 */
export class InterfaceReadError extends Error {
  readonly module: string;
  readonly tag: string;
  readonly file: string;

  constructor(release: ModuleRelease, file: string, reason: string) {
    super(`${release.module}@${release.tag}: ${file}: ${reason}`);
    this.name = 'InterfaceReadError';
    this.module = release.module;
    this.tag = release.tag;
    this.file = file;
  }
}

/**
 * A file of a module at one release.
 *
 * @public
 */
export interface ModuleFile {
  path: string;
  content: string;
}
