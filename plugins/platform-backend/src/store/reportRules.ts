import {
  DriftQuery,
  DriftSummary,
  DriftRow,
  DriftVerdict,
  EntityDrift,
  ModuleAdoption,
  PlatformModuleInfo,
  RepositoryStatus,
  ScanProblem,
  driftVerdicts,
  sortVersions,
  verdictSeverity,
} from '@platform-portal/plugin-platform-common';

/**
 * The rules of the drift report: paging, search text, version order, adoption and summary
 * order. The in-memory report index answers by them, and so does the SQL answer tests hold it
 * against.
 */

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

/** Verdicts with nothing to do: rows with them are not counted as drifted. */
export const NOT_DRIFTED: readonly DriftVerdict[] = driftVerdicts.filter(
  verdict => verdictSeverity(verdict) === 0,
);

/** The page a query asks for, within bounds: at most {@link MAX_LIMIT} rows. */
export function pageOf(query: Pick<DriftQuery, 'offset' | 'limit'>): {
  offset: number;
  limit: number;
} {
  return {
    offset: Math.max(0, Math.floor(query.offset ?? 0) || 0),
    limit: Math.min(
      MAX_LIMIT,
      Math.max(0, Math.floor(query.limit ?? DEFAULT_LIMIT) || 0),
    ),
  };
}

/**
 * A key that sorts semver versions in semver order as text: zero-padded major, minor and patch,
 * then `~` for a release (after) or `-prerelease` for a prerelease (before). Undefined for text
 * that is no version.
 */
export function versionKey(version: string | undefined): string | undefined {
  const match = version
    ? /^v?(\d{1,12})\.(\d{1,12})\.(\d{1,12})(?:-([0-9A-Za-z.-]+))?(?:\+.*)?$/.exec(
        version,
      )
    : null;
  if (!match) {
    return undefined;
  }
  const pad = (part: string) => part.padStart(12, '0');
  const suffix = match[4] ? `-${match[4]}` : '~';
  return `${pad(match[1])}.${pad(match[2])}.${pad(match[3])}${suffix}`.slice(
    0,
    255,
  );
}

/** The text filter as matched: trimmed and lower-cased; undefined when there is none. */
export function searchPattern(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed ? trimmed.toLocaleLowerCase('en-US') : undefined;
}

/**
 * The searched text of a row from its entity, module ('' for none), source, file and
 * explanation, lower-cased as its pattern is.
 */
export function searchText(parts: string[]): string {
  return parts.join('\n').toLocaleLowerCase('en-US');
}

/** Most drifted modules first, then those with most rows, then by name. */
export function byDriftedModules(
  a: DriftSummary['byModule'][number],
  b: DriftSummary['byModule'][number],
): number {
  return (
    b.drifted - a.drifted ||
    b.total - a.total ||
    (a.module < b.module ? -1 : Number(a.module > b.module))
  );
}

/** Whether `a` is more severe than `b`: by severity, then by the order of `driftVerdicts`. */
function moreSevere(a: DriftVerdict, b: DriftVerdict): boolean {
  const bySeverity = verdictSeverity(a) - verdictSeverity(b);
  if (bySeverity !== 0) {
    return bySeverity > 0;
  }
  return driftVerdicts.indexOf(a) > driftVerdicts.indexOf(b);
}

/** A row as the adoption of a module reads it. */
export interface AdoptionRow {
  entityRef: string;
  owner?: string;
  environment?: string;
  version?: string;
  verdict: DriftVerdict;
}

/**
 * The adoption of a module from its rows, given by entity, then environment (rows without one
 * first), then id: one group per version, newest first, each with its most severe verdict, rows
 * per environment and the services on it, and how many services use the module and how many of
 * them are behind its latest release.
 */
export function adoptionOf(
  module: PlatformModuleInfo,
  rows: Iterable<AdoptionRow>,
): ModuleAdoption {
  type Group = ModuleAdoption['versions'][number] & {
    seen: Set<string>;
    entities: Set<string>;
  };
  const groups = new Map<string | undefined, Group>();
  const entities = new Set<string>();
  const behind = new Set<string>();
  for (const row of rows) {
    let group = groups.get(row.version);
    if (!group) {
      group = {
        ...(row.version !== undefined ? { version: row.version } : {}),
        verdict: row.verdict,
        environments: {},
        serviceCount: 0,
        services: [],
        seen: new Set(),
        entities: new Set(),
      };
      groups.set(row.version, group);
    }
    group.entities.add(row.entityRef);
    entities.add(row.entityRef);
    // Unresolved pins are behind too: no release of them is the latest.
    if (!module.latest || row.version !== module.latest) {
      behind.add(row.entityRef);
    }
    if (moreSevere(row.verdict, group.verdict)) {
      group.verdict = row.verdict;
    }
    const environment = row.environment ?? '';
    group.environments[environment] =
      (group.environments[environment] ?? 0) + 1;
    // No text the databases keep holds a NUL: the pair is told apart without serialising it.
    const service = `${row.entityRef}\u0000${environment}`;
    if (!group.seen.has(service)) {
      group.seen.add(service);
      group.services.push({
        entityRef: row.entityRef,
        ...(row.owner !== undefined ? { owner: row.owner } : {}),
        ...(row.environment !== undefined
          ? { environment: row.environment }
          : {}),
      });
    }
  }

  // Newest first; text that is no version after the versions, and the unresolved group last.
  const versionRank = new Map(
    sortVersions([...groups.keys()].filter((v): v is string => v !== undefined))
      .reverse()
      .map((version, index) => [version, index]),
  );
  const rank = (version: string | undefined) => {
    if (version === undefined) {
      return Number.MAX_SAFE_INTEGER;
    }
    return versionRank.get(version) ?? Number.MAX_SAFE_INTEGER - 1;
  };
  const versions = [...groups.entries()]
    .sort(
      ([a], [b]) =>
        rank(a) - rank(b) || String(a).localeCompare(String(b), 'en'),
    )
    .map(([, { seen: _seen, entities: onVersion, ...group }]) => ({
      ...group,
      serviceCount: onVersion.size,
    }));

  return {
    module,
    versions,
    serviceCount: entities.size,
    servicesBehind: behind.size,
  };
}

/**
 * The adoption with at most `servicesPerVersion` services listed per version, the first ones in
 * its order; the counts still count all. The same object when no version lists more.
 */
export function withServicesPerVersion(
  adoption: ModuleAdoption,
  servicesPerVersion: number,
): ModuleAdoption {
  if (
    adoption.versions.every(
      group => group.services.length <= servicesPerVersion,
    )
  ) {
    return adoption;
  }
  return {
    ...adoption,
    versions: adoption.versions.map(group =>
      group.services.length <= servicesPerVersion
        ? group
        : { ...group, services: group.services.slice(0, servicesPerVersion) },
    ),
  };
}

/** One entity's page: its repository (when known), references in file order, and problems. */
export function entityDrift(
  entityRef: string,
  repository: RepositoryStatus | undefined,
  references: DriftRow[],
  problems: ScanProblem[],
): EntityDrift {
  return {
    entityRef,
    ...(repository ? { repository } : {}),
    references,
    problems,
  };
}
