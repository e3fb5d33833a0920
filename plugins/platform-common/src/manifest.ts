import type { ReleaseChannelKind } from './releaseChannels';
import type { PlatformRequirement } from './requiredModules';

/**
 * What a platform module is.
 *
 * @public
 */
export type PlatformModuleKind =
  | 'terraform-module'
  | 'crossplane-composition'
  | 'github-workflow'
  | 'helm-chart'
  | 'policy';

/**
 * A deprecation of some versions of a module.
 *
 * @public
 */
export interface PlatformDeprecation {
  /** A semver range of the deprecated versions, e.g. `< 2.0.0`; all versions when absent. */
  versions?: string;
  message: string;
  /** ISO date from which the deprecation applies. */
  since?: string;
}

/**
 * An input of a module that the platform feeds from elsewhere, declared in `platform.yaml`
 * (`inputs: { subnet_ids: { from: vpc.private_subnet_ids } }`), so that a new project wires its
 * modules the way the platform team intends instead of guessing.
 *
 * @public
 */
export interface PlatformInputWiring {
  /** The input (Terraform variable) of this module. */
  input: string;
  /**
   * Where its value comes from: `<module>.<output>` (an output of another module of the same
   * project), `project.name` (the project's name with its environment, `local.name` in the
   * generated code) or `project.environment`.
   */
  from: string;
}

/**
 * The upgrade notes of one major version of a module: what a caller must change to move to it,
 * declared in `platform.yaml` (`upgrading: { 2: modules/vpc/UPGRADING.md }`).
 *
 * @public
 */
export interface PlatformUpgradeNotes {
  /** The major version the notes lead to. */
  major: number;
  /** The notes file, relative to the platform repository's root. */
  path: string;
}

/**
 * One version of a Crossplane XRD as its module's latest release defines it.
 *
 * @public
 */
export interface PlatformXrdVersion {
  name: string;
  served: boolean;
  referenceable: boolean;
  deprecated: boolean;
  /** The XRD's own words for a deprecated version, shown to whoever still uses it. */
  deprecationWarning?: string;
}

/**
 * The Crossplane XRD a `crossplane-composition` module publishes, named in `platform.yaml`
 * (`xrd: { group: platform.acme.io, kind: XPostgreSQLInstance }`), so that claims and composite
 * resources of that type are judged against the module's releases.
 *
 * @public
 */
export interface PlatformXrdLink {
  /** The XRD's API group. */
  group: string;
  /** The composite resource kind the XRD defines (`spec.names.kind`). */
  kind: string;
  /**
   * What the XRD says at the module's latest release, read from the platform repository by
   * `loadPlatform`; absent in a manifest as parsed and when that release could not be read.
   */
  latest?: {
    /** The module version of the release, e.g. `1.1.0`. */
    version: string;
    /** The claim kind (`spec.claimNames.kind`); absent for an XRD without claims. */
    claimKind?: string;
    versions: PlatformXrdVersion[];
    /** Names of the Compositions of that release whose composite type is this XRD's. */
    compositions: string[];
  };
}

/**
 * The kinds of channel a platform module may be published to: those a consumer can install it
 * from by a reference the scanner reads (a Terraform registry source, a Helm dependency, an OCI
 * chart or Crossplane package).
 *
 * @public
 */
export type PlatformModuleChannelKind = Extract<
  ReleaseChannelKind,
  'terraform-registry' | 'helm' | 'oci'
>;

/**
 * A channel a platform module is published to, declared in `platform.yaml`
 * (`channels: { terraform-registry: registry.acme.example/acme/eks/aws }`), written as the service
 * annotation `platform-portal.io/release-<kind>` of the same kind is; references that install the
 * module from it are judged against the module's releases.
 *
 * @public
 */
export interface PlatformModuleChannel {
  kind: PlatformModuleChannelKind;
  /** The channel's target as written, e.g. `oci://ghcr.io/acme/charts/eks`. */
  target: string;
}

/**
 * One versioned building block in `platform.yaml`.
 *
 * @public
 */
export interface PlatformModule {
  name: string;
  kind: PlatformModuleKind;
  /** Directory in the platform repository (`modules/vpc`), or a file for workflows. */
  path: string;
  /**
   * How releases of this module are tagged: `vpc/v{version}`, `vpc-v{version}`, `v{version}`.
   * Defaults to `{name}/v{version}`.
   */
  tagPattern: string;
  /** How many of the newest major versions are supported; all when absent. */
  supportedMajors?: number;
  deprecations: PlatformDeprecation[];
  description?: string;
  /** Inputs fed from outputs of other modules or from the project; empty when none. */
  wiring?: PlatformInputWiring[];
  /** Upgrade notes per major, lowest major first; absent when none are declared. */
  upgrading?: PlatformUpgradeNotes[];
  /** For a `crossplane-composition` module: the XRD its claims are judged against. */
  xrd?: PlatformXrdLink;
  /** That every service must use this module, and at which releases; absent when it need not. */
  required?: PlatformRequirement;
  /** The channels the module is published to, besides its git tags; absent when none. */
  channels?: PlatformModuleChannel[];
}

/**
 * The parsed platform manifest (`platform.yaml`).
 *
 * @public
 */
export interface PlatformManifest {
  name: string;
  /**
   * Where the platform repository lives, as any git URL form (`https://github.com/acme/platform`);
   * references are matched against it.
   */
  repository: string;
  modules: PlatformModule[];
}
