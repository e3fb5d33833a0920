import {
  ScanRun,
  ScanRunStatus,
  ScanTrigger,
} from '@platform-portal/plugin-platform-common';
import { Knex } from 'knex';
import { ScanRunCounts, ScanRunStore } from './ScanRunStore';
import { SCAN_RUNS, Timestamp, defined, toIso } from './tableRows';

const INTERRUPTED_ERROR = 'interrupted: the backend stopped during the scan';

type ScanRunRow = {
  id: string;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  status: ScanRunStatus;
  trigger: ScanTrigger | null;
  entity_ref: string | null;
  repositories_total: number | string | null;
  repositories_scanned: number | string;
  repositories_skipped: number | string;
  repositories_failed: number | string;
  error: string | null;
};

function toScanRun(row: ScanRunRow): ScanRun {
  return {
    id: row.id,
    startedAt: toIso(row.started_at),
    ...(row.finished_at ? { finishedAt: toIso(row.finished_at) } : {}),
    status: row.status,
    ...(row.trigger ? { trigger: row.trigger } : {}),
    ...(row.entity_ref ? { entityRef: row.entity_ref } : {}),
    repositoriesTotal: Number(row.repositories_total ?? 0),
    repositoriesScanned: Number(row.repositories_scanned),
    repositoriesSkipped: Number(row.repositories_skipped),
    repositoriesFailed: Number(row.repositories_failed),
    ...(row.error ? { error: row.error } : {}),
  };
}

/**
 * The scan runs in the plugin's database (SQLite or PostgreSQL).
 *
 * @internal
 */
export class DatabaseScanRunStore implements ScanRunStore {
  /** On a client whose tables are migrated (see openPlatformDatabase). */
  constructor(private readonly db: Knex) {}

  async ping(): Promise<void> {
    await this.db.raw('select 1');
  }

  async createScanRun(run: {
    id: string;
    trigger: ScanTrigger;
    entityRef?: string;
  }): Promise<ScanRun> {
    const row: ScanRunRow = {
      id: run.id,
      started_at: new Date(),
      finished_at: null,
      status: 'running',
      trigger: run.trigger,
      entity_ref: run.entityRef ?? null,
      repositories_total: 0,
      repositories_scanned: 0,
      repositories_skipped: 0,
      repositories_failed: 0,
      error: null,
    };
    await this.db<ScanRunRow>(SCAN_RUNS).insert(row);
    return toScanRun(row);
  }

  async updateScanRun(id: string, counts: ScanRunCounts): Promise<void> {
    const update = defined<Partial<ScanRunRow>>({
      repositories_total: counts.repositoriesTotal,
      repositories_scanned: counts.repositoriesScanned,
      repositories_skipped: counts.repositoriesSkipped,
      repositories_failed: counts.repositoriesFailed,
    });
    if (Object.keys(update).length === 0) {
      return;
    }
    await this.db<ScanRunRow>(SCAN_RUNS).where({ id }).update(update);
  }

  async finishScanRun(
    id: string,
    result: { status: 'succeeded' | 'failed'; error?: string },
  ): Promise<void> {
    await this.db<ScanRunRow>(SCAN_RUNS)
      .where({ id })
      .update({
        status: result.status,
        error: result.error ?? null,
        finished_at: new Date(),
      });
  }

  async getLatestScanRun(
    options: { organisationWide?: boolean } = {},
  ): Promise<ScanRun | undefined> {
    const query = this.db<ScanRunRow>(SCAN_RUNS);
    if (options.organisationWide) {
      query.whereNull('entity_ref');
    }
    const row = await query
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .first();
    return row ? toScanRun(row) : undefined;
  }

  async getScanRun(id: string): Promise<ScanRun | undefined> {
    const row = await this.db<ScanRunRow>(SCAN_RUNS).where({ id }).first();
    return row ? toScanRun(row) : undefined;
  }

  async failInterruptedScanRuns(startedBefore: Date): Promise<number> {
    return await this.db<ScanRunRow>(SCAN_RUNS)
      .where('status', 'running')
      .andWhere('started_at', '<', startedBefore)
      .update({
        status: 'failed',
        error: INTERRUPTED_ERROR,
        finished_at: new Date(),
      });
  }
}
