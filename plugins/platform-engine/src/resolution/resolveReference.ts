import {
  DriftResult,
  GitRepository,
  PlatformModule,
  PlatformModuleChannel,
  Reference,
  ResolvedPin,
  computeDrift,
  environmentFromPath,
  latestVersion,
  normalizeGitRepository,
  normalizeVersion,
  parseTagVersion,
  sortVersions,
} from '@platform-portal/plugin-platform-common';
import {
  PlatformSnapshot,
  PlatformTag,
} from '@platform-portal/plugin-platform-node';
import { resolveCrossplane } from './resolveCrossplane';
import {
  ModuleChannel,
  inChannelWords,
  modulesByChannel,
  resolveChannelPin,
  resolveConstraint,
} from './channelPins';
import { channelKey } from './channelTargets';
import { moduleAt, trimSlashes } from './moduleParts';
import { channelOfferOf } from '../platform/addChannelOffers';

interface Release {
  version: string;
  tag: PlatformTag;
}

interface SnapshotIndex {
  repository?: GitRepository;
  tagsByName: Map<string, PlatformTag>;
  /** The module and channel each channel target belongs to, by `channelKey`. */
  channels: Map<string, ModuleChannel>;
  releases(module: PlatformModule): Release[];
}

const indexes = new WeakMap<PlatformSnapshot, SnapshotIndex>();

function indexOf(snapshot: PlatformSnapshot): SnapshotIndex {
  let index = indexes.get(snapshot);
  if (!index) {
    const releasesByModule = new Map<PlatformModule, Release[]>();
    index = {
      repository: normalizeGitRepository(snapshot.manifest.repository),
      tagsByName: new Map(snapshot.tags.map(tag => [tag.name, tag])),
      channels: modulesByChannel(snapshot.manifest),
      releases(module) {
        let releases = releasesByModule.get(module);
        if (!releases) {
          releases = snapshot.tags.flatMap(tag => {
            const version = parseTagVersion(tag.name, module.tagPattern);
            return version === null ? [] : [{ version, tag }];
          });
          releasesByModule.set(module, releases);
        }
        return releases;
      },
    };
    indexes.set(snapshot, index);
  }
  return index;
}

// GitHub, GitLab and Bitbucket treat repository paths case-insensitively, and a platform
// repository never shares its path with another that differs only in case.
function sameRepository(a: GitRepository, b: GitRepository): boolean {
  return (
    a.host === b.host &&
    a.repository.toLowerCase() === b.repository.toLowerCase()
  );
}

const SHA = /^[0-9a-f]{7,40}$/i;

/** The version among releases at one commit: the newest release, else the newest prerelease. */
function versionOf(releases: Release[]): Release | undefined {
  const versions = releases.map(r => r.version);
  const version =
    latestVersion(versions) ?? sortVersions(versions).slice(-1)[0];
  return releases.find(r => r.version === version);
}

function resolveSha(
  sha: string,
  commentVersion: string | undefined,
  releases: Release[],
  tags: Iterable<PlatformTag>,
): ResolvedPin {
  const prefix = sha.toLowerCase();
  // An abbreviated SHA that more than one tagged commit starts with is ambiguous, as in git.
  const commits = new Set<string>();
  for (const tag of tags) {
    const commit = tag.commit.toLowerCase();
    if (commit.startsWith(prefix)) {
      commits.add(commit);
    }
  }
  const release =
    SHA.test(sha) && commits.size <= 1
      ? versionOf(
          releases.filter(r => r.tag.commit.toLowerCase().startsWith(prefix)),
        )
      : undefined;
  if (!release) {
    return { type: 'unknown-sha', sha, commentVersion };
  }
  const commented = commentVersion && normalizeVersion(commentVersion);
  const disagreement =
    commentVersion && commented !== release.version
      ? `; its comment says ${commentVersion}`
      : '';
  return {
    type: 'version',
    version: release.version,
    via: `commit ${sha} (tag ${release.tag.name}${disagreement})`,
  };
}

