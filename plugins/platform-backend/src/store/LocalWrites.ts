/**
 * What a write may change, as readers that keep a copy in memory see it: the report's rows and
 * modules, the repositories' statuses and problems, or the recorded trends.
 *
 * @internal
 */
export type WrittenPart = 'report' | 'repositories' | 'trends';

/**
 * Counts the writes of this backend instance per part they may change, so that a reader that
 * kept a copy of a part reads it again after such a write: a reader sees its own writes. Writes
 * of other instances are found by the readers themselves.
 *
 * @internal
 */
export class LocalWrites {
  private readonly counts: Record<WrittenPart, number> = {
    report: 0,
    repositories: 0,
    trends: 0,
  };

  /** How many writes that may change this part have ended. */
  count(part: WrittenPart): number {
    return this.counts[part];
  }

  /**
   * Runs a write and counts it once it has ended, failed or not: a failed transaction changes
   * nothing, but reading again costs less than reasoning about what a driver error left.
   */
  async write<T>(parts: WrittenPart[], work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } finally {
      for (const part of parts) {
        this.counts[part]++;
      }
    }
  }
}
