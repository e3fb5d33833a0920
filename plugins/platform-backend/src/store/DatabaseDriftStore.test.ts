import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { DatabaseDriftStore } from './DatabaseDriftStore';

// PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING points at a server
// (the test script and CI set it); SQLite always runs.
const databases = TestDatabases.create({ ids: ['POSTGRES_16', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())('DatabaseDriftStore on %s', id => {
  async function createStore(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    const store = await DatabaseDriftStore.create({
      database: { getClient: async () => knex },
    });
    return { knex, store };
  }

  it('creates its tables and answers that no scan has run', async () => {
    const { knex, store } = await createStore(id);
    expect(await knex.schema.hasTable('platform_scan_runs')).toBe(true);
    await expect(store.ping()).resolves.toBeUndefined();
    await expect(store.getLatestScanRun()).resolves.toBeUndefined();
  });

  it('returns the most recently started scan run', async () => {
    const { knex, store } = await createStore(id);
    await knex('platform_scan_runs').insert([
      {
        id: 'older',
        started_at: new Date('2026-11-20T08:00:00Z'),
        finished_at: new Date('2026-11-20T08:01:30Z'),
        status: 'succeeded',
        repositories_scanned: 12,
        repositories_skipped: 0,
        repositories_failed: 0,
      },
      {
        id: 'newer',
        started_at: new Date('2026-11-21T08:00:00Z'),
        finished_at: null,
        status: 'running',
        repositories_scanned: 3,
        repositories_skipped: 1,
        repositories_failed: 2,
      },
    ]);

    expect(await store.getLatestScanRun()).toEqual({
      id: 'newer',
      startedAt: '2026-11-21T08:00:00.000Z',
      status: 'running',
      repositoriesScanned: 3,
      repositoriesSkipped: 1,
      repositoriesFailed: 2,
    });
  });

  it('migrates down cleanly', async () => {
    const { knex } = await createStore(id);
    await knex.migrate.rollback(
      {
        directory: resolvePackagePath(
          '@internal/plugin-platform-backend',
          'migrations',
        ),
      },
      true,
    );
    expect(await knex.schema.hasTable('platform_scan_runs')).toBe(false);
  });
});
