import { LRUCache } from 'lru-cache';
import { decorateStore } from './decorateStore';
import { DriftStore } from './DriftStore';

/** Report reads: their answers change only when a scan writes. */
const CACHED: ReadonlySet<keyof DriftStore> = new Set<keyof DriftStore>([
  'queryDrift',
  'getSummary',
  'getFacets',
  'getTrends',
  'listModules',
  'getModuleAdoption',
  'getEntityDrift',
  'listDependencies',
]);

/** Writes that change what the report reads answer. */
const INVALIDATING: ReadonlySet<keyof DriftStore> = new Set<keyof DriftStore>([
  'replacePlatformModules',
  'syncRepositories',
  'upsertRepository',
  'markRepositoryUnchanged',
  'markRepositoriesUnchanged',
  'replaceRepositoryResults',
  'recordRepositoryFailure',
  'recordDailyCounts',
]);

/**
 * Wraps a store so that identical report reads share one database query while the data has not
 * changed: concurrent identical requests wait for the same answer, and answers are kept for
 * `ttlMs`. Writes through this store clear the cache at once; writes by another backend instance
 * on the same database show after at most `ttlMs`.
 *
 * @internal
 */
export function withReadCache(
  store: DriftStore,
  options: {
    ttlMs: number;
    maxEntries?: number;
    /** The clock answers expire by; tests pass their own. */
    now?: () => number;
  },
): DriftStore {
  const cache = new LRUCache<string, Promise<unknown>>({
    max: options.maxEntries ?? 500,
    ttl: options.ttlMs,
    ...(options.now && { perf: { now: options.now }, ttlResolution: 0 }),
  });
  return decorateStore(store, (name, method) => {
    if (CACHED.has(name)) {
      return (...args: unknown[]) => {
        const key = `${String(name)}:${JSON.stringify(args)}`;
        let answer = cache.get(key);
        if (!answer) {
          answer = method(...args) as Promise<unknown>;
          cache.set(key, answer);
          // A failed read is not kept: the next request asks the database again.
          answer.catch(() => cache.delete(key));
        }
        return answer;
      };
    }
    if (INVALIDATING.has(name)) {
      return async (...args: unknown[]) => {
        try {
          return await method(...args);
        } finally {
          cache.clear();
        }
      };
    }
    return undefined;
  });
}
