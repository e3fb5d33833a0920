import { LRUCache } from 'lru-cache';
import { SemVer, compare, parse } from 'semver';

const VERSION_PLACEHOLDER = '{version}';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Resolution parses the same few hundred tag versions for every reference of a scan; parsing
// dominated a 30,000-reference scan before this cache. 10,000 holds every tag of a platform with
// a few hundred modules; `false` is a text that is no version.
const parsed = new LRUCache<string, SemVer | false>({ max: 10_000 });

function parseVersion(text: string): SemVer | null {
  const cached = parsed.get(text);
  if (cached !== undefined) {
    return cached || null;
  }
  // semver's parser trims whitespace and tolerates a leading `=`; a tag or ref that has them is not a release.
  const version =
    !/^v?\d/.test(text) || text.trim() !== text ? null : parse(text);
  parsed.set(text, version ?? false);
  return version;
}

/**
 * A full semver version (`1.2.3`, `v1.2.3-rc.1`) without `v` and build metadata, or undefined
 * when the text is not one; partial versions (`1.2`) are rejected.
 *
 * @public
 */
export function normalizeVersion(text: string): string | undefined {
  return parseVersion(text)?.version;
}

/**
 * Whether a tag pattern contains `{version}` exactly once.
 *
 * @public
 */
export function isValidTagPattern(tagPattern: string): boolean {
  return tagPattern.split(VERSION_PLACEHOLDER).length === 2;
}

// A platform has one tag pattern per module, so 1,000 holds every pattern of any real platform.
const tagPatterns = new LRUCache<string, RegExp>({ max: 1_000 });

function tagPatternRegExp(tagPattern: string): RegExp | null {
  // Looked up first: this runs per tag of every reference resolved.
  let regExp = tagPatterns.get(tagPattern);
  if (!regExp) {
    if (!isValidTagPattern(tagPattern)) {
      return null;
    }
    const [prefix, suffix] = tagPattern.split(VERSION_PLACEHOLDER);
    // The `v` in front of the version is optional in tags whatever the pattern says,
    // because teams rarely tag consistently: `vpc/v1.2.0` and `vpc/1.2.0` are one release.
    const bare = prefix.endsWith('v') ? prefix.slice(0, -1) : prefix;
    regExp = new RegExp(
      `^${escapeRegExp(bare)}v?(\\d.*)${escapeRegExp(suffix)}$`,
    );
    tagPatterns.set(tagPattern, regExp);
  }
  return regExp;
}

/**
 * The version a tag names under a tag pattern (`vpc/v{version}`), or null when the tag is not a release of it.
 *
 * @remarks
 * The `v` before the version is optional in the tag (`vpc/1.2.0` matches `vpc/v{version}`, and
 * `v1.2.0` matches `{version}`). Versions must be full `MAJOR.MINOR.PATCH` semver, with an optional
 * prerelease; partial versions such as `v1.2` or `v3` are not coerced, because such tags are
 * usually moving aliases of the newest `1.2.x` or `3.x` release rather than releases themselves.
 * Build metadata is dropped from the returned version.
 *
 * @public
 */
export function parseTagVersion(
  tag: string,
  tagPattern: string,
): string | null {
  const match = tagPatternRegExp(tagPattern)?.exec(tag);
  if (!match) {
    return null;
  }
  return parseVersion(match[1])?.version ?? null;
}

/**
 * The tag name of a version under a tag pattern: `formatTag('vpc/v{version}', '1.2.0')` is `vpc/v1.2.0`.
 *
 * @public
 */
export function formatTag(tagPattern: string, version: string): string {
  return tagPattern.replace(VERSION_PLACEHOLDER, version);
}

/**
 * Valid versions in ascending semver order, without duplicates and normalised (no `v`, no build metadata).
 *
 * @public
 */
export function sortVersions(versions: Iterable<string>): string[] {
  const unique = new Map<string, SemVer>();
  for (const text of versions) {
    const version = parseVersion(text);
    if (version) {
      unique.set(version.version, version);
    }
  }
  return [...unique.values()].sort(compare).map(v => v.version);
}

/**
 * The highest non-prerelease version, or undefined when there is none.
 *
 * @public
 */
export function latestVersion(versions: Iterable<string>): string | undefined {
  const releases = sortVersions(versions).filter(isRelease);
  return releases[releases.length - 1];
}

function isRelease(version: string): boolean {
  return parseVersion(version)?.prerelease.length === 0;
}

/**
 * How many non-prerelease versions of `all` are newer than `pinned` and not newer than `latest`.
 *
 * @public
 */
export function releasesBetween(
  pinned: string,
  latest: string,
  all: Iterable<string>,
): number {
  const from = parseVersion(pinned);
  const to = parseVersion(latest);
  if (!from || !to) {
    return 0;
  }
  return sortVersions(all).filter(text => {
    const version = parseVersion(text)!;
    return (
      version.prerelease.length === 0 &&
      compare(version, from) > 0 &&
      compare(version, to) <= 0
    );
  }).length;
}
