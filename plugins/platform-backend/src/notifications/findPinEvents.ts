import {
  DriftRow,
  PlatformDeprecation,
  PlatformModuleInfo,
  deprecationApplies,
  sortVersions,
} from '@platform-portal/plugin-platform-common';
import { major } from 'semver';

/**
 * What happened to a pinned version that its owner should hear about.
 *
 * @internal
 */
export type PinEventKind = 'deprecated' | 'unsupported' | 'new-major';

/** What a deprecation covers when it names no range. */
export const ALL_VERSIONS = 'all versions';

/**
 * One thing an owner is told once: a deprecation that covers versions their services pin, a
 * major of theirs that left the support window, or a new major of a module they use.
 *
 * @internal
 */
export interface PinEvent {
  owner: string;
  kind: PinEventKind;
  platform: string;
  module: string;
  /**
   * What makes the event one: the deprecation's range (`< 2.0.0`, or {@link ALL_VERSIONS}), the
   * major that is no longer supported (`1`), or the new major (`3`).
   */
  subject: string;
  /** The owner's services that the event is about, with the versions each pins, in order. */
  pins: Array<{ entityRef: string; versions: string[] }>;
  /** The module's latest release. */
  latest?: string;
  /** For `deprecated`: the deprecation itself. */
  deprecation?: PlatformDeprecation;
  /** For `unsupported`: the majors still supported, newest first. */
  supportedMajors?: number[];
}

/** The part of a drift row the events are found from. */
export type PinnedRow = Pick<
  DriftRow,
  'entityRef' | 'owner' | 'platform' | 'module' | 'version'
>;

/** The majors with releases, newest first, of which the newest `supportedMajors` are supported. */
function supportedMajorsOf(module: PlatformModuleInfo): number[] | undefined {
  if (module.supportedMajors === undefined) {
    return undefined;
  }
  const majors = [...new Set(module.versions.map(v => major(v)))].sort(
    (a, b) => b - a,
  );
  return majors.slice(0, Math.max(module.supportedMajors, 0));
}

/**
 * The events that hold now, one per owner and (kind, platform, module, subject), from what the
 * last scans found pinned: the same rules the drift verdicts follow (a deprecation applies once
 * its date has come; the support window counts the majors that have releases), except that a
 * pin gets every event that holds of it rather than only the most severe verdict, so that a
 * deprecated release that also left the support window is told as both.
 *
 * Rows without an owner, a module or a version that is a release of the module (a branch, an
 * unknown tag) give no event: there is nobody to tell, or nothing certain to tell them.
 *
 * @internal
 */
export function findPinEvents(
  rows: Iterable<PinnedRow>,
  modules: PlatformModuleInfo[],
  now: Date = new Date(),
): PinEvent[] {
  const moduleIndex = new Map(
    modules.map(module => [
      `${module.platform}\0${module.name}`,
      {
        module,
        releases: new Set(module.versions),
        supported: supportedMajorsOf(module),
        latestMajor: module.latest ? major(module.latest) : undefined,
      },
    ]),
  );
  const events = new Map<
    string,
    Omit<PinEvent, 'pins'> & { pins: Map<string, Set<string>> }
  >();
  const add = (
    row: PinnedRow & { owner: string; platform: string; module: string },
    version: string,
    event: Omit<PinEvent, 'pins' | 'owner' | 'platform' | 'module'>,
  ) => {
    const key = [
      row.owner,
      event.kind,
      row.platform,
      row.module,
      event.subject,
    ].join('\0');
    let found = events.get(key);
    if (!found) {
      found = {
        owner: row.owner,
        platform: row.platform,
        module: row.module,
        ...event,
        pins: new Map(),
      };
      events.set(key, found);
    }
    let versions = found.pins.get(row.entityRef);
    if (!versions) {
      versions = new Set();
      found.pins.set(row.entityRef, versions);
    }
    versions.add(version);
  };

  for (const row of rows) {
    const { owner, platform, module: name, version } = row;
    if (!owner || !platform || !name || !version) {
      continue;
    }
    const known = moduleIndex.get(`${platform}\0${name}`);
    if (!known || !known.releases.has(version)) {
      continue;
    }
    const { module, supported, latestMajor } = known;
    const pinned = { ...row, owner, platform, module: name };
    const latest = module.latest;
    for (const deprecation of module.deprecations) {
      if (deprecationApplies(deprecation, version, now)) {
        add(pinned, version, {
          kind: 'deprecated',
          subject: deprecation.versions ?? ALL_VERSIONS,
          deprecation,
          latest,
        });
      }
    }
    const pinnedMajor = major(version);
    if (supported && !supported.includes(pinnedMajor)) {
      add(pinned, version, {
        kind: 'unsupported',
        subject: String(pinnedMajor),
        supportedMajors: supported,
        latest,
      });
    }
    if (latestMajor !== undefined && latestMajor > pinnedMajor) {
      add(pinned, version, {
        kind: 'new-major',
        subject: String(latestMajor),
        latest,
      });
    }
  }

  return [...events.values()].map(event => ({
    ...event,
    pins: [...event.pins.entries()]
      .sort(([a], [b]) => a.localeCompare(b, 'en'))
      .map(([entityRef, versions]) => ({
        entityRef,
        versions: sortVersions([...versions]),
      })),
  }));
}
