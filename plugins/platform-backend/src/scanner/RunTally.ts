import { ScanRunStore } from '../store';

/** What became of one repository in a run. */
export type Outcome = 'scanned' | 'skipped' | 'failed';

/**
 * One instance's counts of a run's outcomes, added to the run's counts in the store (which
 * other instances add to as well) in one statement for all outcomes since the last report,
 * instead of one statement per repository.
 *
 * @internal
 */
export class RunTally {
  /** Every outcome this instance counted in the run. */
  readonly counts: Record<Outcome, number> = {
    scanned: 0,
    skipped: 0,
    failed: 0,
  };
  private readonly reported: Record<Outcome, number> = { ...this.counts };
  private reporting: Promise<void> = Promise.resolve();
  private lastReport = 0;

  constructor(
    private readonly scanRuns: Pick<ScanRunStore, 'addScanRunCounts'>,
    private readonly runId: string,
  ) {}

  count(outcome: Outcome): void {
    this.counts[outcome] += 1;
  }

  /**
   * Adds what was counted since the last report to the run. Reports follow one another: when
   * this settles, every outcome counted before the call is in the store, so a caller that
   * reports before writing a repository's result never has its count arrive after the result.
   * With `atMostEveryMs`, a report sooner than that after the last one is left for later.
   */
  report(options: { atMostEveryMs?: number } = {}): Promise<void> {
    const previous = this.reporting;
    this.reporting = (async () => {
      await previous.catch(() => undefined);
      if (
        options.atMostEveryMs !== undefined &&
        Date.now() - this.lastReport < options.atMostEveryMs
      ) {
        return;
      }
      this.lastReport = Date.now();
      const before = { ...this.reported };
      const now = { ...this.counts };
      const added = {
        repositoriesScanned: now.scanned - before.scanned,
        repositoriesSkipped: now.skipped - before.skipped,
        repositoriesFailed: now.failed - before.failed,
      };
      if (
        !added.repositoriesScanned &&
        !added.repositoriesSkipped &&
        !added.repositoriesFailed
      ) {
        return;
      }
      Object.assign(this.reported, now);
      try {
        await this.scanRuns.addScanRunCounts(this.runId, added);
      } catch (error) {
        // Not added: the next report adds these too.
        Object.assign(this.reported, before);
        throw error;
      }
    })();
    return this.reporting;
  }
}
