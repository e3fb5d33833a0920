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
  createScanRun(run: {
    id: string;
    trigger: ScanTrigger;
    entityRef?: string;
  }): Promise<ScanRun>;
  /** Sets counts of a running run (also `repositoriesTotal` once discovery is done). */
  updateScanRun(id: string, counts: ScanRunCounts): Promise<void>;
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
   * Marks runs still `running` that started before `startedBefore` as failed: their backend
   * stopped mid-scan. Returns how many.
   */
  failInterruptedScanRuns(startedBefore: Date): Promise<number>;
}
