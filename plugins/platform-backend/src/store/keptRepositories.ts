import {
  RepositoryStatus,
  ScanProblem,
} from '@platform-portal/plugin-platform-common';
import { ReportDataStore } from './RepositoryResultStore';

/**
 * Every repository's status and problems as this instance last read them, and the marker of the
 * last change read.
 *
 * @internal
 */
export interface KeptRepositories {
  marker: string;
  statuses: Map<string, RepositoryStatus>;
  problems: Map<string, ScanProblem[]>;
}

/**
 * Brings the kept statuses and problems up to the database's: the first read takes every
 * repository, later ones only those written since (by any instance), unless repositories were
 * removed. Updates `kept` in place, and only once the read has succeeded; the callers must not
 * catch up the same copy concurrently (FreshValue runs one refresh at a time).
 *
 * @internal
 */
export async function catchUpRepositories(
  data: Pick<ReportDataStore, 'readStatusChanges'>,
  kept: KeptRepositories | undefined,
): Promise<KeptRepositories> {
  const changes = await data.readStatusChanges(kept?.marker);
  if (!kept || changes.all) {
    return {
      marker: changes.marker,
      statuses: new Map(
        changes.statuses.map(status => [status.entityRef, status]),
      ),
      problems: changes.problems,
    };
  }
  for (const status of changes.statuses) {
    kept.statuses.set(status.entityRef, status);
    const problems = changes.problems.get(status.entityRef);
    if (problems) {
      kept.problems.set(status.entityRef, problems);
    } else {
      kept.problems.delete(status.entityRef);
    }
  }
  kept.marker = changes.marker;
  return kept;
}
