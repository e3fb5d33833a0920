import { Range } from 'semver';
import { normalizeVersion, sortVersions } from './versions';

/**
 * Which dialect a version constraint is written in: Terraform/OpenTofu (`~> 1.2`, `>= 1.0, < 2.0`)
 * or Helm's Masterminds semver (`^1.2.0`, `1.2.x`, `>= 1.0.0, < 2.0.0`, `1.2 - 1.4`, `||`).
 *
 * @public
 */
export type ConstraintSyntax = 'terraform' | 'helm';

/**
 * A parsed version constraint.
 *
 * @public
 */
export interface VersionConstraint {
  /** The constraint as written. */
  text: string;
  syntax: ConstraintSyntax;
  /** Whether a version (`1.2.3` or `v1.2.3`) satisfies the constraint; false for text that is no version. */
  satisfies(version: string): boolean;
}

/**
 * What {@link parseConstraint} returns: the constraint, or why the text is not one.
 *
 * @public
 */
export type ParseConstraintResult =
  | { ok: true; constraint: VersionConstraint }
  | { ok: false; error: string };

/** Versions that satisfy `range` and none of `exclusions`; a constraint is any of these. */
interface Alternative {
  range: Range;
  exclusions: Range[];
}

class InvalidConstraintError extends Error {}

const TERRAFORM_CLAUSE =
  /^(=|!=|>=|<=|>|<|~>)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

function strictRange(text: string): Range {
  try {
    return new Range(text);
  } catch (error) {
    throw new InvalidConstraintError(
      `"${text}" is not a valid version range (${(error as Error).message})`,
    );
  }
}

/**
 * Terraform and OpenTofu follow hashicorp/go-version: a missing minor or patch is zero for every
 * operator (`> 1.2` admits 1.2.1, unlike npm), and `~>` lets only the right-most written part
 * grow, so `~> 1` is `>= 1.0.0` with no upper bound.
 */
function parseTerraform(text: string): Alternative[] {
  const comparators: string[] = [];
  const exclusions: Range[] = [];
  for (const rawClause of text.split(',')) {
    const clause = rawClause.trim();
    if (!clause) {
      throw new InvalidConstraintError(`empty clause in "${text}"`);
    }
    const match = TERRAFORM_CLAUSE.exec(clause);
    if (!match) {
      throw new InvalidConstraintError(
        `"${clause}" is not an operator (=, !=, >, >=, <, <=, ~>) followed by a version`,
      );
    }
    const [, operator = '=', major, minor, patch, prerelease = ''] = match;
    const version = normalizeVersion(
      `${major}.${minor ?? 0}.${patch ?? 0}${prerelease}`,
    );
    if (!version) {
      throw new InvalidConstraintError(`"${clause}" has an invalid version`);
    }
    if (operator === '!=') {
      exclusions.push(strictRange(version));
    } else if (operator === '~>') {
      comparators.push(`>=${version}`);
      if (patch !== undefined) {
        comparators.push(`<${major}.${Number(minor) + 1}.0`);
      } else if (minor !== undefined) {
        comparators.push(`<${Number(major) + 1}.0.0`);
      }
    } else {
      comparators.push(`${operator}${version}`);
    }
  }
  return [
    {
      range: strictRange(comparators.length ? comparators.join(' ') : '*'),
      exclusions,
    },
  ];
}

/**
 * Helm uses Masterminds semver, which agrees with npm's ranges (the `semver` package) except that a
 * comma also means AND and `!=` exists; both are translated here. A prerelease satisfies a range
 * only when a comparator names a prerelease of the same `MAJOR.MINOR.PATCH` (npm's rule; Masterminds
 * admits prereleases whenever the constraint has any).
 */
function parseHelm(text: string): Alternative[] {
  return text.split('||').map(rawAlternative => {
    const alternative = rawAlternative.replace(/,/g, ' ').trim();
    if (!alternative) {
      throw new InvalidConstraintError(`empty alternative in "${text}"`);
    }
    const exclusions: Range[] = [];
    const rest = alternative
      .replace(/!=\s*(\S*)/g, (_, version: string) => {
        if (!/^v?[0-9xX*]/.test(version)) {
          throw new InvalidConstraintError(
            `"!=" must be followed by a version in "${text}"`,
          );
        }
        exclusions.push(strictRange(version));
        return ' ';
      })
      .trim();
    return { range: strictRange(rest || '*'), exclusions };
  });
}

/**
 * Parses a version constraint; invalid text gives `{ ok: false, error }` rather than throwing.
 *
 * @public
 */
export function parseConstraint(
  text: string,
  syntax: ConstraintSyntax,
): ParseConstraintResult {
  if (!text.trim()) {
    return { ok: false, error: 'the version constraint is empty' };
  }
  let alternatives: Alternative[];
  try {
    alternatives =
      syntax === 'terraform' ? parseTerraform(text) : parseHelm(text);
  } catch (error) {
    if (error instanceof InvalidConstraintError) {
      return {
        ok: false,
        error: `invalid ${syntax} version constraint: ${error.message}`,
      };
    }
    throw error;
  }
  return {
    ok: true,
    constraint: {
      text,
      syntax,
      satisfies(version) {
        const normalized = normalizeVersion(version);
        return (
          normalized !== undefined &&
          alternatives.some(
            ({ range, exclusions }) =>
              range.test(normalized) &&
              !exclusions.some(exclusion => exclusion.test(normalized)),
          )
        );
      },
    },
  };
}

/**
 * The highest non-prerelease version that satisfies the constraint, or undefined when none does.
 *
 * @public
 */
export function bestMatch(
  constraint: VersionConstraint,
  versions: Iterable<string>,
): string | undefined {
  const matches = sortVersions(versions).filter(
    version => !version.includes('-') && constraint.satisfies(version),
  );
  return matches[matches.length - 1];
}
