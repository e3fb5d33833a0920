import { compare, parse, SemVer } from 'semver';

/**
 * Where a service's own infrastructure is released. Each kind is declared on the service's catalog
 * entity by one annotation (see {@link RELEASE_CHANNEL_ANNOTATIONS}).
 *
 * @public
 */
export type ReleaseChannelKind =
  | 'github-releases'
  | 'git-tags'
  | 'oci'
  | 'helm'
  | 'terraform-registry'
  | 'pypi'
  | 'npm';

/**
 * The annotation that declares each kind of channel, and what its value names.
 *
 * - `github-releases`: `owner/repo`, or `https://<github host>/owner/repo` for GitHub Enterprise.
 * - `git-tags`: a git remote URL (`https://…`, `ssh://…`, `git@host:org/repo.git`, or `file://` under
 *   a configured local root), optionally `#<tag pattern>` (`#vpc/v{version}`) when the repository
 *   tags more than one thing; plain `v1.2.3` / `1.2.3` tags otherwise.
 * - `oci`: `registry/repository` of an image (`ghcr.io/acme/payments-api`).
 * - `helm`: `https://<chart repository>#<chart>` (reads `index.yaml`), or `oci://registry/repo/chart`.
 * - `terraform-registry`: `host/namespace/name/provider` (`registry.terraform.io/acme/vpc/aws`).
 * - `pypi`: a project name, or `https://<index host>/#<project>` for a private index.
 * - `npm`: a package name (`@acme/payments-api`), or `https://<registry host>/#<package>`.
 *
 * @public
 */
export const RELEASE_CHANNEL_ANNOTATIONS: Readonly<
  Record<ReleaseChannelKind, string>
> = {
  'github-releases': 'platform-portal.io/release-github-releases',
  'git-tags': 'platform-portal.io/release-git-tags',
  oci: 'platform-portal.io/release-oci',
  helm: 'platform-portal.io/release-helm',
  'terraform-registry': 'platform-portal.io/release-terraform-registry',
  pypi: 'platform-portal.io/release-pypi',
  npm: 'platform-portal.io/release-npm',
};

/**
 * One channel declared on an entity, as written.
 *
 * @public
 */
export interface ReleaseChannelDeclaration {
  kind: ReleaseChannelKind;
  /** The annotation value as written on the entity. */
  target: string;
}

/**
 * One published release of a channel.
 *
 * @public
 */
export interface ChannelRelease {
  /** Normalized semver (no `v`). */
  version: string;
  /** The version as the channel names it (a tag such as `v0.4.0`). */
  versionAsPublished: string;
  /** ISO 8601, when the channel says when it was published. */
  publishedAt?: string;
  /** A page a person can open for this release. */
  url?: string;
  /**
   * The channel marks this release as a prerelease although its version has no prerelease part
   * (a GitHub release with "pre-release" ticked); it is then never a channel's latest.
   */
  prerelease?: boolean;
}

/**
 * Why a channel could not be read.
 *
 * @public
 */
export type ChannelProblemCode =
  | 'refused' // the host is not in the allow-list, or the target is malformed
  | 'not-found'
  | 'unauthorized'
  | 'rate-limited'
  | 'unreachable';

/**
 * What reading one channel gave.
 *
 * @public
 */
export interface ReleaseChannelReading {
  kind: ReleaseChannelKind;
  target: string;
  /** The highest non-prerelease release, when there is one. */
  latest?: ChannelRelease;
  /** How many releases the channel has (all semver versions it lists). */
  releaseCount: number;
  /** ISO 8601. */
  checkedAt: string;
  /**
   * Every release version the channel lists, normalized and ascending; lets the skew verdict count
   * how many releases a lagging channel misses. Absent when not known.
   */
  versions?: string[];
  problem?: {
    code: ChannelProblemCode;
    message: string;
    /** ISO 8601; for `rate-limited`, when the host said it may be asked again. */
    retryAfter?: string;
  };
}

