import {
  DriftRow,
  DriftVerdict,
  verdictSeverity,
} from '@platform-portal/plugin-platform-common';

/** One service of a team, by its worst platform module reference. */
export interface TeamService {
  entityRef: string;
  /** The most severe verdict among its references. */
  worst: DriftVerdict;
  /** References not on the latest release. */
  behind: number;
  references: number;
}

/**
 * The services among drift rows, worst first: by their worst verdict, then by how many references
 * are behind, then by name.
 */
export function servicesWorstFirst(rows: DriftRow[]): TeamService[] {
  const byService = new Map<string, TeamService>();
  for (const row of rows) {
    const service = byService.get(row.entityRef) ?? {
      entityRef: row.entityRef,
      worst: row.verdict,
      behind: 0,
      references: 0,
    };
    service.references += 1;
    if (row.severity > 0) {
      service.behind += 1;
    }
    if (verdictSeverity(row.verdict) > verdictSeverity(service.worst)) {
      service.worst = row.verdict;
    }
    byService.set(row.entityRef, service);
  }
  return [...byService.values()].sort(
    (a, b) =>
      verdictSeverity(b.worst) - verdictSeverity(a.worst) ||
      b.behind - a.behind ||
      a.entityRef.localeCompare(b.entityRef),
  );
}
