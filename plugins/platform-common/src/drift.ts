import { gt, major, minor, satisfies, valid, validRange } from 'semver';
import { PlatformDeprecation, PlatformModule } from './manifest';
import type { ReleaseChannelKind } from './releaseChannels';
import type { PromotionLag } from './types';
import { DriftResult } from './verdicts';
import {
  latestVersion,
  normalizeVersion,
  releasesBetween,
  sortVersions,
} from './versions';

const ENVIRONMENT_DIRECTORIES = new Set(['environments', 'envs', 'live']);

/**
 * The deployment environment a file belongs to, from its path: `infra/environments/staging/main.tf`
 * is `staging`; also `envs/<env>/…` and Terragrunt's `live/<env>/…`. Undefined otherwise.
 *
 * @public
 */
export function environmentFromPath(path: string): string | undefined {
  const segments = path.split(/[\\/]+/).filter(s => s && s !== '.');
  // The last segment is the file itself, so an environment needs a segment after it.
  for (let i = 0; i < segments.length - 2; i++) {
    if (ENVIRONMENT_DIRECTORIES.has(segments[i].toLowerCase())) {
      return segments[i + 1];
    }
  }
  return undefined;
}

/**
 * What a reference's pin resolved to before drift is judged.
 *
 * @public
 */
export type ResolvedPin =
  | {
      type: 'version';
      version: string;
      /** How the version was found, for the explanation, e.g. `constraint ~> 1.2` or `SHA 1a2b3c4 (tag vpc/v1.2.0)`. */
      via?: string;
    }
  /** A ref that is no tag, so presumably a branch. */
  | { type: 'branch'; branch: string }
  /** No ref at all: the default branch. */
  | { type: 'no-ref' }
  | { type: 'unknown-sha'; sha: string; commentVersion?: string }
  /** A tag or version that is not a release of the module. */
  | { type: 'unknown-version'; ref: string; reason?: string };

/**
 * What {@link computeDrift} judges.
 *
 * @public
 */
export interface DriftInput {
  module: PlatformModule;
  pinned: ResolvedPin;
  /** Every released version of the module, prereleases included. */
  versions: string[];
  /** The moment deprecations are judged at; defaults to the current time. */
  now?: Date;
  environment?: string;
  /**
   * The channel the reference installs the module from and the versions it offers, when they
   * were read: its newest release is the latest the pin is judged against, so a consumer is never
   * told to move to a release its channel does not have yet.
   */
  channel?: ChannelOffer;
}

/**
 * What one of a module's channels offers, as last read.
 *
 * @public
 */
