import { satisfies, validRange } from 'semver';

/**
 * That every service must use a module, declared in `platform.yaml` (`required: true`, or
 * `required: { versions: '>= 3.0.0' }` to also demand a range of its releases).
 *
 * @public
 */
export interface PlatformRequirement {
  /**
   * The releases that satisfy it, as an npm-style semver range like a deprecation's `versions`;
   * any release when absent.
   */
  versions?: string;
}

/**
 * A module that every service must use, as {@link findRequiredModuleFindings} reads it.
 *
 * @public
 */
export interface RequiredModule {
  /** The platform (manifest name) the module belongs to. */
  platform: string;
  name: string;
  required: PlatformRequirement;
}

/**
 * What {@link findRequiredModuleFindings} reads of one reference of the service.
 *
 * @public
 */
export interface RequiredModuleReference {
  platform?: string;
  module?: string;
  /** The release the reference resolves to; absent for a branch, an unknown SHA or tag. */
  version?: string;
  /** The ref as written, to name a pin that resolves to no release. */
  ref?: string;
  file: string;
  line: number;
}

/**
 * A required module a service does not use (`missing`), or uses at releases outside the required
 * range (`outside-range`).
 *
 * @public
 */
export interface RequiredModuleFinding {
  platform: string;
  module: string;
  problem: 'missing' | 'outside-range';
  /** The required range, when the requirement names one. */
  versions?: string;
  /** For `outside-range`: the references that do not satisfy it. */
  references: Array<{ file: string; line: number; version?: string }>;
  /** The finding in words, e.g. `missing required module terraform-ci`. */
  message: string;
}

/**
 * The modules every service must use among these, as {@link findRequiredModuleFindings} reads
 * them.
 *
 * @public
 */
export function requiredModulesOf(
  modules: ReadonlyArray<{
    platform: string;
    name: string;
    required?: PlatformRequirement;
  }>,
): RequiredModule[] {
  return modules.flatMap(({ platform, name, required }) =>
    required ? [{ platform, name, required }] : [],
  );
}

/** Whether a release is in a required range; like deprecations, prereleases are ordered in it. */
function satisfiesRequirement(
  version: string | undefined,
  requirement: PlatformRequirement,
): boolean {
  if (requirement.versions === undefined) {
    return true;
  }
  return (
    version !== undefined &&
    validRange(requirement.versions) !== null &&
    satisfies(version, requirement.versions, { includePrerelease: true })
  );
}

function describePin(reference: RequiredModuleReference): string {
  if (reference.version !== undefined) {
    return reference.version;
  }
  return reference.ref === undefined
    ? 'no release (no ref)'
    : `no release (${reference.ref})`;
}

/**
 * The required modules one service misses or uses outside their required range, in the order the
 * modules are given. A service uses a module when one of its references resolves to it; every
 * such reference must satisfy the range, since each runs on its own (a second workflow still on an
 * old release is not made safe by the first). A reference that resolves to no release (a branch,
 * an unknown SHA) cannot be shown to satisfy a range, so it does not.
 *
 * @public
 */
export function findRequiredModuleFindings(
  modules: readonly RequiredModule[],
  references: readonly RequiredModuleReference[],
): RequiredModuleFinding[] {
  const findings: RequiredModuleFinding[] = [];
  for (const module of modules) {
    const uses = references.filter(
      reference =>
        reference.module === module.name &&
        reference.platform === module.platform,
    );
    const { versions } = module.required;
    const base = {
      platform: module.platform,
      module: module.name,
      ...(versions !== undefined && { versions }),
    };
    if (uses.length === 0) {
      findings.push({
        ...base,
        problem: 'missing',
        references: [],
        message: `missing required module ${module.name}${
          versions === undefined ? '' : ` (${versions})`
        }`,
      });
      continue;
    }
    const outside = uses.filter(
      reference => !satisfiesRequirement(reference.version, module.required),
    );
    if (outside.length > 0) {
      findings.push({
        ...base,
        problem: 'outside-range',
        references: outside.map(({ file, line, version }) => ({
          file,
          line,
          ...(version !== undefined && { version }),
        })),
        message: `required module ${module.name} must be ${versions}; ${outside
          .map(
            reference =>
              `${reference.file}:${reference.line} pins ${describePin(
                reference,
              )}`,
          )
          .join(', ')}`,
      });
    }
  }
  return findings;
}
