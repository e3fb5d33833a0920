/**
 * How a scan run ended, or that it is still going.
 *
 * @public
 */
export type ScanRunStatus = 'running' | 'succeeded' | 'failed';

/**
 * One run of the scanner over the platform and service repositories.
 *
 * @public
 */
export interface ScanRun {
  id: string;
  /** ISO 8601 timestamp. */
  startedAt: string;
  /** ISO 8601 timestamp; absent while the run is going. */
  finishedAt?: string;
  status: ScanRunStatus;
  repositoriesScanned: number;
  repositoriesSkipped: number;
  repositoriesFailed: number;
}

/**
 * What `GET /api/platform/scans/latest` answers.
 *
 * @public
 */
export interface LatestScanResponse {
  /** The most recent scan run, or null when no scan has run yet. */
  scan: ScanRun | null;
}