export interface ChannelOffer {
  kind: ReleaseChannelKind;
  target: string;
  versions: readonly string[];
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function listOf(items: string[]): string {
  if (items.length <= 1) {
    return items.join('');
  }
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function sinceTime(deprecation: PlatformDeprecation): number | undefined {
  if (!deprecation.since) {
    return undefined;
  }
  const time = Date.parse(deprecation.since);
  return Number.isNaN(time) ? undefined : time;
}

function deprecationCovers(
  deprecation: PlatformDeprecation,
  version: string,
): boolean {
  if (deprecation.versions === undefined) {
    return true;
  }
  // Deprecation ranges are about ordering, so prereleases inside the range are deprecated too.
  return (
    validRange(deprecation.versions) !== null &&
    satisfies(version, deprecation.versions, { includePrerelease: true })
  );
}

/**
 * Whether a deprecation applies to a version at a moment: the version is in its range and its
 * `since` date (if any, and if it parses) has come.
 *
 * @public
 */
export function deprecationApplies(
  deprecation: PlatformDeprecation,
  version: string,
  now: Date = new Date(),
): boolean {
  const since = sinceTime(deprecation);
  return (
    deprecationCovers(deprecation, version) &&
    (since === undefined || since <= now.getTime())
  );
}

/**
 * The newest `count` majors that have releases, newest first; undefined when all are supported.
 */
function supportedMajors(
  module: PlatformModule,
  releases: string[],
): number[] | undefined {
  if (module.supportedMajors === undefined) {
    return undefined;
  }
  const majors = [...new Set(releases.map(v => major(v)))].sort(
    (a, b) => b - a,
  );
  return majors.slice(0, Math.max(module.supportedMajors, 0));
}

/**
 * Judges how far a resolved pin is from the module's latest release.
 *
 * @remarks
 * A pin that resolves to a release gets exactly one verdict, the first that holds of:
 * `deprecated` (a deprecation covers the version and its date has come) \>
 * `unsupported` (its major is older than the newest `supportedMajors` released majors) \>
 * `major-behind` \> `minor-behind` \> `patch-behind` \> `up-to-date`.
 * Deprecation comes first because it carries the platform team's own instructions, and support
 * before distance because an unsupported version needs action however close it looks.
 * Pins that do not resolve to a release are `unpinned` (branch, no ref), `unknown-sha` or
 * `unknown-version`.
 *
 * @public
 */
export function computeDrift(input: DriftInput): DriftResult {
  const { module, pinned, environment, now = new Date() } = input;
  const releases = sortVersions(input.versions);
  const tagged = latestVersion(releases);
  const { channel } = input;
  const offered = channel && new Set(sortVersions(channel.versions));
  // A channel that offers none of the tagged releases says nothing about them: not a limit.
  const latest =
    (offered && latestVersion(releases.filter(v => offered.has(v)))) ?? tagged;
  const limitedBy =
    channel && latest !== tagged
      ? `the ${channel.kind} channel ${channel.target}`
      : undefined;
  const base: Omit<DriftResult, 'verdict' | 'explanation'> = {
    module: module.name,
    ...(latest !== undefined && { latest }),
    ...(environment !== undefined && { environment }),
  };
  let latestText = latest
    ? `the latest release of ${module.name} is ${latest}`
    : `${module.name} has no releases yet`;
  if (limitedBy) {
    latestText = `the latest release of ${module.name} that ${limitedBy} offers is ${latest} (${tagged} is tagged, not offered there yet)`;
  }

  switch (pinned.type) {
    case 'branch':
      return {
        ...base,
        verdict: 'unpinned',
        explanation: `follows branch ${pinned.branch} instead of a release tag; ${latestText}`,
      };
    case 'no-ref':
      return {
        ...base,
        verdict: 'unpinned',
        explanation: `no ref: follows the default branch instead of a release tag; ${latestText}`,
      };
    case 'unknown-sha':
      return {
        ...base,
        verdict: 'unknown-sha',
        explanation: `commit ${pinned.sha}${
          pinned.commentVersion
            ? ` (commented as ${pinned.commentVersion})`
            : ''
        } is not at any release tag of ${module.name}; ${latestText}`,
      };
    case 'unknown-version':
      return {
        ...base,
        verdict: 'unknown-version',
        explanation: `${
          pinned.reason ?? `${pinned.ref} is not a release of ${module.name}`
        }; ${latestText}`,
      };
    default:
      break;
  }

  const version = normalizeVersion(pinned.version);
  if (version === undefined || !releases.includes(version)) {
    return {
      ...base,
      verdict: 'unknown-version',
      ...(version !== undefined && { version }),
      explanation: `${pinned.version} is not a release of ${module.name}; ${latestText}`,
    };
  }

  const via = pinned.via ? `${pinned.via} resolves to ${version}; ` : '';
  const resolved = { ...base, version };

  let distance: string;
  let verdict: 'up-to-date' | 'patch-behind' | 'minor-behind' | 'major-behind';
  let releasesBehind = 0;
  if (latest === undefined) {
    verdict = 'up-to-date';
    distance = `${version} is a prerelease; ${latestText}`;
  } else if (releases.indexOf(version) >= releases.indexOf(latest)) {
    verdict = 'up-to-date';
    if (limitedBy && !offered?.has(version)) {
      distance = `${version} is tagged, but ${limitedBy} does not offer it yet; it offers up to ${latest}`;
    } else if (version === latest) {
      distance = limitedBy
        ? `${version} is the latest release ${limitedBy} offers (${tagged} is tagged, not offered there yet)`
        : `${version} is the latest release`;
    } else {
      distance = `${version} is a prerelease newer than the latest release ${latest}`;
    }
  } else {
    releasesBehind = releasesBetween(version, latest, releases);
    if (major(version) !== major(latest)) {
      verdict = 'major-behind';
    } else if (minor(version) !== minor(latest)) {
      verdict = 'minor-behind';
    } else {
      verdict = 'patch-behind';
    }
    const part = verdict.replace('-behind', '');
    distance = `${version} is ${plural(
      releasesBehind,
      'release',
    )} behind ${latest} (${part})${
      limitedBy
        ? `, the newest ${limitedBy} offers (${tagged} is tagged, not offered there yet)`
        : ''
    }`;
  }

  const deprecation = module.deprecations.find(d =>
    deprecationApplies(d, version, now),
  );
  if (deprecation) {
    return {
      ...resolved,
      verdict: 'deprecated',
      releasesBehind,
      explanation: `${via}deprecated${
        deprecation.since ? ` since ${deprecation.since}` : ''
      }: ${deprecation.message} — ${distance}`,
    };
  }

  const majors = supportedMajors(
    module,
    releases.filter(v => !v.includes('-')),
  );
  if (majors && !(major(version) >= Math.min(...majors))) {
    return {
      ...resolved,
      verdict: 'unsupported',
      releasesBehind,
      explanation: `${via}${version} is unsupported: ${
        module.name
      } supports only ${
        majors.length ? listOf(majors.map(m => `${m}.x`)) : 'no major'
      } (the newest ${plural(
        module.supportedMajors ?? 0,
        'major',
      )}); ${distance}`,
    };
  }

  // A deprecation whose date has not come yet is announced without changing the verdict.
  const upcoming = module.deprecations.find(d => deprecationCovers(d, version));
  const notice = upcoming
    ? `; deprecated from ${upcoming.since}: ${upcoming.message}`
    : '';
  return {
    ...resolved,
    verdict,
    releasesBehind,
    explanation: `${via}${distance}${notice}`,
  };
}

/**
 * Deployment environments in promotion order, earliest first; the names of one entry are the same
 * stage (`[dev, staging, prod]`, or `[[staging, stage], [production, prod]]`).
 *
 * @public
 */
export type EnvironmentOrder = ReadonlyArray<string | readonly string[]>;

/**
 * The promotion order used when the configuration names none: the usual names of development,
 * test, staging and production.
 *
 * @public
 */
export const DEFAULT_ENVIRONMENT_ORDER: EnvironmentOrder = [
  ['development', 'dev'],
  ['test', 'qa'],
  ['staging', 'stage', 'preprod'],
  ['production', 'prod'],
];

/**
 * The stage of each environment the order names (case-insensitive), counted from 0; an
 * environment the order does not name has none, and is never judged for promotion.
 *
 * @public
 */
export function environmentStages(
  order: EnvironmentOrder = DEFAULT_ENVIRONMENT_ORDER,
): (environment: string) => number | undefined {
  const stages = new Map<string, number>();
  order.forEach((names, stage) => {
    for (const name of typeof names === 'string' ? [names] : names) {
      const key = name.toLocaleLowerCase('en-US');
      if (!stages.has(key)) {
        stages.set(key, stage);
      }
    }
  });
  return environment => stages.get(environment.toLocaleLowerCase('en-US'));
}

/**
 * What {@link findPromotionLags} reads of a reference.
 *
 * @public
 */
export interface PromotionReference {
  entityRef: string;
  platform?: string;
  module?: string;
  environment?: string;
  version?: string;
}

/**
 * The references that lag in promotion, by their index in `references`: a reference lags when an
 * environment earlier in the order pins a newer release of the same module in the same service
 * (`prod` on vpc 2.1.0 while `staging` is on 2.1.1). Its lag names the nearest such environment
 * and the newest release pinned there. References without an environment the order names, without
 * a module or without a resolved version are never judged.
 *
 * @public
 */
export function findPromotionLags(
  references: readonly PromotionReference[],
  order: EnvironmentOrder = DEFAULT_ENVIRONMENT_ORDER,
): Map<number, PromotionLag> {
  const stageOf = environmentStages(order);
  /** Per service and module: per stage, the newest release pinned and the environment with it. */
  const groups = new Map<string, Map<number, PromotionLag>>();
  const judged: Array<{ index: number; key: string; stage: number }> = [];
  references.forEach((reference, index) => {
    const { module, environment, version } = reference;
    const stage = environment === undefined ? undefined : stageOf(environment);
    if (!module || stage === undefined || !version || !valid(version)) {
      return;
    }
    const key = JSON.stringify([
      reference.entityRef,
      reference.platform ?? '',
      module,
    ]);
    let stages = groups.get(key);
    if (!stages) {
      stages = new Map();
      groups.set(key, stages);
    }
    const newest = stages.get(stage);
    if (!newest || gt(version, newest.version)) {
      stages.set(stage, { environment: environment!, version });
    }
    judged.push({ index, key, stage });
  });

  const lags = new Map<number, PromotionLag>();
  for (const { index, key, stage } of judged) {
    const stages = groups.get(key)!;
    const version = references[index].version!;
    for (let earlier = stage - 1; earlier >= 0; earlier--) {
      const ahead = stages.get(earlier);
      if (ahead && gt(ahead.version, version)) {
        lags.set(index, ahead);
        break;
      }
    }
  }
  return lags;
}
