import type { DriftVerdict } from '@platform-portal/plugin-platform-common';
import type { TeamDriftRow } from '../shared/useTeamDrift';

/** One service's platform module references, counted by verdict. */
export interface ServiceDrift {
  entityRef: string;
  references: number;
  counts: Array<{ verdict: DriftVerdict; severity: number; count: number }>;
  /** The most severe verdict among its references. */
  worst: { verdict: DriftVerdict; severity: number };
}

/**
 * Groups references by service, each with its verdict counts most severe first; the services
 * that need the most attention come first, then by name.
 */
export function summariseServices(rows: TeamDriftRow[]): ServiceDrift[] {
  const byService = new Map<string, TeamDriftRow[]>();
  for (const row of rows) {
    const list = byService.get(row.entityRef) ?? [];
    list.push(row);
    byService.set(row.entityRef, list);
  }
  const services = [...byService].map(([entityRef, refs]) => {
    const counts = new Map<
      DriftVerdict,
      { verdict: DriftVerdict; severity: number; count: number }
    >();
    for (const { verdict, severity } of refs) {
      const entry = counts.get(verdict) ?? { verdict, severity, count: 0 };
      entry.count += 1;
      counts.set(verdict, entry);
    }
    const sorted = [...counts.values()].sort(
      (a, b) => b.severity - a.severity || b.count - a.count,
    );
    return {
      entityRef,
      references: refs.length,
      counts: sorted,
      worst: { verdict: sorted[0].verdict, severity: sorted[0].severity },
    };
  });
  return services.sort(
    (a, b) =>
      b.worst.severity - a.worst.severity ||
      a.entityRef.localeCompare(b.entityRef),
  );
}
