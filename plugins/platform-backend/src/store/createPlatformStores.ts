import { DatabaseService } from '@backstage/backend-plugin-api';
import { EnvironmentOrder } from '@platform-portal/plugin-platform-common';
import { DatabaseRepositoryResultStore } from './DatabaseRepositoryResultStore';
import { DatabaseScanRunStore } from './DatabaseScanRunStore';
import { DatabaseTrendStore } from './DatabaseTrendStore';
import { DriftReportService } from './DriftReportService';
import { LocalWrites } from './LocalWrites';
import { openPlatformDatabase } from './openPlatformDatabase';
import { RepositoryResultStore } from './RepositoryResultStore';
import { ScanRunStore } from './ScanRunStore';
import { TrendStore } from './TrendStore';

/** How long the report may lag behind a scan by another backend instance. */
const REPORT_CHECK_INTERVAL_MS = 10_000;

/**
 * What the plugin keeps, one backend instance's view of it: the stores the scanner writes
 * through and the report the API reads, which sees those writes at once.
 *
 * @internal
 */
export interface PlatformStores {
  scanRuns: ScanRunStore;
  repositories: RepositoryResultStore;
  trends: TrendStore;
  report: DriftReportService;
}

/**
 * The plugin's stores on one database client, its tables migrated once.
 *
 * @internal
 */
export async function createPlatformStores(options: {
  database: DatabaseService;
  skipMigrations?: boolean;
  /** How long another instance's writes may take to show in the report. */
  checkIntervalMs?: number;
  /** The clock the check interval runs by; tests pass their own. */
  now?: () => number;
  /** The order environments are promoted in, for the history of promotion lag. */
  environments?: EnvironmentOrder;
}): Promise<PlatformStores> {
  const db = await openPlatformDatabase(options);
  const writes = new LocalWrites();
  const repositories = new DatabaseRepositoryResultStore(
    db,
    writes,
    options.environments,
  );
  const trends = new DatabaseTrendStore(db, writes);
  return {
    scanRuns: new DatabaseScanRunStore(db),
    repositories,
    trends,
    report: new DriftReportService({
      data: repositories,
      trends,
      writes,
      checkIntervalMs: options.checkIntervalMs ?? REPORT_CHECK_INTERVAL_MS,
      now: options.now,
    }),
  };
}
