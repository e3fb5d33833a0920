import { ScanRun, ScanTrigger } from '@platform-portal/plugin-platform-common';

/** The counts of a scan run the scanner updates while it runs. */
export type ScanRunCounts = Partial<
  Pick<
    ScanRun,
    | 'repositoriesTotal'
    | 'repositoriesScanned'
    | 'repositoriesSkipped'
    | 'repositoriesFailed'
  >
>;

/**
 * Where the scanner records its runs.
 *
 * @internal
 */
export interface ScanRunStore {
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;
  /**
   * Records a new running run, unless a run of the same scope (every service, or the one
   * entity) is running already on any instance on the database: then returns that run, whose
   * id is not the one asked for. Two instances asked at the same moment make one run.
   */
  createScanRun(run: {
    id: string;
    trigger: ScanTrigger;
    entityRef?: string;
  }): Promise<ScanRun>;
  /** Sets counts of a running run (also `repositoriesTotal` once discovery is done). */
  updateScanRun(id: string, counts: ScanRunCounts): Promise<void>;
  /**
   * Adds to the counts of a running run (no change once it ended): instances sharing a run's
   * work each add what they did, and no instance's addition overwrites another's.
   */
  addScanRunCounts(
    id: string,
    counts: Omit<ScanRunCounts, 'repositoriesTotal'>,
  ): Promise<void>;
  /**
   * Counts every repository of a running run that no instance counted as skipped: another run
   * (of one entity) held it or checked it in this cycle. Called when no instance scans for the
   * run any longer, so that scanned, skipped and failed add up to the total.
   */
  countRestAsSkipped(id: string): Promise<void>;
  /**
   * Counts one more repository of a running run waiting for `host`'s rate limit until `until`
   * (the run shows the latest such reset). Instances sharing a run add to the same count.
   */
  startRateLimitWait(
    id: string,
    wait: { host: string; until: Date },
  ): Promise<void>;
  /** Counts one repository less waiting; when none is left, the run no longer shows a wait. */
  endRateLimitWait(id: string): Promise<void>;
  /**
   * Renews a running run: its instance is alive. Returns false when the run no longer runs
   * (another instance found it stale and marked it interrupted).
   */
  renewScanRun(id: string): Promise<boolean>;
  /** Ends a running run; a run already marked interrupted stays so. */
  finishScanRun(
    id: string,
    result: { status: 'succeeded' | 'failed'; error?: string },
  ): Promise<void>;
  /**
   * The most recently started scan run, or undefined when none has run; with
   * `organisationWide`, the most recent run of every service, not of one entity.
   */
  getLatestScanRun(options?: {
    organisationWide?: boolean;
  }): Promise<ScanRun | undefined>;
  getScanRun(id: string): Promise<ScanRun | undefined>;
  /**
   * Marks runs still `running` that were last renewed before `renewedBefore` as interrupted:
   * their instance stopped. Runs in `except` (the caller's own) are left alone. Returns their
   * ids, each to one caller only.
   */
  interruptStaleScanRuns(
    renewedBefore: Date,
    except?: string[],
  ): Promise<string[]>;
}