/**
 * The skew verdict of one channel, or of a whole service (its worst channel).
 *
 * - `in-sync`: the channel's latest version is the service's newest release; or, for a service
 *   that has released nothing on any channel yet, the channel exists but has no release (see
 *   {@link isChannelNotYetPublished}): nothing can be skewed before a first release.
 * - `lagging`: the channel is behind the newest release seen on another channel.
 * - `missing-publish`: the channel can be read but has no release at all.
 * - `unreachable`: the channel could not be read (see its problem).
 *
 * @public
 */
export type ChannelSkewVerdict =
  | 'in-sync'
  | 'lagging'
  | 'missing-publish'
  | 'unreachable';

/**
 * One channel of a service with its verdict.
 *
 * @public
 */
export interface ReleaseChannelStatus extends ReleaseChannelReading {
  verdict: ChannelSkewVerdict;
  /** For `lagging`: how far behind the newest release (e.g. `1 minor behind 0.4.0`). */
  explanation: string;
  /** For `lagging`: how many releases of the leading channel are missing here, when known. */
  behindBy?: number;
}

/**
 * A service's channels and its overall skew.
 *
 * @public
 */
export interface ServiceReleaseChannels {
  entityRef: string;
  /** The newest version published on any channel. */
  newestVersion?: string;
  /** The worst channel verdict; `in-sync` when there are no channels. */
  verdict: ChannelSkewVerdict;
  channels: ReleaseChannelStatus[];
  /** ISO 8601, when the channels were last read. */
  checkedAt?: string;
}

/**
 * The channels an entity declares through its annotations, in the order of
 * {@link RELEASE_CHANNEL_ANNOTATIONS}; values are trimmed and empty ones ignored.
 *
 * @public
 */
export function readReleaseChannelDeclarations(
  annotations?: Record<string, string>,
): ReleaseChannelDeclaration[] {
  const declarations: ReleaseChannelDeclaration[] = [];
  if (!annotations) {
    return declarations;
  }
  for (const [kind, annotation] of Object.entries(
    RELEASE_CHANNEL_ANNOTATIONS,
  ) as Array<[ReleaseChannelKind, string]>) {
    const value = annotations[annotation];
    const target = typeof value === 'string' ? value.trim() : '';
    if (target) {
      declarations.push({ kind, target });
    }
  }
  return declarations;
}

// Worse verdicts rank higher. A missing publish is the skew that breaks a deployment for sure; an
// unreachable channel may well be in sync, so it ranks below a known lag.
const VERDICT_RANK: Record<ChannelSkewVerdict, number> = {
  'in-sync': 0,
  unreachable: 1,
  lagging: 2,
  'missing-publish': 3,
};

