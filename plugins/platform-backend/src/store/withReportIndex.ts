import {
  RepositoryStatus,
  ScanProblem,
} from '@internal/plugin-platform-common';
import { DriftReportBuilder, DriftReportIndex } from './DriftReportIndex';
import { decorateStore, StoreMethod } from './decorateStore';
import { DriftStore } from './DriftStore';
import { entityDrift } from './reportRules';

/** Report reads the index answers. */
const INDEXED = new Set<keyof DriftStore>([
  'queryDrift',
  'getSummary',
  'getFacets',
  'getModuleAdoption',
]);

/** Writes that change what the report shows. */
const REPORT_CHANGING = new Set<keyof DriftStore>([
  'replacePlatformModules',
  'syncRepositories',
  'upsertRepository',
  'replaceRepositoryResults',
]);

/** Writes that change a repository's status or problems. */
const REPOSITORY_CHANGING = new Set<keyof DriftStore>([
  'syncRepositories',
  'upsertRepository',
  'replaceRepositoryResults',
  'markRepositoryUnchanged',
  'markRepositoriesUnchanged',
  'recordRepositoryFailure',
]);

/**
 * A value read from the database and kept until it may be out of date: after a write through
 * this process (so that a reader sees its own writes), or `maxAgeMs` after it was last
 * refreshed (so that another instance's writes show). Concurrent readers share one refresh.
 */
class FreshValue<T> {
  private writes = 0;
  private current?: { value: T; writes: number; refreshedAt: number };
  private refreshing?: Promise<void>;

  constructor(
    private readonly options: {
      maxAgeMs: number;
      now: () => number;
      /** Reads the value again; may hand back the previous one when nothing changed. */
      refresh: (previous: T | undefined) => Promise<T>;
    },
  ) {}

  /** A write that changes the value has finished. */
  changed(): void {
    this.writes++;
  }

  /** The value with every write finished before the call, refreshed recently enough. */
  async get(): Promise<T> {
    const wanted = this.writes;
    const asked = this.options.now();
    // At most two rounds: a refresh that began before the call, then one that began after it.
    for (;;) {
      const current = this.current;
      if (
        current &&
        current.writes >= wanted &&
        current.refreshedAt > asked - this.options.maxAgeMs
      ) {
        return current.value;
      }
      await this.sharedRefresh();
    }
  }

  private sharedRefresh(): Promise<void> {
    if (!this.refreshing) {
      this.refreshing = this.refresh().finally(() => {
        this.refreshing = undefined;
      });
    }
    return this.refreshing;
  }

  private async refresh(): Promise<void> {
    const writes = this.writes;
    const refreshedAt = this.options.now();
    const value = await this.options.refresh(this.current?.value);
    this.current = { value, writes, refreshedAt };
  }
}

interface Repositories {
  statuses: Map<string, RepositoryStatus>;
  problems: Map<string, ScanProblem[]>;
}

/**
 * Wraps a store so that the drift report (rows, summary, facets, module adoption, an entity's
 * page) is answered from memory instead of database queries per request: under many concurrent
 * readers each answer then costs about a millisecond, where the database counted or sorted up to
 * 200,000 rows for each, and no request waits for a database round trip.
 *
 * - The report is a {@link DriftReportIndex} of every row. Another instance's writes are found
 *   by asking the store's report generation at most every `checkIntervalMs`; the rows are read
 *   again only when it moved.
 * - Repository statuses and problems (thousands of small rows, changed by every scan of a
 *   repository) are read again after `checkIntervalMs`.
 * Both are read again before the next read after a write through this store.
 *
 * @internal
 */
export function withReportIndex(
  store: DriftStore,
  options: {
    checkIntervalMs: number;
    /** The clock the check interval runs by; tests pass their own. */
    now?: () => number;
  },
): DriftStore {
  const now = options.now ?? Date.now;
  const report = new FreshValue<DriftReportIndex>({
    maxAgeMs: options.checkIntervalMs,
    now,
    refresh: async previous => {
      const generation = await store.getReportGeneration();
      if (previous?.generation === generation) {
        return previous;
      }
      const builder = new DriftReportBuilder();
      const source = await store.loadReportData(rows => builder.add(rows));
      return builder.build(source);
    },
  });
  const repositories = new FreshValue<Repositories>({
    maxAgeMs: options.checkIntervalMs,
    now,
    refresh: async () => {
      const [statuses, problems] = await Promise.all([
        store.listRepositoryStatuses(),
        store.listProblemsByEntity(),
      ]);
      return {
        statuses: new Map(statuses.map(status => [status.entityRef, status])),
        problems,
      };
    },
  });

  return decorateStore(store, (name, method) => {
    if (INDEXED.has(name)) {
      return async (...args: unknown[]) => {
        const index = await report.get();
        const read = index[name as 'queryDrift'] as StoreMethod;
        return read.apply(index, args);
      };
    }
    if (name === 'getEntityDrift') {
      return async (...args: unknown[]) => {
        const entityRef = args[0] as string;
        const [index, known] = await Promise.all([
          report.get(),
          repositories.get(),
        ]);
        return entityDrift(
          entityRef,
          known.statuses.get(entityRef),
          index.getEntityReferences(entityRef),
          known.problems.get(entityRef) ?? [],
        );
      };
    }
    if (REPORT_CHANGING.has(name) || REPOSITORY_CHANGING.has(name)) {
      return async (...args: unknown[]) => {
        try {
          return await method(...args);
        } finally {
          if (REPORT_CHANGING.has(name)) {
            report.changed();
          }
          if (REPOSITORY_CHANGING.has(name)) {
            repositories.changed();
          }
        }
      };
    }
    return undefined;
  });
}
