/**
 * What a refresh may tell a {@link FreshValue} besides the value it hands back.
 *
 * @internal
 */
export interface RefreshControl {
  /**
   * Before a new value is made: forget the previous one if no reader can be answered with it
   * any more, so that it is not kept alive beside the one being made.
   */
  release(): void;
  /**
   * The previous value handed back misses writes through this instance: readers after those
   * writes ask for a refresh again rather than take it as up to date.
   */
  behind(): void;
}

/**
 * A value read from the database and kept until it may be out of date: after a write through
 * this instance (`writes()` moved, so that a reader sees its own writes), or `maxAgeMs` after it
 * was last refreshed (so that another instance's writes show). Concurrent readers share one
 * refresh; a failed refresh is not kept, and the next reader tries again. With `refreshAfterMs`,
 * a read of a value older than that still answers at once, and starts the refresh in the
 * background: under steady reads the value is renewed before it is out of date, and no reader
 * waits for a refresh that finds nothing changed.
 *
 * @internal
 */
export class FreshValue<T> {
  private current?: {
    value: T;
    writes: number;
    refreshedAt: number;
    /** The number of the refresh that made it, counted from 1. */
    refresh: number;
  };
  /** How many refreshes have begun. */
  private refreshes = 0;
  private refreshing?: Promise<void>;

  constructor(
    private readonly options: {
      maxAgeMs: number;
      /** Below `maxAgeMs`: the age from which a read starts a refresh without waiting for it. */
      refreshAfterMs?: number;
      now: () => number;
      /** How many writes that change the value have ended in this instance. */
      writes: () => number;
      /** Reads the value again; may hand back the previous one when nothing changed. */
      refresh: (previous: T | undefined, control: RefreshControl) => Promise<T>;
    },
  ) {}

  /** The value with every write finished before the call, refreshed recently enough. */
  async get(): Promise<T> {
    const asked = {
      writes: this.options.writes(),
      at: this.options.now(),
      refreshes: this.refreshes,
    };
    // At most two rounds: a refresh that began before the call, then one that began after it,
    // whose value is the answer even if the refresh said it is behind.
    for (;;) {
      const answer = this.answer(asked);
      if (answer) {
        return answer.value;
      }
      // Nothing of the value is held while waiting: a refresh may let it go.
      await this.sharedRefresh();
    }
  }

  /** The current value if it answers a read asked as `asked` says; undefined if not. */
  private answer(asked: {
    writes: number;
    at: number;
    refreshes: number;
  }): { value: T } | undefined {
    const current = this.current;
    if (
      !current ||
      (current.writes < asked.writes && current.refresh <= asked.refreshes) ||
      current.refreshedAt <= asked.at - this.options.maxAgeMs
    ) {
      return undefined;
    }
    const { refreshAfterMs } = this.options;
    if (
      refreshAfterMs !== undefined &&
      current.refreshedAt <= asked.at - refreshAfterMs
    ) {
      // A failure is not kept: the read that needs the value tries again, and reports it.
      this.sharedRefresh().catch(() => undefined);
    }
    return current;
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
    const refresh = ++this.refreshes;
    let writes = this.options.writes();
    const refreshedAt = this.options.now();
    const previousWrites = this.current?.writes;
    let behind = false;
    const value = await this.options.refresh(this.current?.value, {
      release: () => this.releaseOutdated(),
      behind: () => {
        behind = true;
      },
    });
    if (behind && previousWrites !== undefined) {
      writes = previousWrites;
    }
    this.current = { value, writes, refreshedAt, refresh };
  }

  /**
   * Forgets the value if every reader from now on would wait for the refresh anyway: one of
   * this instance's writes ended after it was read, or it is older than `maxAgeMs`. A value
   * that readers are still answered with while it is renewed in the background is kept.
   */
  private releaseOutdated(): void {
    const current = this.current;
    if (
      current &&
      (current.writes < this.options.writes() ||
        current.refreshedAt <= this.options.now() - this.options.maxAgeMs)
    ) {
      this.current = undefined;
    }
  }
}
