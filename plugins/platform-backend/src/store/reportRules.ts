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

/**
 * Each verdict's rank: by severity, then by the order of `driftVerdicts`. Worked out once, as
 * an adoption compares the verdicts of hundreds of thousands of rows.
 */
const severityRanks = new Map<DriftVerdict, number>(
  driftVerdicts.map((verdict, index) => [
    verdict,
    verdictSeverity(verdict) * driftVerdicts.length + index,
  ]),
);

/** Whether `a` is more severe than `b`: by severity, then by the order of `driftVerdicts`. */
function moreSevere(a: DriftVerdict, b: DriftVerdict): boolean {
  return severityRanks.get(a)! > severityRanks.get(b)!;
}

/**
 * A module's rows as its adoption reads them, by row number. The keys are equal numbers for
 * equal values (the report index's dictionary codes; no environment and '' are one key), so
 * that rows are grouped and services counted without a text key per row: a module used by
 * 50,000 services has hundreds of thousands of rows, and the first adoption after each report
 * build held every other request for up to a second.
 */
export interface AdoptionColumns {
  /** Given by entity, then environment (rows without one first), then id. */
  rows: ArrayLike<number>;
  entityKey(row: number): number;
  environmentKey(row: number): number;
  versionKey(row: number): number;
  entityRef(row: number): string;
  owner(row: number): string | undefined;
  environment(row: number): string | undefined;
  version(row: number): string | undefined;
  verdict(row: number): DriftVerdict;
}

/**
 * The adoption of a module from its rows as columns, given by entity, then environment (rows
 * without one first), then id: one group per version, newest first, each with its most severe
 * verdict, rows per environment and the services on it, and how many services use the module and
 * how many of them are behind its latest release.
 */
export function adoptionOfColumns(
  module: PlatformModuleInfo,
  columns: AdoptionColumns,
): ModuleAdoption {
  type Group = ModuleAdoption['versions'][number];
  type Counted = {
    group: Group;
    /** Entity keys, and (entity, environment) pairs as one number. */
    entities: Set<number>;
    seen: Set<number>;
  };
  const groups = new Map<number, Counted>();
  const entities = new Set<number>();
  const behind = new Set<number>();
  let latestKey: number | undefined;
  const { rows } = columns;
  let environmentKeys = 1;
  for (let i = 0; i < rows.length; i++) {
    environmentKeys = Math.max(
      environmentKeys,
      columns.environmentKey(rows[i]) + 1,
    );
  }
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const versionCode = columns.versionKey(row);
    const entity = columns.entityKey(row);
    const environment = columns.environmentKey(row);
    const verdict = columns.verdict(row);
    let counted = groups.get(versionCode);
    if (!counted) {
      const version = columns.version(row);
      counted = {
        group: {
          ...(version !== undefined ? { version } : {}),
          verdict,
          environments: {},
          serviceCount: 0,
          services: [],
        },
        entities: new Set(),
        seen: new Set(),
      };
      groups.set(versionCode, counted);
      if (module.latest && version === module.latest) {
        latestKey = versionCode;
      }
    }
    counted.entities.add(entity);
    entities.add(entity);
    // Unresolved pins are behind too: no release of them is the latest.
    if (versionCode !== latestKey) {
      behind.add(entity);
    }
    if (moreSevere(verdict, counted.group.verdict)) {
      counted.group.verdict = verdict;
    }
    const named = columns.environment(row);
    const environments = counted.group.environments;
    environments[named ?? ''] = (environments[named ?? ''] ?? 0) + 1;
    const service = entity * environmentKeys + environment;
    if (!counted.seen.has(service)) {
      counted.seen.add(service);
      const owner = columns.owner(row);
      counted.group.services.push({
        entityRef: columns.entityRef(row),
        ...(owner !== undefined ? { owner } : {}),
        ...(named !== undefined ? { environment: named } : {}),
      });
    }
  }
  // Newest first; text that is no version after the versions, and the unresolved group last.
  const versionOf = (counted: Counted) => counted.group.version;
  const versionRank = new Map(
    sortVersions(
      [...groups.values()]
        .map(versionOf)
        .filter((v): v is string => v !== undefined),
    )
      .reverse()
      .map((version, index) => [version, index]),
  );
  const rank = (version: string | undefined) => {
    if (version === undefined) {
      return Number.MAX_SAFE_INTEGER;
    }
    return versionRank.get(version) ?? Number.MAX_SAFE_INTEGER - 1;
  };
  const versions = [...groups.values()]
    .sort((a, b) => {
      const [va, vb] = [versionOf(a), versionOf(b)];
      return rank(va) - rank(vb) || String(va).localeCompare(String(vb), 'en');
    })
    .map(({ group, entities: onVersion }) => ({
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
