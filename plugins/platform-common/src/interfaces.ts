/**
 * Which module release an interface belongs to; named in every error and finding.
 *
 * @public
 */
export interface ModuleRelease {
  module: string;
  tag: string;
}

/**
 * The coarse kind of a Terraform type expression.
 *
 * @public
 */
export type TerraformTypeKind =
  | 'string'
  | 'number'
  | 'bool'
  | 'list'
  | 'map'
  | 'object'
  | 'set'
  | 'tuple'
  | 'any';

/**
 * An input variable of a Terraform or OpenTofu module.
 *
 * @public
 */
export interface TerraformVariable {
  name: string;
  /** The type expression as written, e.g. `list(object({ name = string }))`; absent when untyped. */
  type?: string;
  kind: TerraformTypeKind;
  description?: string;
  /** JSON of a literal default, or the expression text of any other default. */
  default?: unknown;
  required: boolean;
  sensitive: boolean;
  nullable: boolean;
  hasValidation: boolean;
}

/**
 * An output of a Terraform or OpenTofu module.
 *
 * @public
 */
export interface TerraformOutput {
  name: string;
  description?: string;
  sensitive: boolean;
}

/**
 * The interface of a Terraform or OpenTofu module at one release.
 *
 * @public
 */
export interface TerraformModuleInterface {
  kind: 'terraform';
  variables: TerraformVariable[];
  outputs: TerraformOutput[];
}

/**
 * An input of a reusable GitHub workflow.
 *
 * @public
 */
export interface WorkflowInput {
  name: string;
  type?: string;
  required: boolean;
  default?: unknown;
  description?: string;
}

/**
 * A secret of a reusable GitHub workflow.
 *
 * @public
 */
export interface WorkflowSecret {
  name: string;
  required: boolean;
  description?: string;
}

/**
 * The interface of a reusable GitHub workflow (`on.workflow_call`).
 *
 * @public
 */
export interface WorkflowInterface {
  kind: 'workflow';
  inputs: WorkflowInput[];
  secrets: WorkflowSecret[];
}

/**
 * A property of an XRD's spec, with its nested properties when it is an object.
 *
 * @public
 */
export interface SchemaProperty {
  name: string;
  type?: string;
  required: boolean;
  enum?: unknown[];
  description?: string;
  default?: unknown;
  properties?: SchemaProperty[];
}

/**
 * Claim fields Crossplane reads itself: the template writes them, the person creating a project
 * does not.
 *
 * @public
 */
export const RESERVED_CLAIM_FIELDS: ReadonlySet<string> = new Set([
  'compositionRef',
  'compositionSelector',
  'compositionRevisionRef',
  'compositionRevisionSelector',
  'compositionUpdatePolicy',
  'publishConnectionDetailsTo',
  'writeConnectionSecretToRef',
  'resourceRef',
]);

/**
 * One version of a Crossplane XRD.
 *
 * @public
 */
export interface XrdVersion {
  name: string;
  served: boolean;
  referenceable: boolean;
  deprecated: boolean;
  properties: SchemaProperty[];
}

/**
 * The interface of a Crossplane CompositeResourceDefinition.
 *
 * @public
 */
export interface XrdInterface {
  kind: 'xrd';
  group: string;
  compositeKind: string;
  claimKind?: string;
  versions: XrdVersion[];
}

/**
 * The interface of a Helm chart: its values schema, when it has one.
 *
 * @public
 */
export interface HelmChartInterface {
  kind: 'helm';
  hasSchema: boolean;
  properties: SchemaProperty[];
}

/**
 * The interface of a platform module at one release.
 *
 * @public
 */
export type ModuleInterface =
  | TerraformModuleInterface
  | WorkflowInterface
  | XrdInterface
  | HelmChartInterface;

/**
 * What changed in one input, output, secret, version or property between two releases.
 *
 * @public
 */
export interface InterfaceChange {
  change:
    | 'input-added'
    | 'input-removed'
    | 'input-type-changed'
    | 'input-default-changed'
    | 'input-became-required'
    | 'input-became-optional'
    | 'output-added'
    | 'output-removed'
    | 'secret-added'
    | 'secret-removed'
    | 'secret-became-required'
    | 'secret-became-optional'
    | 'version-not-served'
    | 'version-not-referenceable'
    | 'property-removed'
    | 'property-became-required';
  /** The input, output, secret or property (`version.path.to.property` for XRDs). */
  name: string;
  /** Whether the new input must be set: for `input-added` and `secret-added`. */
  required?: boolean;
  breaking: boolean;
  message: string;
}

/**
 * The changes between two releases of a module.
 *
 * @public
 */
export interface InterfaceDiff {
  from: ModuleRelease;
  to: ModuleRelease;
  changes: InterfaceChange[];
  breaking: boolean;
}

/**
 * Whether upgrading one call is breaking, and what the call would need.
 *
 * @public
 */
export interface UpgradeJudgement {
  breaking: boolean;
  /** E.g. "needs `cidr` (new, required)", "`name` is removed". */
  needs: string[];
  changes: InterfaceChange[];
}

/**
 * A problem of one call against the interface of the release it pins.
 *
 * @public
 */
export interface CallFinding {
  finding: 'missing-required-input' | 'unknown-argument' | 'wrong-type';
  argument: string;
  message: string;
}

/**
 * An argument of a module call: a `module` block's attribute, a workflow's `with:` key or
 * secret. `value` is set only when the argument is a literal.
 *
 * @public
 */
export interface CallArgument {
  name: string;
  value?: string | number | boolean | null;
}

/**
 * What a reference's call sets: a `module` block's arguments, a workflow job's `with:` keys and
 * secrets, or the dotted paths below a claim's `spec`. Recorded by the extractors so that the
 * call can be checked against the interface of the release it pins.
 *
 * @public
 */
export interface ModuleCall {
  arguments: CallArgument[];
  /** The secrets a workflow call passes; `inherit` passes them all and is not checked. */
  secrets?: string[];
  /** Set when a workflow call passes `secrets: inherit`. */
  inheritsSecrets?: boolean;
  /** The XRD version a claim names in its `apiVersion` (`v1alpha1`). */
  schemaVersion?: string;
}

/**
 * One release of a platform module with its interface: what `GET /modules/{name}/interface`
 * answers.
 *
 * @public
 */
export interface ModuleReleaseInterface {
  release: ModuleRelease;
  /** The release's version, e.g. `2.1.1` for the tag `vpc/v2.1.1`. */
  version: string;
  interface: ModuleInterface;
}

/**
 * How a call fares against the interface of its module: `broken` when it does not match the
 * release it pins, `breaking-upgrade` when it matches but the upgrade to the latest release
 * would break it, `ok` otherwise.
 *
 * @public
 */
export type CallStatus = 'ok' | 'broken' | 'breaking-upgrade';

/**
 * The upgrade of one call to the latest release, judged for that call.
 *
 * @public
 */
export interface UpgradeSummary {
  /** The release it would move to. */
  to: string;
  breaking: boolean;
  /** E.g. "needs `cidr` (new, required)", "`name` is removed". */
  needs: string[];
}

/**
 * The check of one call against its module's interface.
 *
 * @public
 */
export interface CallCheck {
  callStatus: CallStatus;
  /** Problems of the call against the release it pins. */
  callFindings: CallFinding[];
  /** Absent when the call already pins the latest release. */
  upgrade?: UpgradeSummary;
}
