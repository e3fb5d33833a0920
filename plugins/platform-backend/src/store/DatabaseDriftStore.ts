import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ScanRun, ScanRunStatus } from '@internal/plugin-platform-common';
import { Knex } from 'knex';
import { DriftStore } from './DriftStore';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-platform-backend',
  'migrations',
);

type ScanRunRow = {
  id: string;
  started_at: Date | string;
  finished_at: Date | string | null;
  status: ScanRunStatus;
  repositories_scanned: number;
  repositories_skipped: number;
  repositories_failed: number;
};

// SQLite hands timestamps back as strings or epoch numbers, PostgreSQL as Dates.
function toIso(value: Date | string | number): string {
  return new Date(value).toISOString();
}

/**
 * The DriftStore on the plugin's own database (SQLite or PostgreSQL).
 *
 * @internal
 */
export class DatabaseDriftStore implements DriftStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseDriftStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseDriftStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async ping(): Promise<void> {
    await this.db.raw('select 1');
  }

  async getLatestScanRun(): Promise<ScanRun | undefined> {
    const row = await this.db<ScanRunRow>('platform_scan_runs')
      .orderBy('started_at', 'desc')
      .first();
    if (!row) {
      return undefined;
    }
    return {
      id: row.id,
      startedAt: toIso(row.started_at),
      ...(row.finished_at ? { finishedAt: toIso(row.finished_at) } : {}),
      status: row.status,
      repositoriesScanned: Number(row.repositories_scanned),
      repositoriesSkipped: Number(row.repositories_skipped),
      repositoriesFailed: Number(row.repositories_failed),
    };
  }
}