function resolveRef(
  rawRef: string,
  commentVersion: string | undefined,
  module: PlatformModule,
  index: SnapshotIndex,
): ResolvedPin {
  if (rawRef.startsWith('refs/heads/')) {
    return { type: 'branch', branch: rawRef.slice('refs/heads/'.length) };
  }
  const ref = rawRef.replace(/^refs\/tags\//, '');
  const tag = index.tagsByName.get(ref);
  const version = parseTagVersion(ref, module.tagPattern);
  if (version !== null) {
    return tag
      ? { type: 'version', version }
      : {
          type: 'unknown-version',
          ref,
          reason: `tag ${ref} does not exist in the platform repository`,
        };
  }
  if (tag) {
    // A tag that is no release of this module: a moving alias such as `v3`, or another
    // module's tag. Whatever release of this module sits at the same commit is what it pins.
    const release = versionOf(
      index.releases(module).filter(r => r.tag.commit === tag.commit),
    );
    return release
      ? {
          type: 'version',
          version: release.version,
          via: `tag ${ref} (at ${release.tag.name})`,
        }
      : {
          type: 'unknown-version',
          ref,
          reason: `tag ${ref} is not at a release of ${module.name}`,
        };
  }
  if (SHA.test(ref)) {
    return resolveSha(
      ref,
      commentVersion,
      index.releases(module),
      index.tagsByName.values(),
    );
  }
  return { type: 'branch', branch: ref };
}

function resolvePin(
  reference: Reference,
  module: PlatformModule,
  index: SnapshotIndex,
): ResolvedPin {
  const { ref, commentVersion } = reference;
  if (reference.pin === 'none' || ref === undefined || ref === '') {
    return { type: 'no-ref' };
  }
  switch (reference.pin) {
    case 'sha':
      return resolveSha(
        ref,
        commentVersion,
        index.releases(module),
        index.tagsByName.values(),
      );
    case 'constraint':
      return resolveConstraint(
        reference,
        ref,
        module,
        index.releases(module).map(r => r.version),
      );
    default:
      return resolveRef(ref, commentVersion, module, index);
  }
}

/**
 * Resolves a reference against the platform: which module it pins, at which version, and its drift.
 *
 * @remarks
 * Git targets in the platform's own repository, Crossplane types and Compositions of the XRDs
 * `platform.yaml` links (see `resolveCrossplane`) and registry, Helm and OCI targets that match a
 * module's `channels` (see `resolveChannelPin`) can be modules; any other target is `external`,
 * and a git target in the platform repository whose subdirectory is in no module's directory is
 * `unknown-module`. A `ref` is a release tag of the module, another tag (a moving `v3`, which
 * pins whatever release of the module sits at its commit), a commit SHA, or else a branch; a `sha`
 * pins the release tagged at that commit (abbreviated SHAs match by prefix); a `constraint` pins
 * its best matching release. The drift of that version is judged by `computeDrift`.
 *
 * @public
 */
export function resolveReference(
  reference: Reference,
  snapshot: PlatformSnapshot,
  options: { now?: Date } = {},
): DriftResult {
  return resolveWith(reference, snapshot, judgeAt(snapshot, options.now));
}

/**
 * {@link resolveReference} for each of many references, judged at one moment: the drift of a
 * module, pin and environment is computed once, as a scan's thousands of references pin a few
 * dozen releases. The results are the same as one call per reference.
 *
 * @public
 */
export function resolveReferences(
  references: Reference[],
  snapshot: PlatformSnapshot,
  options: { now?: Date } = {},
): DriftResult[] {
  const judgeOnce = judgeAt(snapshot, options.now ?? new Date());
  const judged = new Map<PlatformModule, Map<string, DriftResult>>();
  const judge: Judge = (module, pinned, environment, channel) => {
    let ofModule = judged.get(module);
    if (!ofModule) {
      ofModule = new Map();
      judged.set(module, ofModule);
    }
    // The pin's JSON holds everything of it the verdict and explanation are made of.
    const key = `${environment ?? ''}\0${channel?.kind ?? ''}\0${
      channel?.target ?? ''
    }\0${JSON.stringify(pinned)}`;
    let drift = ofModule.get(key);
    if (!drift) {
      drift = judgeOnce(module, pinned, environment, channel);
      ofModule.set(key, drift);
    }
    // A copy each, so that a caller changing one result does not change another's.
    return { ...drift };
  };
  return references.map(reference => resolveWith(reference, snapshot, judge));
}

type Judge = (
  module: PlatformModule,
  pinned: ResolvedPin,
  environment: string | undefined,
  /** The channel the reference installs the module from; absent for the platform's git. */
  channel?: PlatformModuleChannel,
) => DriftResult;

/** Judges a pin of a module against the module's releases in the snapshot. */
function judgeAt(snapshot: PlatformSnapshot, now: Date | undefined): Judge {
  return (module, pinned, environment, channel) =>
    computeDrift({
      module,
      pinned,
      versions: indexOf(snapshot)
        .releases(module)
        .map(r => r.version),
      now,
      environment,
      channel: channel && channelOfferOf(snapshot, module.name, channel),
    });
}

function resolveWith(
  reference: Reference,
  snapshot: PlatformSnapshot,
  judge: Judge,
): DriftResult {
  const environment = environmentFromPath(reference.position.file);
  const base = environment === undefined ? {} : { environment };
  const { target, unresolved } = reference;

  if (unresolved || !target) {
    return {
      ...base,
      verdict: 'unresolved',
      explanation: unresolved
        ? `the source depends on ${unresolved.expression}, which is not a literal: ${unresolved.reason}`
        : `the source ${reference.source} could not be read as a module address`,
    };
  }
  if (target.type === 'local') {
    return {
      ...base,
      verdict: 'local',
      explanation: `${target.path} is a path in the same repository and has no version`,
    };
  }

  const index = indexOf(snapshot);
  const { manifest } = snapshot;
  if (target.type === 'crossplane') {
    const judged = resolveCrossplane(reference, target.name, {
      manifest,
      releases: module => index.releases(module),
      judge,
      environment,
    });
    if (judged) {
      return judged;
    }
  }
  const key = target.type === 'git' ? undefined : channelKey(target);
  const installed = key ? index.channels.get(key) : undefined;
  if (installed) {
    const { module, channel } = installed;
    const versions = index.releases(module).map(r => r.version);
    // A constraint installs the best release the channel has, where what it has is known; one
    // only tags satisfy is judged against them, and the verdict says the channel lacks it.
    const offered = channelOfferOf(snapshot, module.name, channel)?.versions;
    let resolved = resolveChannelPin(
      reference,
      module,
      offered ? versions.filter(v => offered.includes(v)) : versions,
    );
    if (offered && resolved.pinned.type === 'unknown-version') {
      resolved = resolveChannelPin(reference, module, versions);
    }
    const { pinned, says } = resolved;
    return inChannelWords(judge(module, pinned, environment, channel), says);
  }
  if (
    target.type !== 'git' ||
    !index.repository ||
    !sameRepository(target, index.repository)
  ) {
    return {
      ...base,
      verdict: 'external',
      explanation: `${reference.name} is not in the platform repository ${manifest.repository}`,
    };
  }

  const subdirectory = trimSlashes(target.subdirectory);
  const module = moduleAt(manifest.modules, subdirectory);
  if (!module) {
    return {
      ...base,
      verdict: 'unknown-module',
      explanation: `${reference.name} is in the platform repository, but ${
        subdirectory ? `${subdirectory} is` : 'its root is'
      } not a module of ${manifest.name}`,
    };
  }

  return judge(module, resolvePin(reference, module, index), environment);
}
