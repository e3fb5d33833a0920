import type { ModuleCall } from './interfaces';
/**
 * What kind of building block a reference points at, by the file it was found in.
 *
 * @public
 */
export type ReferenceKind =
  | 'terraform-module'
  | 'terragrunt-source'
  | 'github-reusable-workflow'
  | 'github-action'
  | 'helm-dependency'
  | 'crossplane-package'
  | 'crossplane-composition-ref'
  | 'crossplane-composite-type';

/**
 * Where a reference was written: a path relative to the scanned tree, 1-based line and column.
 *
 * @public
 */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/**
 * What a reference points at, normalised so that every URL form of one repository and
 * subdirectory compares equal.
 *
 * @public
 */
export type ReferenceTarget =
  | {
      /** A directory of a git repository: git::https, git::ssh, scp-like, github.com/… shorthands. */
      type: 'git';
      /** Lower-cased host, e.g. `github.com`. */
      host: string;
      /** Repository path on the host without `.git`, e.g. `acme/platform`. */
      repository: string;
      /** Subdirectory without leading or trailing slashes; empty for the repository root. */
      subdirectory: string;
    }
  | {
      /** A module of a Terraform registry (`ns/name/provider`, optionally with a private host). */
      type: 'terraform-registry';
      host: string;
      namespace: string;
      name: string;
      provider: string;
    }
  | {
      /** A chart in a Helm repository served over HTTP(S). */
      type: 'helm-repository';
      /** Repository URL without a trailing slash, or an `@alias` / `alias:` as written. */
      repository: string;
      chart: string;
    }
  | {
      /** An artifact in an OCI registry: Helm charts with `oci://`, Crossplane packages. */
      type: 'oci';
      registry: string;
      repository: string;
    }
  | {
      /** A Crossplane Composition or composite resource type, by name. */
      type: 'crossplane';
      /** Composition name, or composite kind as `group/Kind`. */
      name: string;
    }
  | {
      /** A path inside the scanned tree; reported, never drift. */
      type: 'local';
      path: string;
    };

/**
 * How the version of a reference is pinned, as written.
 *
 * @public
 */
export type PinType =
  /** A git ref that may be a tag (or branch: only resolution against tags can tell). */
  | 'ref'
  /** A full or abbreviated commit SHA. */
  | 'sha'
  /** A version constraint (`~> 1.2`, `>= 1.0, < 2.0`, `^1.2.0`) or an exact version. */
  | 'constraint'
  /** No ref or version at all: follows the default branch or latest release. */
  | 'none';

/**
 * One pinned reference to a versioned building block, found in a file.
 *
 * @public
 */
export interface Reference {
  kind: ReferenceKind;
  position: SourcePosition;
  /** The source exactly as written (after literal substitution for Terragrunt locals). */
  source: string;
  /** Normalised target; absent when the source could not be resolved to a literal. */
  target?: ReferenceTarget;
  /** Human-readable normalised name, e.g. `github.com/acme/platform//modules/vpc`. */
  name: string;
  pin: PinType;
  /** The ref, SHA or constraint as written; absent when `pin` is `none`. */
  ref?: string;
  /** The version named by a trailing comment of a SHA pin (`@<sha> # v1.2.3`). */
  commentVersion?: string;
  /** Alias of a Helm dependency. */
  alias?: string;
  /** Set when the source is built from expressions that are not literal after substitution. */
  unresolved?: { expression: string; reason: string };
  /** What the call sets, for kinds whose calls are checked against the module's interface. */
  call?: ModuleCall;
  /** Which revisions of its Composition a Crossplane claim or composite resource accepts. */
  revisionSelection?: CompositionRevisionSelection;
}

/**
 * What a claim or composite resource says of its Composition's revisions, each where written:
 * with `Manual` it stays on the revision it names or selects; with `Automatic` (Crossplane's
 * default) it moves to the newest revision its selector allows, a revision it names included.
 *
 * @public
 */
export interface CompositionRevisionSelection {
  /** `compositionUpdatePolicy` as written; absent when the claim leaves it to the default. */
  updatePolicy?: { value: string; position: SourcePosition };
  /** `compositionRevisionRef.name`. */
  revisionRef?: { name: string; position: SourcePosition };
  /** `compositionRevisionSelector.matchLabels`. */
  revisionSelector?: {
    matchLabels: Record<string, string>;
    position: SourcePosition;
  };
}

/**
 * A file that could not be read or parsed; the scan of everything else goes on.
 *
 * @public
 */
export interface ScanProblem {
  file: string;
  line?: number;
  column?: number;
  message: string;
}
