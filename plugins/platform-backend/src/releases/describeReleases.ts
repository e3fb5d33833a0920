import {
  PlatformApiSchemas,
  PlatformModule,
  ReleaseChannelReading,
  deprecationApplies,
  parseTagVersion,
} from '@platform-portal/plugin-platform-common';
import { PlatformTag } from '@platform-portal/plugin-platform-node';
import semver from 'semver';
import { channelAvailability } from '@platform-portal/plugin-platform-engine';

type ModuleReleases = PlatformApiSchemas['ModuleReleases'];
type ModuleRelease = ModuleReleases['releases'][number];
type MajorSupport = ModuleReleases['majors'][number];

/** The last date JavaScript knows: a deprecation dated at all has begun by then. */
const LAST_DATE = new Date(8.64e15);

/** The newest first, whatever order the host listed the tags in. */
function newestFirst(a: ModuleRelease, b: ModuleRelease): number {
  return semver.rcompare(a.version, b.version);
}

/** The earlier of two dates, either of which may be unknown. */
function earliest(a?: string, b?: string): string | undefined {
  if (!a || !b) {
    return a ?? b;
  }
  return Date.parse(a) <= Date.parse(b) ? a : b;
}

/**
 * A module's releases, newest first, each with its date and notes, and the support of each of
 * its majors:
 * - notes are the annotated tag's message, else the release's section of the module's
 *   CHANGELOG.md: the message is written for this release when it is made and never changes,
 *   where a changelog is one file for every release;
 * - with `support.majors: N`, a major stops being supported when the N-th newer major is
 *   first released (prereleases do not count), at that release's date;
 * - a major still supported that a deprecation covers in full says since when it is deprecated.
 */
export function describeReleases(options: {
  platform: string;
  module: PlatformModule;
  tags: PlatformTag[];
  /** Sections of the module's CHANGELOG.md by version; empty when it has none. */
  changelog: ReadonlyMap<string, string>;
  /** Where a file of the platform repository at a commit is shown, when it can be. */
  fileUrl: (commit: string, path: string) => string | undefined;
  /** The module's channels as last read; absent when it names none. */
  channels?: readonly ReleaseChannelReading[];
}): ModuleReleases {
  const { module, changelog } = options;
  const byVersion = new Map<string, ModuleRelease>();
  for (const tag of options.tags) {
    const version = parseTagVersion(tag.name, module.tagPattern);
    if (!version || byVersion.has(version)) {
      continue;
    }
    const notes = tag.message ?? changelog.get(version);
    byVersion.set(version, {
      version,
      tag: tag.name,
      commit: tag.commit,
      prerelease: semver.prerelease(version) !== null,
      ...(tag.date && { date: tag.date }),
      ...(notes && {
        notes,
        notesSource: tag.message ? 'tag' : 'changelog',
      }),
    });
  }
  const releases = [...byVersion.values()].sort(newestFirst);

  // Majors newest first, with their releases (newest first) and first release date.
  const majors = new Map<
    number,
    { releases: ModuleRelease[]; firstReleased?: string; released: boolean }
  >();
  for (const release of releases) {
    const major = semver.major(release.version);
    const entry = majors.get(major) ?? { releases: [], released: false };
    entry.releases.push(release);
    if (!release.prerelease) {
      entry.released = true;
      entry.firstReleased = earliest(entry.firstReleased, release.date);
    }
    majors.set(major, entry);
  }
  const released = [...majors.keys()]
    .filter(major => majors.get(major)!.released)
    .sort((a, b) => b - a);
  const window = module.supportedMajors;

  const support = [...majors.keys()]
    .sort((a, b) => b - a)
    .map((major): MajorSupport => {
      const entry = majors.get(major)!;
      const notes = module.upgrading?.find(n => n.major === major);
      const newestRelease = entry.releases.find(r => !r.prerelease);
      const upgradeNotes = notes && {
        path: notes.path,
        ...(newestRelease && {
          url: options.fileUrl(newestRelease.commit, notes.path),
        }),
      };
      const base = {
        major,
        ...(entry.firstReleased && { firstReleased: entry.firstReleased }),
        ...(upgradeNotes && {
          upgradeNotes: upgradeNotes.url
            ? upgradeNotes
            : { path: upgradeNotes.path },
        }),
      };
      if (!entry.released) {
        return { ...base, status: 'prerelease' };
      }
      const rank = released.indexOf(major);
      if (window !== undefined && rank >= Math.max(window, 0)) {
        // The N-th newer major ended it, at its first (non-prerelease) release.
        const ender = released[rank - Math.max(window, 0)];
        const enderEntry = ender === undefined ? undefined : majors.get(ender);
        const enderRelease = enderEntry?.releases
          .filter(r => !r.prerelease)
          .sort((a, b) => semver.compare(a.version, b.version))[0];
        return {
          ...base,
          status: 'unsupported',
          ...(enderRelease && { endedBy: enderRelease.version }),
          ...(enderEntry?.firstReleased && {
            endOfSupport: enderEntry.firstReleased,
          }),
        };
      }
      // A deprecation speaks for the major when it covers every release of it, from its
      // `since` date on, which may still be ahead.
      const deprecation = module.deprecations.find(d =>
        entry.releases.every(r => deprecationApplies(d, r.version, LAST_DATE)),
      );
      if (deprecation) {
        return {
          ...base,
          status: 'deprecated',
          deprecation: deprecation.message,
          ...(deprecation.since && {
            deprecatedSince: deprecation.since,
          }),
        };
      }
      return { ...base, status: 'supported' };
    });

  const available =
    options.channels && channelAvailability(releases, options.channels);
  return {
    module: module.name,
    platform: options.platform,
    ...(window !== undefined && { supportedMajors: window }),
    releases: available?.releases ?? releases,
    majors: support,
    ...(available && { channels: available.channels }),
  };
}
