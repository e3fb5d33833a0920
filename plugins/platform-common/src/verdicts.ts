/**
 * How far a reference is from the platform's current release.
 *
 * @public
 */
export type DriftVerdict =
  | 'up-to-date'
  | 'patch-behind'
  | 'minor-behind'
  | 'major-behind'
  | 'unsupported'
  | 'deprecated'
  | 'unpinned'
  | 'unknown-sha'
  | 'unknown-version'
  | 'unknown-module'
  | 'local'
  | 'unresolved'
  | 'external';

/**
 * A reference resolved against the platform: the module, versions and verdict.
 *
 * @public
 */
export interface DriftResult {
  verdict: DriftVerdict;
  /** The platform module the reference points at. */
  module?: string;
  /** The version the reference resolves to (a tag's version, a SHA's release, a constraint's best match). */
  version?: string;
  /** The module's latest non-prerelease version. */
  latest?: string;
  /** How many releases lie between `version` and `latest`. */
  releasesBehind?: number;
  /** Deployment environment taken from the path (`environments/staging/...`). */
  environment?: string;
  /** Why: the deprecation message, the support window, the branch name, … */
  explanation: string;
}

/**
 * Every verdict, from least to most severe.
 *
 * @public
 */
export const driftVerdicts: readonly DriftVerdict[] = [
  'up-to-date',
  'local',
  'external',
  'patch-behind',
  'minor-behind',
  'major-behind',
  'unpinned',
  'unknown-version',
  'unknown-sha',
  'unknown-module',
  'unresolved',
  'deprecated',
  'unsupported',
];

const severities: Record<DriftVerdict, number> = {
  'up-to-date': 0,
  local: 0,
  external: 0,
  'patch-behind': 1,
  'minor-behind': 2,
  'major-behind': 3,
  unpinned: 3,
  'unknown-version': 3,
  'unknown-sha': 3,
  'unknown-module': 3,
  unresolved: 3,
  deprecated: 4,
  unsupported: 4,
};

/**
 * How much a verdict matters: 0 nothing to do, 1 patch, 2 minor, 3 needs attention, 4 must act.
 * Used for `--fail-on` thresholds, sorting and SARIF levels.
 *
 * @public
 */
export function verdictSeverity(verdict: DriftVerdict): number {
  return severities[verdict];
}

/**
 * Whether the text names a verdict.
 *
 * @public
 */
export function isDriftVerdict(text: string): text is DriftVerdict {
  return (driftVerdicts as readonly string[]).includes(text);
}
