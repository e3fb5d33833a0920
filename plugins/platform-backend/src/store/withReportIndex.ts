import { DriftReportBuilder, DriftReportIndex } from './DriftReportIndex';
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
const CHANGING = new Set<keyof DriftStore>([
  'replacePlatformModules',
  'syncRepositories',
  'upsertRepository',
  'replaceRepositoryResults',
]);

/**
 * Wraps a store so that the drift report (rows, summary, facets, module adoption, an entity's
 * references) is answered
 * from a {@link DriftReportIndex} of every row in memory instead of a database query per
 * request: under many concurrent readers each query then costs about a millisecond, where the
 * database counted or sorted up to 200,000 rows for each.
 *
 * The index is read again when it may be out of date:
 * - after a write through this store, before the next read answers (a reader sees its writes);
 * - when another backend instance on the same database wrote: the store's report generation is
 *   asked at most every `checkIntervalMs`, so such writes show after at most that long.
 * Concurrent readers share one load; while none is needed, reads touch no database at all.
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
  /** Writes through this store that have finished. */
  let writes = 0;
  let current:
    | { index: DriftReportIndex; writes: number; checkedAt: number }
    | undefined;
  let refreshing: Promise<void> | undefined;

  async function refresh(): Promise<void> {
    const writesBefore = writes;
    const checkedAt = now();
    const generation = await store.getReportGeneration();
    if (current && current.index.generation === generation) {
      current = { index: current.index, writes: writesBefore, checkedAt };
      return;
    }
    const builder = new DriftReportBuilder();
    const source = await store.loadReportData(rows => builder.add(rows));
    const index = builder.build(source);
    current = { index, writes: writesBefore, checkedAt };
  }

  /** The refresh under way, or a new one. */
  function sharedRefresh(): Promise<void> {
    if (!refreshing) {
      refreshing = refresh().finally(() => {
        refreshing = undefined;
      });
    }
    return refreshing;
  }

  /** An index that holds every write finished before the call, checked recently enough. */
  async function freshIndex(): Promise<DriftReportIndex> {
    const wanted = writes;
    const asked = now();
    // At most two rounds: a load that began before the call, then one that began after it.
    for (;;) {
      if (
        current &&
        current.writes >= wanted &&
        current.checkedAt > asked - options.checkIntervalMs
      ) {
        return current.index;
      }
      await sharedRefresh();
    }
  }

  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') {
        return value;
      }
      const name = property as keyof DriftStore;
      if (INDEXED.has(name)) {
        return async (...args: unknown[]) => {
          const index = await freshIndex();
          const read = index[name as 'queryDrift'] as (
            ...readArgs: unknown[]
          ) => unknown;
          return read.apply(index, args);
        };
      }
      if (name === 'getEntityDrift') {
        // The references from the index; the repository and its problems are small reads.
        return async (entityRef: string) => {
          const [index, repository, problems] = await Promise.all([
            freshIndex(),
            target.getRepositoryStatus(entityRef),
            target.listProblems(entityRef),
          ]);
          return entityDrift(
            entityRef,
            repository,
            index.getEntityReferences(entityRef),
            problems,
          );
        };
      }
      if (CHANGING.has(name)) {
        return async (...args: unknown[]) => {
          try {
            return await value.apply(target, args);
          } finally {
            writes++;
          }
        };
      }
      return value.bind(target);
    },
  });
}
