import {
  ConstraintSyntax,
  DriftResult,
  PlatformManifest,
  PlatformModule,
  PlatformModuleChannel,
  Reference,
  ReferenceKind,
  ResolvedPin,
  bestMatch,
  normalizeVersion,
  parseConstraint,
} from '@platform-portal/plugin-platform-common';
import { channelKey, parseChannelTarget } from './channelTargets';

function constraintSyntax(kind: ReferenceKind): ConstraintSyntax {
  // Helm and Crossplane both use Masterminds semver for dependency versions.
  return kind === 'helm-dependency' || kind === 'crossplane-package'
    ? 'helm'
    : 'terraform';
}

/**
 * The release a version constraint pins: its best matching release, in the dialect of the file
 * it is written in.
 */
export function resolveConstraint(
  reference: Reference,
  constraint: string,
  module: PlatformModule,
  versions: string[],
): ResolvedPin {
  const parsed = parseConstraint(constraint, constraintSyntax(reference.kind));
  if (!parsed.ok) {
    return { type: 'unknown-version', ref: constraint, reason: parsed.error };
  }
  const version = bestMatch(parsed.constraint, versions);
  return version
    ? { type: 'version', version, via: `constraint ${constraint}` }
    : {
        type: 'unknown-version',
        ref: constraint,
        reason: `no release of ${module.name} satisfies ${constraint}`,
      };
}

/** A module and the one of its channels a reference installs it from. */
export interface ModuleChannel {
  module: PlatformModule;
  channel: PlatformModuleChannel;
}

/**
 * Which module and channel each channel target belongs to, by {@link channelKey}; the manifest
 * parser gives one artifact to one module, and here too the first module that names it wins.
 */
export function modulesByChannel(
  manifest: PlatformManifest,
): Map<string, ModuleChannel> {
  const modules = new Map<string, ModuleChannel>();
  for (const module of manifest.modules) {
    for (const channel of module.channels ?? []) {
      const parsed = parseChannelTarget(channel);
      const key = parsed.ok ? channelKey(parsed.target) : undefined;
      if (key && !modules.has(key)) {
        modules.set(key, { module, channel });
      }
    }
  }
  return modules;
}

/** A pin read from a channel, and the words for it where the git wording would mislead. */
export interface ChannelPin {
  pinned: ResolvedPin;
  /** Replaces what the verdict's explanation says of the pin itself. */
  says?: string;
}

/**
 * What a reference installing a module from one of its channels pins. The channel publishes
 * versions (`1.2.0`, `v1.2.0`), not the git tags they are released by, so a version or
 * constraint is matched against the module's release versions; a moving tag such as `latest`
 * and a missing version follow whatever the channel offers newest; a digest names one artifact,
 * whose version only the channel knows, unless a tag beside it says which release it is meant
 * to be.
 */
export function resolveChannelPin(
  reference: Reference,
  module: PlatformModule,
  versions: string[],
): ChannelPin {
  const { ref } = reference;
  if (reference.pin === 'none' || !ref) {
    return {
      pinned: { type: 'no-ref' },
      says: `no version: installs whatever release ${reference.name} offers newest`,
    };
  }
  if (reference.pin === 'constraint') {
    return { pinned: resolveConstraint(reference, ref, module, versions) };
  }
  if (reference.pin === 'sha') {
    const tagged = reference.commentVersion;
    const version = tagged && normalizeVersion(tagged);
    if (!version) {
      return {
        pinned: { type: 'unknown-sha', sha: ref },
        says: `digest ${ref} names one artifact of ${reference.name}, whose release only the registry can tell`,
      };
    }
    return {
      pinned: versions.includes(version)
        ? {
            type: 'version',
            version,
            via: `tag ${tagged} of digest ${ref} (the digest itself is not checked)`,
          }
        : {
            type: 'unknown-version',
            ref: tagged,
            reason: `tag ${tagged} of digest ${ref} is not a release of ${module.name}`,
          },
    };
  }
  const version = normalizeVersion(ref);
  if (!version) {
    return {
      pinned: { type: 'branch', branch: ref },
      says: `follows the moving tag ${ref} instead of a release`,
    };
  }
  return {
    pinned: versions.includes(version)
      ? {
          type: 'version',
          version,
          ...(ref !== version && { via: `tag ${ref}` }),
        }
      : {
          type: 'unknown-version',
          ref,
          reason: `${ref} is not a release of ${module.name}`,
        },
  };
}

/**
 * The verdict with its explanation's account of the pin put in the channel's own words; what it
 * says of the module's latest release, after the first `; `, is kept.
 */
export function inChannelWords(
  drift: DriftResult,
  says: string | undefined,
): DriftResult {
  if (!says) {
    return drift;
  }
  const rest = drift.explanation.indexOf('; ');
  return {
    ...drift,
    explanation: rest < 0 ? says : `${says}${drift.explanation.slice(rest)}`,
  };
}
