import type {
  PlatformModuleInfo,
  PlatformModuleKind,
} from '@platform-portal/plugin-platform-common';

/** What a module's latest release changed against the release before it. */
export type ReleaseChange = 'major' | 'minor' | 'patch' | 'first';

/** A module's latest release. */
export interface ModuleRelease {
  module: string;
  platform: string;
  kind: PlatformModuleKind;
  latest: string;
  /** The stable release before it; absent for a module's first release. */
  previous?: string;
  change: ReleaseChange;
}

export const moduleKindLabels: Record<PlatformModuleKind, string> = {
  'terraform-module': 'Terraform module',
  'crossplane-composition': 'Crossplane composition',
  'github-workflow': 'Reusable workflow',
  'helm-chart': 'Helm chart',
  policy: 'Policy',
};

function changeBetween(from: string, to: string): ReleaseChange {
  const [fromMajor, fromMinor] = from.split('.').map(Number);
  const [toMajor, toMinor] = to.split('.').map(Number);
  if (toMajor !== fromMajor) return 'major';
  if (toMinor !== fromMinor) return 'minor';
  return 'patch';
}

const changeRank: Record<ReleaseChange, number> = {
  major: 0,
  minor: 1,
  patch: 2,
  first: 3,
};

/**
 * Each module's latest release and what it changed; majors first, since they ask the most of
 * the teams that use the module, then by module name. Modules without a release are left out.
 */
export function newestReleases(modules: PlatformModuleInfo[]): ModuleRelease[] {
  const releases = modules.flatMap(module => {
    const { latest } = module;
    if (!latest) return [];
    // `versions` is newest first; prereleases are no release a team upgrades from.
    const stable = module.versions.filter(v => !v.includes('-'));
    const previous = stable[stable.indexOf(latest) + 1];
    return [
      {
        module: module.name,
        platform: module.platform,
        kind: module.kind,
        latest,
        previous,
        change: previous ? changeBetween(previous, latest) : 'first',
      } satisfies ModuleRelease,
    ];
  });
  return releases.sort(
    (a, b) =>
      changeRank[a.change] - changeRank[b.change] ||
      a.module.localeCompare(b.module),
  );
}
