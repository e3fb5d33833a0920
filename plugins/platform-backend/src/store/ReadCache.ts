import { LRUCache } from 'lru-cache';

/**
 * Answers of one kind of read, by question, while the data has not changed: concurrent
 * identical reads wait for the same answer, and answers are kept for `ttlMs`. A write through
 * this instance (`writes()` moved) clears them at once; writes by another backend instance on
 * the same database show after at most `ttlMs`. A failed read is not kept.
 *
 * @internal
 */
export class ReadCache {
  private readonly cache: LRUCache<string, Promise<unknown>>;
  private seenWrites: number;

  constructor(
    private readonly options: {
      ttlMs: number;
      /** How many writes that change the answers have ended in this instance. */
      writes: () => number;
      maxEntries?: number;
      /** The clock answers expire by; tests pass their own. */
      now?: () => number;
    },
  ) {
    this.cache = new LRUCache<string, Promise<unknown>>({
      max: options.maxEntries ?? 500,
      ttl: options.ttlMs,
      ...(options.now && { perf: { now: options.now }, ttlResolution: 0 }),
    });
    this.seenWrites = options.writes();
  }

  /** The answer to `question`, from `load` when none is kept. */
  read<T>(question: unknown, load: () => Promise<T>): Promise<T> {
    const writes = this.options.writes();
    if (writes !== this.seenWrites) {
      this.seenWrites = writes;
      this.cache.clear();
    }
    const key = JSON.stringify(question);
    let answer = this.cache.get(key) as Promise<T> | undefined;
    if (!answer) {
      answer = load();
      this.cache.set(key, answer);
      answer.catch(() => {
        if (this.cache.get(key) === answer) {
          this.cache.delete(key);
        }
      });
    }
    return answer;
  }
}
