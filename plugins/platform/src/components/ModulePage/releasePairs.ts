import { PlatformModuleInfo } from '@platform-portal/plugin-platform-common';

function major(version: string): number {
  return Number.parseInt(version.replace(/^v/, ''), 10);
}

function isPrerelease(version: string): boolean {
  return version.includes('-');
}

/**
 * The release whose interface shows first: the latest, or the newest of any kind when the
 * module has only prereleases.
 */
export function defaultRelease(
  module: Pick<PlatformModuleInfo, 'latest' | 'versions'>,
): string | undefined {
  return module.latest ?? module.versions[0];
}

/**
 * The comparison a module page opens with: from the newest release of the previous major to
 * the latest release, which is what an upgrade across a major asks of its callers; with one
 * major only, from the release before the latest. Undefined when there is nothing to compare.
 */
export function defaultComparison(
  module: Pick<PlatformModuleInfo, 'latest' | 'versions'>,
): { from: string; to: string } | undefined {
  const to = defaultRelease(module);
  if (!to) {
    return undefined;
  }
  // Versions are newest first, so the first older stable one of a lower major is its newest.
  const older = module.versions.filter(v => v !== to);
  const stable = older.filter(v => !isPrerelease(v));
  const from =
    stable.find(v => major(v) < major(to)) ??
    stable.find(
      v => module.versions.indexOf(v) > module.versions.indexOf(to),
    ) ??
    older[0];
  return from ? { from, to } : undefined;
}
