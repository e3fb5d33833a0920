import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  ORDERS,
  PAYMENTS,
  createFilledStores,
  ordersRows,
  replace,
  createStores,
  repositories,
  databases,
} from './__testUtils__/driftFixtures';
import { createPlatformStores } from './createPlatformStores';

const directory = resolvePackagePath(
  '@platform-portal/plugin-platform-backend',
  'migrations',
);

const TABLES = [
  'platform_scan_runs',
  'platform_modules',
  'platform_repositories',
  'platform_drift_rows',
  'platform_scan_problems',
  'platform_daily_counts',
  'platform_report_state',
];

async function migrateUpTo(knex: Knex, name: string) {
  const done = async () =>
    (
      (await knex.migrate.list({ directory }))[0] as Array<
        string | { name: string }
      >
    ).map(m => (typeof m === 'string' ? m : m.name));
  while (!(await done()).some(m => m.startsWith(name))) {
    await knex.migrate.up({ directory });
  }
}

/** Migrates down until the migration whose name starts with `name` is undone. */
async function migrateDownThrough(knex: Knex, name: string) {
  const done = async () =>
    (
      (await knex.migrate.list({ directory }))[0] as Array<
        string | { name: string }
      >
    ).map(m => (typeof m === 'string' ? m : m.name));
  while ((await done()).some(m => m.startsWith(name))) {
    await knex.migrate.down({ directory });
  }
}

/** The indexes of a table, by name. */
async function indexesOf(knex: Knex, table: string): Promise<string[]> {
  const rows: Array<{ name: string }> =
    knex.client.dialect === 'postgresql'
      ? (
          await knex.raw(
            'select indexname as name from pg_indexes where tablename = ?',
            [table],
          )
        ).rows
      : await knex('sqlite_master')
          .select('name')
          .where({ type: 'index', tbl_name: table })
          .andWhereNot('name', 'like', 'sqlite_autoindex%');
  return rows.map(row => row.name).sort();
}

