import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@platform-portal/plugin-platform-backend',
  'migrations',
);

/**
 * Puts a SQLite file in write-ahead-log mode with synchronous=NORMAL: a commit then appends to
 * the log instead of syncing the database file twice, which made the scanner's small
 * transactions (a claim, a result) cost milliseconds each, and readers no longer wait for the
 * writer. A transaction stays atomic; only the last commits before a power loss (not a crash of
 * the backend) may be rolled back. In-memory databases keep their journal.
 */
async function useWriteAheadLog(db: Knex): Promise<void> {
  const [{ journal_mode: mode }] = (await db.raw('pragma journal_mode')) as [
    { journal_mode: string },
  ];
  if (mode === 'memory') {
    return;
  }
  if (mode !== 'wal') {
    await db.raw('pragma journal_mode = WAL');
  }
  await db.raw('pragma synchronous = NORMAL');
}

/**
 * The plugin's database client, its tables migrated to the latest version (unless the backend
 * or the caller skips migrations).
 *
 * @internal
 */
export async function openPlatformDatabase(options: {
  database: DatabaseService;
  skipMigrations?: boolean;
}): Promise<Knex> {
  const client = await options.database.getClient();
  if (client.client.dialect === 'sqlite3') {
    await useWriteAheadLog(client);
  }
  if (!options.database.migrations?.skip && !options.skipMigrations) {
    await client.migrate.latest({ directory: migrationsDir });
  }
  return client;
}