function releaseVersion(text: string | undefined): SemVer | undefined {
  const version = text ? parse(text) : null;
  return version && version.prerelease.length === 0 ? version : undefined;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `1 minor behind 0.4.0`: the largest part that differs, and by how much. */
function distance(from: SemVer, to: SemVer): string {
  if (to.major !== from.major) {
    return `${to.major - from.major} major behind ${to.version}`;
  }
  if (to.minor !== from.minor) {
    return `${to.minor - from.minor} minor behind ${to.version}`;
  }
  return `${to.patch - from.patch} patch behind ${to.version}`;
}

/**
 * The skew verdict of a service's channels: each channel against the newest release seen on any
 * readable channel, and the service as its worst channel (`missing-publish` \> `lagging` \>
 * `unreachable` \> `in-sync`; `in-sync` when it declares no channels).
 *
 * @public
 */
export function judgeReleaseChannels(
  entityRef: string,
  readings: ReleaseChannelReading[],
): ServiceReleaseChannels {
  let newest: SemVer | undefined;
  for (const reading of readings) {
    const latest = reading.problem
      ? undefined
      : releaseVersion(reading.latest?.version);
    if (latest && (!newest || compare(latest, newest) > 0)) {
      newest = latest;
    }
  }

  // The releases a lagging channel misses are counted on the channels that have the newest one.
  const leading = readings.filter(
    reading =>
      !reading.problem &&
      newest &&
      reading.versions &&
      releaseVersion(reading.latest?.version)?.compare(newest) === 0,
  );
  const leadingVersions = leading.length
    ? new Set(leading.flatMap(reading => reading.versions ?? []))
    : undefined;

  // Nothing released anywhere, at least one channel read (a channel that is only ever "not
  // found" may be misnamed), the others read or known not to exist yet: a new service.
  const notYetPublished =
    !newest &&
    readings.some(reading => !reading.problem) &&
    readings.every(
      reading => !reading.problem || reading.problem.code === 'not-found',
    );

  const channels = readings.map((reading): ReleaseChannelStatus => {
    if (reading.problem && !notYetPublished) {
      return {
        ...reading,
        verdict: 'unreachable',
        explanation: reading.problem.message,
      };
    }
    const latest = releaseVersion(reading.latest?.version);
    if (notYetPublished) {
      // A new project's chart or package is not found until its first release: no skew.
      const { problem, latest: _unreleased, ...rest } = reading;
      const prereleases =
        !problem && reading.releaseCount > 0
          ? `only prereleases published (${plural(
              reading.releaseCount,
              'release',
            )}); `
          : '';
      return {
        ...rest,
        verdict: 'in-sync',
        explanation: `${prereleases}not yet published: nothing released on any channel yet${
          problem ? ` (${problem.message})` : ''
        }`,
      };
    }
    if (!latest || !newest) {
      return {
        ...reading,
        verdict: 'missing-publish',
        explanation:
          reading.releaseCount > 0
            ? `only prereleases published (${plural(
                reading.releaseCount,
                'release',
              )}), no release`
            : 'nothing published on this channel',
      };
    }
    if (compare(latest, newest) >= 0) {
      return {
        ...reading,
        verdict: 'in-sync',
        explanation: `${latest.version} is the newest release`,
      };
    }
    const behindBy = leadingVersions
      ? [...leadingVersions].filter(text => {
          const version = releaseVersion(text);
          return (
            version &&
            compare(version, latest) > 0 &&
            compare(version, newest!) <= 0
          );
        }).length
      : undefined;
    return {
      ...reading,
      verdict: 'lagging',
      explanation: `${latest.version} is ${distance(latest, newest)}${
        behindBy ? ` (${plural(behindBy, 'release')} missing)` : ''
      }`,
      ...(behindBy ? { behindBy } : {}),
    };
  });

  const verdict = channels.reduce<ChannelSkewVerdict>(
    (worst, channel) =>
      VERDICT_RANK[channel.verdict] > VERDICT_RANK[worst]
        ? channel.verdict
        : worst,
    'in-sync',
  );
  const checkedAt = readings
    .map(reading => reading.checkedAt)
    .filter(Boolean)
    .sort()
    .pop();
  return {
    entityRef,
    ...(newest ? { newestVersion: newest.version } : {}),
    verdict,
    channels,
    ...(checkedAt ? { checkedAt } : {}),
  };
}

/**
 * Whether a channel exists but nothing has been released on it, nor on any other channel of its
 * service: a new service's channel, which reads "not yet published" rather than a skew verdict.
 *
 * @public
 */
export function isChannelNotYetPublished(
  channel: Pick<ReleaseChannelStatus, 'verdict' | 'latest'>,
): boolean {
  return (
    channel.verdict === 'in-sync' && !releaseVersion(channel.latest?.version)
  );
}

/**
 * Whether a service declares release channels but has released nothing on any of them yet.
 *
 * @public
 */
export function isServiceNotYetPublished(
  service: Pick<
    ServiceReleaseChannels,
    'verdict' | 'newestVersion' | 'channels'
  >,
): boolean {
  return (
    service.verdict === 'in-sync' &&
    !service.newestVersion &&
    service.channels.length > 0
  );
}
