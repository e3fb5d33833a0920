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
 *   a configured local root).
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
  problem?: { code: ChannelProblemCode; message: string };
}

/**
 * The skew verdict of one channel, or of a whole service (its worst channel).
 *
 * - `in-sync`: the channel's latest version is the service's newest release.
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
