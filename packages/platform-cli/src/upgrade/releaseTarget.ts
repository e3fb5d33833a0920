import {
  latestVersion,
  normalizeVersion,
  parseTagVersion,
  PlatformModule,
  sortVersions,
} from '@platform-portal/plugin-platform-common';
import { PlatformSnapshot } from '@platform-portal/plugin-platform-node';
import type { PinTarget } from '@platform-portal/plugin-platform-engine';

/** A module of the platform and the release its references move to. */
export interface ReleaseTarget {
  module: PlatformModule;
  target: PinTarget;
  /** Every release of the module, oldest first. */
  versions: string[];
}

/**
 * The module named `moduleName` and its release `to` (`latest`: the newest that is not a
 * prerelease). Throws, naming what exists, when there is no such module or release.
 */
export function findReleaseTarget(
  snapshot: PlatformSnapshot,
  moduleName: string,
  to: string,
): ReleaseTarget {
  const { manifest } = snapshot;
  const module = manifest.modules.find(m => m.name === moduleName);
  if (!module) {
    throw new Error(
      `${
        manifest.name
      } has no module "${moduleName}"; its modules are ${manifest.modules
        .map(m => m.name)
        .join(', ')}`,
    );
  }
  const tags = new Map<string, { tag: string; commit: string }>();
  for (const tag of snapshot.tags) {
    const version = parseTagVersion(tag.name, module.tagPattern);
    if (version !== null && !tags.has(version)) {
      tags.set(version, { tag: tag.name, commit: tag.commit });
    }
  }
  const versions = sortVersions(tags.keys());
  if (versions.length === 0) {
    throw new Error(
      `${module.name} has no releases: no tag of the platform matches ${module.tagPattern}`,
    );
  }
  const version =
    to === 'latest' ? latestVersion(versions) : normalizeVersion(to);
  const release = version === undefined ? undefined : tags.get(version);
  if (!version || !release) {
    throw new Error(
      to === 'latest'
        ? `${module.name} has only prereleases (${versions.join(
            ', ',
          )}); name one with --to`
        : `"${to}" is not a release of ${
            module.name
          }; its releases are ${versions.join(', ')}`,
    );
  }
  return {
    module,
    target: { version, tag: release.tag, commit: release.commit },
    versions,
  };
}
