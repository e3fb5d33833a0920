import { LRUCache } from 'lru-cache';
import { FreshValue } from './FreshValue';

/**
 * Answers of one kind of read, by question, each kept as a {@link FreshValue}: concurrent
 * identical reads wait for the same answer, an answer is kept for `ttlMs` from when its read
 * began, a write through this instance (`writes()` moved) makes the next reader wait for a read
 * begun after it, a failed read is not kept (nor the question, when it was its first read), and
 * with `refreshAfterMs` an answer that old is still given at once and read again in the
 * background (under load, two round trips took half a second). Writes by another backend
 * instance on the same database show after at most `ttlMs`. At most `maxEntries` questions are
 * kept, the least recently asked let go first.
 *
 * @internal
 */
export class ReadCache {
  private readonly answers: LRUCache<string, FreshValue<unknown>>;
  private readonly now: () => number;
  private seenWrites: number;

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
    this.answers = new LRUCache<string, FreshValue<unknown>>({
      max: options.maxEntries ?? 500,
    });
    this.seenWrites = options.writes();
  }

  /**
   * The answer to `question`, from `load` when none is kept that is fresh enough. Every `load`
   * given for one question must read the same thing: the first one given is the one kept.
   */
  read<T>(question: unknown, load: () => Promise<T>): Promise<T> {
    const writes = this.options.writes();
    if (writes !== this.seenWrites) {
      // No reader can be given the answers kept any more: they go at once, and a reader after
      // the write starts its own read rather than wait for one begun before it.
      this.seenWrites = writes;
      this.answers.clear();
    }
    const key = JSON.stringify(question);
    const kept = this.answers.get(key);
    if (kept) {
      return kept.get() as Promise<T>;
    }
    const answer = new FreshValue<unknown>({
      maxAgeMs: this.options.ttlMs,
      refreshAfterMs: this.options.refreshAfterMs,
      now: this.now,
      writes: this.options.writes,
      refresh: load,
    });
    this.answers.set(key, answer);
    return answer.get().catch(error => {
      // The first read failed, so the entry holds no answer; left in place it would take a slot
      // that the answers to other questions need, pushing them out while it is asked for.
      if (this.answers.peek(key) === answer) {
        this.answers.delete(key);
      }
      throw error;
    }) as Promise<T>;
  }
}
