import { ScanRun } from '@internal/plugin-platform-common';

/**
 * Where the platform plugin keeps what it has scanned.
 *
 * @internal
 */
export interface DriftStore {
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;
  /** The most recently started scan run, or undefined when none has run. */
  getLatestScanRun(): Promise<ScanRun | undefined>;
}