describe.each(databases.eachSupportedId())('the migrations on %s', id => {
  it('create the tables the stores use, and none that only answered the report in SQL', async () => {
    const { knex } = await createStores(id);
    for (const table of TABLES) {
      expect({ table, exists: await knex.schema.hasTable(table) }).toEqual({
        table,
        exists: true,
      });
    }
    expect(await knex.schema.hasTable('platform_drift_counts')).toBe(false);
    for (const [table, column] of [
      ['platform_drift_rows', 'search'],
      ['platform_drift_rows', 'version_key'],
      ['platform_repositories', 'reference_count'],
    ]) {
      expect({
        column,
        exists: await knex.schema.hasColumn(table, column),
      }).toEqual({ column, exists: false });
    }
    expect(await indexesOf(knex, 'platform_drift_rows')).toEqual(
      expect.arrayContaining(['platform_drift_rows_entity_ref_idx']),
    );
  });

  it('keep the rows of a database the report read in SQL, and put back what they dropped when migrated down', async () => {
    const knex = await databases.init(id);
    await migrateUpTo(knex, '20261203000000');
    const indexesBefore = {
      rows: await indexesOf(knex, 'platform_drift_rows'),
      repositories: await indexesOf(knex, 'platform_repositories'),
    };
    await knex('platform_repositories').insert({
      entity_ref: ORDERS,
      url: repositories[1].url,
      owner: repositories[1].owner,
      status: 'ok',
      files_scanned: 1,
      reference_count: 2,
    });
    const base = {
      entity_ref: ORDERS,
      owner: repositories[1].owner,
      kind: 'terraform-module',
      line: 1,
      column: 1,
      name: 'x',
      pin: 'ref',
      severity: 0,
    };
    await knex('platform_drift_rows').insert([
      {
        ...base,
        module: 'vpc',
        platform: 'acme',
        environment: 'production',
        file: 'Terraform/Main.tf',
        source: 'git::https://git.example.com/acme/platform//modules/vpc',
        version: 'v1.2.0',
        version_key: '000000000001.000000000002.000000000000~',
        verdict: 'up-to-date',
        explanation: 'Up to date',
        search:
          'component:default/orders\nvpc\ngit::https://git.example.com/acme/platform//modules/vpc\nterraform/main.tf\nup to date',
      },
      {
        ...base,
        file: 'terraform/consul.tf',
        source: 'hashicorp/Consul/aws',
        version: '~> 3.0',
        verdict: 'external',
        explanation: 'Not a platform module',
        search:
          'component:default/orders\n\nhashicorp/consul/aws\nterraform/consul.tf\nnot a platform module',
      },
    ]);
    const rowsBefore = await knex('platform_drift_rows').orderBy('id');
    await knex('platform_drift_counts').insert([
      {
        owner: repositories[1].owner,
        module: 'vpc',
        verdict: 'up-to-date',
        environment: 'production',
        kind: 'terraform-module',
        count: 1,
      },
      {
        owner: repositories[1].owner,
        module: '',
        verdict: 'external',
        environment: '',
        kind: 'terraform-module',
        count: 1,
      },
    ]);
    const countsBefore = await knex('platform_drift_counts').orderBy('verdict');

    const { report } = await createPlatformStores({
      database: { getClient: async () => knex },
    });
    expect(await report.getSummary({})).toEqual({
      total: 2,
      services: 1,
      byVerdict: { 'up-to-date': 1, external: 1 },
      byModule: [{ module: 'vpc', total: 1, drifted: 0 }],
    });
    for (const [text, count] of [
      ['consul', 1],
      ['MAIN.TF', 1],
      ['default/orders', 2],
      ['not a platform', 1],
    ] as const) {
      expect((await report.queryDrift({ text })).totalCount).toBe(count);
    }
    expect(
      (await report.queryDrift({ sort: 'version' })).items.map(i => i.version),
    ).toEqual(['v1.2.0', '~> 3.0']);

    await migrateDownThrough(knex, '20261210000000');
    expect(await knex('platform_drift_rows').orderBy('id')).toEqual(rowsBefore);
    expect(await knex('platform_drift_counts').orderBy('verdict')).toEqual(
      countsBefore,
    );
    expect(
      await knex('platform_repositories').select(
        'entity_ref',
        'reference_count',
      ),
    ).toEqual([{ entity_ref: ORDERS, reference_count: 2 }]);
    expect({
      rows: await indexesOf(knex, 'platform_drift_rows'),
      repositories: await indexesOf(knex, 'platform_repositories'),
    }).toEqual(indexesBefore);
  });

  it('add the call check columns to the drift rows, keeping the rows, and remove them when migrated down', async () => {
    const knex = await databases.init(id);
    await migrateUpTo(knex, '20261210000000');
    await knex('platform_repositories').insert({
      entity_ref: ORDERS,
      url: repositories[1].url,
      status: 'ok',
      files_scanned: 1,
    });
    await knex('platform_drift_rows').insert({
      entity_ref: ORDERS,
      kind: 'terraform-module',
      module: 'vpc',
      platform: 'acme',
      file: 'main.tf',
      line: 1,
      column: 1,
      source: 'git::https://git.example.com/acme/platform//modules/vpc',
      name: 'vpc',
      pin: 'ref',
      version: '1.2.0',
      verdict: 'up-to-date',
      severity: 0,
      explanation: 'Up to date',
    });
    const rowsBefore = await knex('platform_drift_rows').orderBy('id');
    const indexesBefore = await indexesOf(knex, 'platform_drift_rows');

    await knex.migrate.up({ directory });
    for (const column of ['call_status', 'call_check']) {
      expect({
        column,
        exists: await knex.schema.hasColumn('platform_drift_rows', column),
      }).toEqual({ column, exists: true });
    }
    const { report, repositories: store } = await createPlatformStores({
      database: { getClient: async () => knex },
    });
    // A row written before the migration reads as not checked.
    const [unchecked] = (await report.queryDrift({})).items;
    expect(unchecked).toMatchObject({ module: 'vpc', version: '1.2.0' });
    expect(unchecked.callStatus).toBeUndefined();
    expect((await report.queryDrift({ callStatus: ['ok'] })).totalCount).toBe(
      0,
    );
    await replace(store, ORDERS, [
      ...ordersRows,
      {
        ...ordersRows[0],
        line: 9,
        callStatus: 'breaking-upgrade',
        callFindings: [],
        upgrade: { to: '2.0.0', breaking: true, needs: ['`name` is removed'] },
      },
    ]);
    expect(
      (await report.getEntityDrift(ORDERS)).references.map(r => [
        r.line,
        r.callStatus,
        r.upgrade?.to,
      ]),
    ).toEqual([
      [1, undefined, undefined],
      [1, undefined, undefined],
      [1, 'broken', undefined],
      [9, 'breaking-upgrade', '2.0.0'],
    ]);

    // The stores migrated to the latest; later migrations go first.
    await migrateDownThrough(knex, '20261211000000');
    for (const column of ['call_status', 'call_check']) {
      expect({
        column,
        exists: await knex.schema.hasColumn('platform_drift_rows', column),
      }).toEqual({ column, exists: false });
    }
    expect(
      Number(
        (await knex('platform_drift_rows').count({ count: '*' }))[0].count,
      ),
    ).toBe(4);
    expect(Object.keys(rowsBefore[0]).sort()).toEqual(
      Object.keys((await knex('platform_drift_rows').first())!).sort(),
    );
    expect(await indexesOf(knex, 'platform_drift_rows')).toEqual(indexesBefore);
  });

  it('migrate down cleanly', async () => {
    const { knex, trends } = await createFilledStores(id);
    await trends.recordDailyCounts('2026-11-21');
    await knex.migrate.rollback({ directory }, true);
    for (const table of TABLES) {
      expect({ table, exists: await knex.schema.hasTable(table) }).toEqual({
        table,
        exists: false,
      });
    }
  });

  it('migrate down one at a time to the scan runs table', async () => {
    const { knex, scanRuns, repositories: results } = await createStores(id);
    await scanRuns.createScanRun({ id: 'run-1', trigger: 'manual' });
    await results.syncRepositories([repositories[0]]);
    await results.replaceRepositoryResults(PAYMENTS, {
      commit: 'c0ffee',
      platformFingerprint: 'fp',
      scannedAt: new Date(),
      filesScanned: 1,
      rows: [],
      problems: [],
    });
    for (
      let i = 0;
      i < 20 && (await knex.schema.hasTable('platform_drift_rows'));
      i++
    ) {
      await knex.migrate.down({ directory });
    }
    expect(await knex.schema.hasTable('platform_drift_rows')).toBe(false);
    expect(await knex.schema.hasColumn('platform_scan_runs', 'trigger')).toBe(
      false,
    );
    expect(await knex('platform_scan_runs').select('id')).toEqual([
      { id: 'run-1' },
    ]);
  });
});
