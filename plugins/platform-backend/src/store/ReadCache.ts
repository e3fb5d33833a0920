import { LRUCache } from 'lru-cache';

/**
 * Answers of one kind of read, by question, while the data has not changed: concurrent
 * identical reads wait for the same answer, and answers are kept for `ttlMs` from when their
 * read began. A write through this instance (`writes()` moved) clears them at once; writes by
 * another backend instance on the same database show after at most `ttlMs`. A failed read is
 * not kept. With `refreshAfterMs`, a question asked again once its answer is that old is still
 * answered at once, and read again in the background: under steady reads no reader waits for
 * the database (under load, two round trips took half a second), and no answer is older than
 * `ttlMs` all the same.
 *
 * @internal
 */
export class ReadCache {
  private readonly cache: LRUCache<string, Promise<unknown>>;
  private readonly now: () => number;
  private seenWrites: number;
  /** Goes up whenever the answers are cleared: a read begun before must not be kept. */
  private clears = 0;
  /** The questions read again in the background now. */
  private readonly renewing = new Set<string>();

  constructor(
    private readonly options: {
      ttlMs: number;
      /** Below `ttlMs`: the age from which an answer is read again without waiting for it. */
      refreshAfterMs?: number;
      /** How many writes that change the answers have ended in this instance. */
      writes: () => number;
      maxEntries?: number;
      /** The clock answers expire by; tests pass their own. */
      now?: () => number;
    },
  ) {
    this.now = options.now ?? (() => performance.now());
    this.cache = new LRUCache<string, Promise<unknown>>({
      max: options.maxEntries ?? 500,
      ttl: options.ttlMs,
      perf: { now: this.now },
      ttlResolution: 0,
    });
    this.seenWrites = options.writes();
  }

  /** The answer to `question`, from `load` when none is kept. */
  read<T>(question: unknown, load: () => Promise<T>): Promise<T> {
    const writes = this.options.writes();
    if (writes !== this.seenWrites) {
      this.seenWrites = writes;
      this.cache.clear();
      this.clears++;
    }
    const key = JSON.stringify(question);
    const answer = this.cache.get(key) as Promise<T> | undefined;
    if (!answer) {
      return this.keep(key, load());
    }
    const { refreshAfterMs, ttlMs } = this.options;
    if (
      refreshAfterMs !== undefined &&
      !this.renewing.has(key) &&
      ttlMs - this.cache.getRemainingTTL(key) >= refreshAfterMs
    ) {
      this.renew(key, load);
    }
    return answer;
  }

  private keep<T>(key: string, answer: Promise<T>, ttl?: number): Promise<T> {
    this.cache.set(key, answer, ttl === undefined ? undefined : { ttl });
    answer.catch(() => {
      if (this.cache.get(key) === answer) {
        this.cache.delete(key);
      }
    });
    return answer;
  }

  /**
   * Reads a question again while its answer is still given; the new answer replaces it once
   * read, kept for what is left of `ttlMs` from when the read began. A failure keeps the
   * previous answer until it expires.
   */
  private renew<T>(key: string, load: () => Promise<T>): void {
    const began = this.now();
    const clears = this.clears;
    this.renewing.add(key);
    load()
      .then(
        value => {
          const left = this.options.ttlMs - (this.now() - began);
          if (clears === this.clears && left > 0) {
            this.keep(key, Promise.resolve(value), left);
          }
        },
        () => undefined,
      )
      .finally(() => this.renewing.delete(key));
  }
}
