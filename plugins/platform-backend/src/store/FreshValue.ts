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
  private current?: { value: T; writes: number; refreshedAt: number };
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
      refresh: (previous: T | undefined) => Promise<T>;
    },
  ) {}

  /** The value with every write finished before the call, refreshed recently enough. */
  async get(): Promise<T> {
    const wanted = this.options.writes();
    const asked = this.options.now();
    // At most two rounds: a refresh that began before the call, then one that began after it.
    for (;;) {
      const current = this.current;
      if (
        current &&
        current.writes >= wanted &&
        current.refreshedAt > asked - this.options.maxAgeMs
      ) {
        const { refreshAfterMs } = this.options;
        if (
          refreshAfterMs !== undefined &&
          current.refreshedAt <= asked - refreshAfterMs
        ) {
          // A failure is not kept: the read that needs the value tries again, and reports it.
          this.sharedRefresh().catch(() => undefined);
        }
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
    const writes = this.options.writes();
    const refreshedAt = this.options.now();
    const value = await this.options.refresh(this.current?.value);
    this.current = { value, writes, refreshedAt };
  }
}
