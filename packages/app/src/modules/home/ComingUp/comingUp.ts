// eslint-disable-next-line @backstage/no-undeclared-imports -- comes with @platform-portal/plugin-platform; the app's package.json is to list it
import { deprecationApplies } from '@platform-portal/plugin-platform-common';
import type {
  PlatformDeprecation,
  PlatformModuleInfo,
} from '@platform-portal/plugin-platform-common';
import type { TeamDriftRow } from '../shared/useTeamDrift';

/** A service's pin that a deprecation or the end of a major's support reaches. */
export interface AffectedPin {
  entityRef: string;
  environment?: string;
  version: string;
}

/** When an item applies to the pins it lists. */
export type ComingUpWhen =
  /** Already: the pins are deprecated or unsupported today. */
  | { state: 'now'; since?: string }
  /** On a date announced in the platform manifest. */
  | { state: 'on'; date: string }
  /** When the module's next major is released, which drops the oldest supported major. */
  | { state: 'next-major' };

/** A deprecation or an end of support that reaches pins of the user's teams. */
export interface ComingUpItem {
  id: string;
  module: string;
  when: ComingUpWhen;
  /** What happens, to be read after the module's name. */
  headline: string;
  message: string;
  pins: AffectedPin[];
}

function majorOf(version: string): number {
  return Number(version.split('.')[0]);
}

function pinsOf(rows: TeamDriftRow[]): AffectedPin[] {
  const seen = new Set<string>();
  const pins: AffectedPin[] = [];
  for (const row of rows) {
    const key = `${row.entityRef}\u0000${row.environment ?? ''}\u0000${
      row.version
    }`;
    if (row.version && !seen.has(key)) {
      seen.add(key);
      pins.push({
        entityRef: row.entityRef,
        environment: row.environment,
        version: row.version,
      });
    }
  }
  return pins.sort(
    (a, b) =>
      a.entityRef.localeCompare(b.entityRef) ||
      (a.environment ?? '').localeCompare(b.environment ?? ''),
  );
}

function sinceTime(deprecation: PlatformDeprecation): number | undefined {
  const time = deprecation.since ? Date.parse(deprecation.since) : NaN;
  return Number.isNaN(time) ? undefined : time;
}

function deprecationHeadline(
  range: string,
  deprecation: PlatformDeprecation,
  upcoming: boolean,
): string {
  if (!deprecation.since) return `${range} deprecated`;
  return `${range} deprecated ${upcoming ? 'from' : 'since'} ${
    deprecation.since
  }`;
}

function deprecationItems(
  module: PlatformModuleInfo,
  rows: TeamDriftRow[],
  now: Date,
): ComingUpItem[] {
  return module.deprecations.flatMap((deprecation, index) => {
    const range = deprecation.versions ?? 'all versions';
    const since = sinceTime(deprecation);
    const upcoming = since !== undefined && since > now.getTime();
    const at = upcoming ? new Date(since) : now;
    const reached = rows.filter(row =>
      deprecationApplies(deprecation, row.version!, at),
    );
    if (reached.length === 0) return [];
    return [
      {
        id: `${module.platform}/${module.name}/deprecation/${index}`,
        module: module.name,
        when: upcoming
          ? { state: 'on', date: deprecation.since! }
          : { state: 'now', since: deprecation.since },
        headline: deprecationHeadline(range, deprecation, upcoming),
        message: deprecation.message,
        pins: pinsOf(reached),
      },
    ];
  });
}

function supportItems(
  module: PlatformModuleInfo,
  rows: TeamDriftRow[],
  now: Date,
): ComingUpItem[] {
  const supported = module.supportedMajors;
  if (supported === undefined || supported < 1) return [];
  const majors = [
    ...new Set(
      module.versions.filter(v => !v.includes('-')).map(v => majorOf(v)),
    ),
  ].sort((a, b) => b - a);
  const kept = majors.slice(0, supported);
  const window = `${module.name} supports the newest ${
    supported === 1 ? 'major' : `${supported} majors`
  }: ${kept.map(m => `${m}.x`).join(', ')}.`;
  const items: ComingUpItem[] = [];

  const unsupported = rows.filter(row => row.verdict === 'unsupported');
  if (unsupported.length > 0) {
    const old = [...new Set(unsupported.map(row => majorOf(row.version!)))]
      .sort((a, b) => a - b)
      .map(m => `${m}.x`);
    items.push({
      id: `${module.platform}/${module.name}/unsupported`,
      module: module.name,
      when: { state: 'now' },
      headline: `${old.join(', ')} no longer supported`,
      message: window,
      pins: pinsOf(unsupported),
    });
  }

  // With every support slot taken, the next major pushes the oldest supported one out.
  if (kept.length === supported) {
    const oldest = kept[kept.length - 1];
    const reached = rows.filter(
      row =>
        row.verdict !== 'unsupported' &&
        majorOf(row.version!) === oldest &&
        !module.deprecations.some(d =>
          deprecationApplies(d, row.version!, now),
        ),
    );
    if (reached.length > 0) {
      items.push({
        id: `${module.platform}/${module.name}/end-of-support`,
        module: module.name,
        when: { state: 'next-major' },
        headline: `${oldest}.x loses support with the next major release`,
        message: window,
        pins: pinsOf(reached),
      });
    }
  }
  return items;
}

function order(item: ComingUpItem): [number, string] {
  switch (item.when.state) {
    case 'now':
      return [0, item.when.since ?? ''];
    case 'on':
      return [1, item.when.date];
    default:
      return [2, item.module];
  }
}

/**
 * What reaches the pins of the user's teams: deprecations in force and announced for a date,
 * majors out of support, and majors that the next release takes out of support. What needs
 * action today comes first, then by date.
 */
export function comingUp(
  modules: PlatformModuleInfo[],
  rows: TeamDriftRow[],
  now: Date = new Date(),
): ComingUpItem[] {
  const items = modules.flatMap(module => {
    const pinned = rows.filter(
      row =>
        row.module === module.name &&
        (!row.platform || row.platform === module.platform) &&
        row.version !== undefined,
    );
    if (pinned.length === 0) return [];
    return [
      ...deprecationItems(module, pinned, now),
      ...supportItems(module, pinned, now),
    ];
  });
  return items.sort((a, b) => {
    const [ra, ka] = order(a);
    const [rb, kb] = order(b);
    return ra - rb || ka.localeCompare(kb) || a.module.localeCompare(b.module);
  });
}
