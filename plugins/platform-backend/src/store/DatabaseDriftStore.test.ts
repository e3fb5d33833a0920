import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  DriftVerdict,
  driftVerdicts,
  PlatformModuleInfo,
  verdictSeverity,
} from '@internal/plugin-platform-common';
import { DatabaseDriftStore } from './DatabaseDriftStore';
import { DiscoveredRepository, DriftRowInput, DriftStore } from './DriftStore';
import { withReportIndex } from './withReportIndex';

// PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING points at a server
// (the test script and CI set it); SQLite always runs.
const databases = TestDatabases.create({ ids: ['POSTGRES_16', 'SQLITE_3'] });

const PAYMENTS = 'component:default/payments-api';
const ORDERS = 'component:default/orders';
const SEARCH = 'component:default/search';

const repositories: DiscoveredRepository[] = [
  {
    entityRef: PAYMENTS,
    url: 'https://git.example.com/acme/payments-api',
    owner: 'group:default/team-payments',
    system: 'system:default/payments',
  },
  {
    entityRef: ORDERS,
    url: 'https://git.example.com/acme/orders',
    owner: 'group:default/team-orders',
  },
  {
    entityRef: SEARCH,
    url: 'https://git.example.com/acme/search',
    owner: 'group:default/team-search',
  },
];

function row(
  overrides: Partial<DriftRowInput> & { verdict: DriftVerdict },
): DriftRowInput {
  const module = 'module' in overrides ? overrides.module : 'vpc';
  return {
    platform: module ? 'acme' : undefined,
    module,
    kind: 'terraform-module',
    file: 'main.tf',
    line: 1,
    column: 1,
    source: `git::https://git.example.com/acme/platform//modules/${module}`,
    name: `acme/${module}`,
    pin: 'ref',
    explanation: 'checked against the platform',
    severity: verdictSeverity(overrides.verdict),
    ...overrides,
  };
}

const paymentsRows: DriftRowInput[] = [
  row({
    verdict: 'minor-behind',
    version: '1.2.0',
    latest: '1.10.0',
    releasesBehind: 3,
    environment: 'production',
    file: 'infra/production/main.tf',
    line: 3,
  }),
  row({
    verdict: 'minor-behind',
    version: '1.2.0',
    latest: '1.10.0',
    releasesBehind: 3,
    environment: 'production',
    file: 'infra/production/main.tf',
    line: 20,
  }),
  row({
    verdict: 'up-to-date',
    version: '1.4.0',
    environment: 'staging',
    file: 'infra/staging/main.tf',
  }),
  row({
    verdict: 'major-behind',
    module: 'deploy',
    kind: 'github-reusable-workflow',
    version: '2.0.0',
    file: '.github/workflows/deploy_prod.yml',
    line: 12,
  }),
];

const ordersRows: DriftRowInput[] = [
  row({
    verdict: 'up-to-date',
    version: '1.10.0',
    environment: 'production',
    file: 'terraform/main.tf',
  }),
  row({
    verdict: 'external',
    module: undefined,
    source: 'hashicorp/consul/aws',
    name: 'hashicorp/consul/aws',
    pin: 'constraint',
    file: 'terraform/consul.tf',
  }),
  row({
    verdict: 'deprecated',
    module: 'rds',
    version: '0.9.0',
    file: 'terraform/db.tf',
    explanation: 'Move to aurora: 100% of new databases use it',
  }),
];

const searchRows: DriftRowInput[] = [
  row({ verdict: 'unpinned', pin: 'none', file: 'main.tf' }),
];

function moduleInfo(
  name: string,
  overrides: Partial<PlatformModuleInfo> = {},
): PlatformModuleInfo {
  return {
    platform: 'acme',
    name,
    kind: 'terraform-module',
    path: `modules/${name}`,
    repository: 'https://git.example.com/acme/platform',
    tagPattern: `${name}/v{version}`,
    versions: [],
    deprecations: [],
    ...overrides,
  };
}

function sleep(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

describe.each(databases.eachSupportedId())('DatabaseDriftStore on %s', id => {
  async function createStore(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    const store = await DatabaseDriftStore.create({
      database: { getClient: async () => knex },
    });
    return { knex, store };
  }

  async function replace(
    store: DriftStore,
    entityRef: string,
    rows: DriftRowInput[],
    options: { commit?: string; scannedAt?: Date } = {},
  ) {
    await store.replaceRepositoryResults(entityRef, {
      commit: options.commit ?? 'c0ffee',
      branch: 'main',
      platformFingerprint: 'fp-1',
      scannedAt: options.scannedAt ?? new Date('2026-11-21T08:00:00Z'),
      filesScanned: 10,
      rows,
      problems: [],
    });
  }

  /** Three services with seven references between them. */
  async function createFilledDatabase() {
    const created = await createStore(id);
    const { store } = created;
    await store.replacePlatformModules('acme', [
      moduleInfo('vpc', {
        latest: '1.10.0',
        versions: ['1.10.0', '1.4.0', '1.2.0'],
      }),
      moduleInfo('deploy', { kind: 'github-workflow' }),
      moduleInfo('rds'),
    ]);
    await store.syncRepositories(repositories);
    await replace(store, PAYMENTS, paymentsRows);
    await replace(store, ORDERS, ordersRows);
    await replace(store, SEARCH, searchRows);
    return created;
  }

  it('creates its tables and answers that no scan has run', async () => {
    const { knex, store } = await createStore(id);
    for (const table of [
      'platform_scan_runs',
      'platform_modules',
      'platform_repositories',
      'platform_drift_rows',
      'platform_scan_problems',
      'platform_daily_counts',
    ]) {
      expect(await knex.schema.hasTable(table)).toBe(true);
    }
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
      repositoriesTotal: 0,
      repositoriesScanned: 3,
      repositoriesSkipped: 1,
      repositoriesFailed: 2,
    });
  });

  it('follows a scan run from start to finish', async () => {
    const { store } = await createStore(id);
    const before = Date.now();
    const created = await store.createScanRun({
      id: 'run-1',
      trigger: 'manual',
      entityRef: PAYMENTS,
    });
    expect(created).toEqual({
      id: 'run-1',
      startedAt: expect.any(String),
      status: 'running',
      trigger: 'manual',
      entityRef: PAYMENTS,
      repositoriesTotal: 0,
      repositoriesScanned: 0,
      repositoriesSkipped: 0,
      repositoriesFailed: 0,
    });
    expect(Date.parse(created.startedAt)).toBeGreaterThanOrEqual(before);
    expect(await store.getScanRun('run-1')).toEqual(created);

    await store.updateScanRun('run-1', { repositoriesTotal: 3 });
    await store.updateScanRun('run-1', {
      repositoriesScanned: 1,
      repositoriesSkipped: 1,
    });
    await store.updateScanRun('run-1', {});
    await store.finishScanRun('run-1', {
      status: 'failed',
      error: 'platform repository unreachable',
    });

    const finished = await store.getLatestScanRun();
    expect(finished).toEqual({
      ...created,
      finishedAt: expect.any(String),
      status: 'failed',
      repositoriesTotal: 3,
      repositoriesScanned: 1,
      repositoriesSkipped: 1,
      error: 'platform repository unreachable',
    });
    expect(Date.parse(finished!.finishedAt!)).toBeGreaterThanOrEqual(
      Date.parse(created.startedAt),
    );
    expect(await store.getScanRun('missing')).toBeUndefined();
  });

  it('fails runs interrupted by a stopped backend', async () => {
    const { knex, store } = await createStore(id);
    const base = {
      finished_at: null,
      repositories_scanned: 0,
      repositories_skipped: 0,
      repositories_failed: 0,
    };
    await knex('platform_scan_runs').insert([
      {
        ...base,
        id: 'stale',
        started_at: new Date('2026-11-20T08:00:00Z'),
        status: 'running',
      },
      {
        ...base,
        id: 'done',
        started_at: new Date('2026-11-20T07:00:00Z'),
        finished_at: new Date('2026-11-20T07:10:00Z'),
        status: 'succeeded',
      },
    ]);
    const startup = new Date();
    await store.createScanRun({ id: 'current', trigger: 'startup' });

    // The current run may share the millisecond of startup: it must not count as interrupted.
    expect(
      await store.failInterruptedScanRuns(new Date(startup.getTime() - 1)),
    ).toBe(1);

    expect(await store.getScanRun('stale')).toMatchObject({
      status: 'failed',
      error: 'interrupted: the backend stopped during the scan',
      finishedAt: expect.any(String),
    });
    expect(await store.getScanRun('done')).toMatchObject({
      status: 'succeeded',
      finishedAt: '2026-11-20T07:10:00.000Z',
    });
    expect((await store.getScanRun('done'))?.error).toBeUndefined();
    expect(await store.getScanRun('current')).toMatchObject({
      status: 'running',
    });
    expect(await store.failInterruptedScanRuns(startup)).toBe(0);
  });

  it('replaces the modules of one platform only', async () => {
    const { store } = await createStore(id);
    const vpc = moduleInfo('vpc', {
      description: 'The network',
      latest: '1.10.0',
      versions: ['1.10.0', '1.11.0-rc.1', '1.2.0'],
      supportedMajors: 2,
      deprecations: [{ versions: '< 1.0.0', message: 'too old' }],
    });
    await store.replacePlatformModules('acme', [vpc, moduleInfo('rds')]);
    await store.replacePlatformModules('other', [
      moduleInfo('vpc', { platform: 'other' }),
    ]);
    expect(await store.listModules()).toEqual([
      moduleInfo('rds'),
      vpc,
      moduleInfo('vpc', { platform: 'other' }),
    ]);

    await store.replacePlatformModules('acme', [moduleInfo('queue')]);
    expect((await store.listModules()).map(m => m.name)).toEqual([
      'queue',
      'vpc',
    ]);
  });

  it('counts a new report generation for each write that changes the report, and only for those', async () => {
    const { store } = await createStore(id);
    const generations: string[] = [await store.getReportGeneration()];
    const expectChange = async (changed: boolean) => {
      const generation = await store.getReportGeneration();
      expect({ changed: generation !== generations.at(-1) }).toEqual({
        changed,
      });
      generations.push(generation);
    };

    await store.replacePlatformModules('acme', [moduleInfo('vpc')]);
    await expectChange(true);
    await store.syncRepositories(repositories);
    await expectChange(false); // new repositories have no rows yet
    await replace(store, PAYMENTS, paymentsRows);
    await expectChange(true);
    await store.syncRepositories(repositories);
    await expectChange(false);
    await store.syncRepositories([
      { ...repositories[0], owner: 'group:default/team-new' },
      ...repositories.slice(1),
    ]);
    await expectChange(true);
    await store.markRepositoryUnchanged(PAYMENTS, new Date());
    await store.recordRepositoryFailure(ORDERS, {
      error: 'gone',
      checkedAt: new Date(),
    });
    await expectChange(false);
    await store.upsertRepository(repositories[0]);
    await expectChange(true);
    await store.syncRepositories(repositories.slice(1));
    await expectChange(true);
  });

  describe('repositories', () => {
    it('adds new repositories as pending, updates and removes them', async () => {
      const { store } = await createFilledDatabase();
      await store
        .getEntityDrift(ORDERS)
        .then(drift => expect(drift.references).toHaveLength(3));
      await store.replaceRepositoryResults(ORDERS, {
        commit: 'abc',
        platformFingerprint: 'fp-1',
        scannedAt: new Date('2026-11-21T08:00:00Z'),
        filesScanned: 4,
        rows: ordersRows,
        problems: [{ file: 'broken.tf', line: 2, message: 'parse error' }],
      });

      await store.syncRepositories([
        {
          ...repositories[0],
          url: 'https://git.example.com/acme/payments',
          owner: 'group:default/team-money',
          system: undefined,
        },
        repositories[2],
        { entityRef: 'component:default/new', url: 'https://git/new' },
      ]);

      expect(await store.listRepositoryStatuses()).toEqual([
        {
          entityRef: 'component:default/new',
          url: 'https://git/new',
          status: 'pending',
          filesScanned: 0,
        },
        {
          entityRef: PAYMENTS,
          url: 'https://git.example.com/acme/payments',
          commit: 'c0ffee',
          branch: 'main',
          scannedAt: '2026-11-21T08:00:00.000Z',
          checkedAt: '2026-11-21T08:00:00.000Z',
          status: 'ok',
          filesScanned: 10,
        },
        expect.objectContaining({ entityRef: SEARCH, status: 'ok' }),
      ]);

      // The gone repository's rows and problems went with it.
      expect(await store.getEntityDrift(ORDERS)).toEqual({
        entityRef: ORDERS,
        references: [],
        problems: [],
      });
      expect((await store.queryDrift({ entityRef: [ORDERS] })).totalCount).toBe(
        0,
      );

      // Owner and system of the kept rows follow the catalog.
      const payments = await store.queryDrift({ entityRef: [PAYMENTS] });
      expect(payments.totalCount).toBe(4);
      for (const item of payments.items) {
        expect(item.owner).toBe('group:default/team-money');
        expect(item.system).toBeUndefined();
      }
      expect(
        (await store.queryDrift({ owner: ['group:default/team-payments'] }))
          .totalCount,
      ).toBe(0);
    });

    it('upserts one repository without touching the others', async () => {
      const { store } = await createFilledDatabase();
      await store.upsertRepository({
        entityRef: 'component:default/new',
        url: 'https://git/new',
      });
      await store.upsertRepository({
        ...repositories[1],
        owner: 'group:default/team-shop',
      });
      const statuses = await store.listRepositoryStatuses();
      expect(statuses.map(s => [s.entityRef, s.status])).toEqual([
        ['component:default/new', 'pending'],
        [ORDERS, 'ok'],
        [PAYMENTS, 'ok'],
        [SEARCH, 'ok'],
      ]);
      expect(
        (await store.queryDrift({ owner: ['group:default/team-shop'] }))
          .totalCount,
      ).toBe(3);
    });

    it('claims a repository once per cycle and while no lease is live', async () => {
      const { store } = await createStore(id);
      await store.syncRepositories(repositories);
      const cycle1 = new Date();

      const claim = (
        holder: string,
        notCheckedSince = cycle1,
        leaseMs = 60_000,
      ) =>
        store.claimRepository(PAYMENTS, { holder, leaseMs, notCheckedSince });

      expect(await claim('a')).toEqual({
        entityRef: PAYMENTS,
        url: repositories[0].url,
        owner: repositories[0].owner,
        system: repositories[0].system,
      });
      // The lease is live.
      expect(await claim('b')).toBeUndefined();
      expect(await claim('a')).toBeUndefined();

      const scannedAt = new Date();
      await replace(store, PAYMENTS, paymentsRows, { scannedAt });
      // Checked in this cycle: nobody scans it again.
      expect(await claim('b')).toBeUndefined();
      // Checked exactly at the start of a cycle counts as checked in it.
      expect(await claim('b', scannedAt)).toBeUndefined();

      // The next cycle gets what the last scan saw.
      const cycle2 = new Date(scannedAt.getTime() + 1);
      expect(await claim('b', cycle2)).toEqual({
        entityRef: PAYMENTS,
        url: repositories[0].url,
        owner: repositories[0].owner,
        system: repositories[0].system,
        commit: 'c0ffee',
        platformFingerprint: 'fp-1',
      });

      expect(
        await store.claimRepository('component:default/unknown', {
          holder: 'a',
          leaseMs: 60_000,
          notCheckedSince: cycle2,
        }),
      ).toBeUndefined();
    });

    it('lets another holder take an expired lease', async () => {
      const { store } = await createStore(id);
      await store.syncRepositories(repositories);
      const notCheckedSince = new Date();
      expect(
        await store.claimRepository(ORDERS, {
          holder: 'crashed-instance',
          leaseMs: 5,
          notCheckedSince,
        }),
      ).toBeDefined();
      await sleep(30);
      expect(
        await store.claimRepository(ORDERS, {
          holder: 'b',
          leaseMs: 60_000,
          notCheckedSince,
        }),
      ).toMatchObject({ entityRef: ORDERS });
    });

    it('lets two instances racing over the same repositories claim each once', async () => {
      const { knex, store: first } = await createStore(id);
      const second = await DatabaseDriftStore.create({
        database: { getClient: async () => knex },
        skipMigrations: true,
      });
      const refs = Array.from(
        { length: 50 },
        (_, i) => `component:default/service-${String(i).padStart(2, '0')}`,
      );
      await first.syncRepositories(
        refs.map(entityRef => ({ entityRef, url: `https://git/${entityRef}` })),
      );
      const notCheckedSince = new Date();

      // Both instances walk the whole list, one forwards and one backwards, interleaved.
      const attempts: Array<Promise<[string, string, boolean]>> = [];
      for (let i = 0; i < refs.length; i++) {
        for (const [holder, store, ref] of [
          ['first', first, refs[i]],
          ['second', second, refs[refs.length - 1 - i]],
        ] as const) {
          attempts.push(
            store
              .claimRepository(ref, {
                holder,
                leaseMs: 60_000,
                notCheckedSince,
              })
              .then(claimed => [ref, holder, claimed !== undefined]),
          );
        }
      }
      const results = await Promise.all(attempts);

      const winners = new Map<string, string[]>();
      for (const [ref, holder, won] of results) {
        if (won) {
          winners.set(ref, [...(winners.get(ref) ?? []), holder]);
        }
      }
      expect(winners.size).toBe(50);
      for (const ref of refs) {
        expect(winners.get(ref)).toHaveLength(1);
      }
      const holders = await knex('platform_repositories').select(
        'entity_ref',
        'lease_holder',
      );
      for (const { entity_ref, lease_holder } of holders) {
        expect(winners.get(entity_ref)).toEqual([lease_holder]);
      }
    });

    it('claims a batch of repositories in one statement, in the order asked', async () => {
      const { store } = await createStore(id);
      await store.syncRepositories(repositories);
      const options = {
        holder: 'a',
        leaseMs: 60_000,
        notCheckedSince: new Date(),
      };
      expect(await store.claimRepository(ORDERS, options)).toBeDefined();

      const claimed = await store.claimRepositories(
        [SEARCH, ORDERS, 'component:default/unknown', PAYMENTS, SEARCH],
        { ...options, holder: 'b' },
      );
      // Orders is leased to a; each repository once.
      expect(claimed.map(c => c.entityRef)).toEqual([SEARCH, PAYMENTS]);
      expect(claimed[1]).toEqual({
        entityRef: PAYMENTS,
        url: repositories[0].url,
        owner: repositories[0].owner,
        system: repositories[0].system,
      });
      expect(
        await store.claimRepositories([SEARCH, PAYMENTS, ORDERS], options),
      ).toEqual([]);

      // Unchanged repositories are released and checked in one transaction.
      const checkedAt = new Date(Date.now() + 10);
      await store.markRepositoriesUnchanged([SEARCH, PAYMENTS], checkedAt);
      const statuses = await store.listRepositoryStatuses();
      expect(statuses.map(s => [s.entityRef, s.status, s.checkedAt])).toEqual([
        [ORDERS, 'pending', undefined],
        [PAYMENTS, 'pending', checkedAt.toISOString()],
        [SEARCH, 'pending', checkedAt.toISOString()],
      ]);
      const nextCycle = new Date(checkedAt.getTime() + 1);
      expect(
        (
          await store.claimRepositories([PAYMENTS, SEARCH, ORDERS], {
            ...options,
            holder: 'c',
            notCheckedSince: nextCycle,
          })
        ).map(c => c.entityRef),
      ).toEqual([PAYMENTS, SEARCH]);
    });

    it('lets two instances claiming batches in opposite orders claim each once', async () => {
      const { knex, store: first } = await createStore(id);
      const second = await DatabaseDriftStore.create({
        database: { getClient: async () => knex },
        skipMigrations: true,
      });
      const refs = Array.from(
        { length: 120 },
        (_, i) => `component:default/service-${String(i).padStart(3, '0')}`,
      );
      await first.syncRepositories(
        refs.map(entityRef => ({ entityRef, url: `https://git/${entityRef}` })),
      );
      const notCheckedSince = new Date();
      const batches = (
        holder: string,
        store: DatabaseDriftStore,
        order: string[],
      ) =>
        Array.from({ length: 6 }, (_, i) =>
          store
            .claimRepositories(order.slice(i * 20, i * 20 + 40), {
              holder,
              leaseMs: 60_000,
              notCheckedSince,
            })
            .then(claimed => claimed.map(c => [c.entityRef, holder] as const)),
        );
      const results = (
        await Promise.all([
          ...batches('first', first, refs),
          ...batches('second', second, [...refs].reverse()),
        ])
      ).flat();
      const winners = new Map<string, string[]>();
      for (const [ref, holder] of results) {
        winners.set(ref, [...(winners.get(ref) ?? []), holder]);
      }
      expect(winners.size).toBe(120);
      for (const ref of refs) {
        expect(winners.get(ref)).toHaveLength(1);
      }
      const holders = await knex('platform_repositories').select(
        'entity_ref',
        'lease_holder',
      );
      for (const { entity_ref, lease_holder } of holders) {
        expect(winners.get(entity_ref)).toEqual([lease_holder]);
      }
    });

    it('replaces the results of a repository and releases the lease', async () => {
      const { store } = await createStore(id);
      await store.syncRepositories(repositories);
      await store.claimRepository(PAYMENTS, {
        holder: 'a',
        leaseMs: 60_000,
        notCheckedSince: new Date(),
      });
      await replace(store, PAYMENTS, paymentsRows, { commit: 'old' });
      await store.replaceRepositoryResults(PAYMENTS, {
        commit: 'new',
        platformFingerprint: 'fp-2',
        scannedAt: new Date('2026-11-22T08:00:00Z'),
        filesScanned: 7,
        rows: paymentsRows.slice(2),
        problems: [
          { file: 'b.tf', message: 'unreadable' },
          { file: 'a.tf', line: 4, column: 2, message: 'parse error' },
        ],
      });

      const drift = await store.getEntityDrift(PAYMENTS);
      expect(drift.repository).toEqual({
        entityRef: PAYMENTS,
        url: repositories[0].url,
        commit: 'new',
        scannedAt: '2026-11-22T08:00:00.000Z',
        checkedAt: '2026-11-22T08:00:00.000Z',
        status: 'ok',
        filesScanned: 7,
      });
      expect(drift.problems).toEqual([
        { file: 'a.tf', line: 4, column: 2, message: 'parse error' },
        { file: 'b.tf', message: 'unreadable' },
      ]);
      expect(drift.references).toEqual([
        {
          id: expect.any(String),
          entityRef: PAYMENTS,
          owner: repositories[0].owner,
          system: repositories[0].system,
          ...paymentsRows[3],
        },
        {
          id: expect.any(String),
          entityRef: PAYMENTS,
          owner: repositories[0].owner,
          system: repositories[0].system,
          ...paymentsRows[2],
        },
      ]);
    });

    it('keeps the previous results whole when writing new ones fails', async () => {
      const { store } = await createStore(id);
      await store.syncRepositories(repositories);
      await replace(store, PAYMENTS, paymentsRows, { commit: 'old' });
      const before = await store.getEntityDrift(PAYMENTS);

      // Enough rows for several insert batches; one in a later batch violates NOT NULL.
      const rows = Array.from({ length: 600 }, (_, i) =>
        row({ verdict: 'up-to-date', version: '1.10.0', line: i + 1 }),
      );
      rows[450] = { ...rows[450], file: null as unknown as string };
      // Caught by hand: a driver error may come from another realm, which `rejects.toThrow` misses.
      const failure = await store
        .replaceRepositoryResults(PAYMENTS, {
          commit: 'new',
          platformFingerprint: 'fp-2',
          scannedAt: new Date('2026-11-22T08:00:00Z'),
          filesScanned: 600,
          rows,
          problems: [{ file: 'x.tf', message: 'x' }],
        })
        .then(
          () => 'no error',
          (error: unknown) => String(error),
        );
      expect(failure).toMatch(/null/i);

      expect(await store.getEntityDrift(PAYMENTS)).toEqual(before);
      expect(before.references).toHaveLength(4);
      expect(before.repository?.commit).toBe('old');
      expect((await store.queryDrift({})).totalCount).toBe(4);
    });

    it('refuses results for a repository it does not know', async () => {
      const { store } = await createStore(id);
      await expect(
        replace(store, 'component:default/unknown', paymentsRows),
      ).rejects.toThrow(/No repository/);
      expect((await store.queryDrift({})).totalCount).toBe(0);
    });

    it('keeps the previous results of a repository that failed', async () => {
      const { store } = await createFilledDatabase();
      const cycle = new Date('2026-11-23T00:00:00Z');
      await store.claimRepository(PAYMENTS, {
        holder: 'a',
        leaseMs: 60_000,
        notCheckedSince: cycle,
      });
      await store.recordRepositoryFailure(PAYMENTS, {
        error: 'clone failed: 404',
        checkedAt: new Date('2026-11-23T08:00:00Z'),
      });

      const drift = await store.getEntityDrift(PAYMENTS);
      expect(drift.references).toHaveLength(4);
      expect(drift.repository).toMatchObject({
        status: 'failed',
        error: 'clone failed: 404',
        commit: 'c0ffee',
        scannedAt: '2026-11-21T08:00:00.000Z',
        checkedAt: '2026-11-23T08:00:00.000Z',
      });
      // The lease is released: the next cycle may try again.
      expect(
        await store.claimRepository(PAYMENTS, {
          holder: 'b',
          leaseMs: 60_000,
          notCheckedSince: new Date('2026-11-24T00:00:00Z'),
        }),
      ).toBeDefined();

      // A later look finds the head unchanged: the failure no longer applies.
      await store.markRepositoryUnchanged(
        PAYMENTS,
        new Date('2026-11-24T08:00:00Z'),
      );
      expect(await store.getRepositoryStatus(PAYMENTS)).toEqual({
        entityRef: PAYMENTS,
        url: repositories[0].url,
        commit: 'c0ffee',
        branch: 'main',
        scannedAt: '2026-11-21T08:00:00.000Z',
        checkedAt: '2026-11-24T08:00:00.000Z',
        status: 'ok',
        filesScanned: 10,
      });
      expect((await store.getEntityDrift(PAYMENTS)).references).toHaveLength(4);
      expect(await store.getRepositoryStatus('component:default/x')).toBe(
        undefined,
      );
    });
  });

  describe.each([
    ['the database', (store: DatabaseDriftStore): DriftStore => store],
    [
      'the report index',
      (store: DatabaseDriftStore) =>
        withReportIndex(store, { checkIntervalMs: 60_000 }),
    ],
  ])('reports answered by %s', (_answeredBy, answer) => {
    /** The filled store, its reports answered as this block says; writes still reach it. */
    async function createFilledStore() {
      const created = await createFilledDatabase();
      return { ...created, store: answer(created.store) };
    }

    it('filters drift rows, with alternatives within a field', async () => {
      const { store } = await createFilledStore();
      const count = async (query: Parameters<typeof store.queryDrift>[0]) =>
        (await store.queryDrift(query)).totalCount;

      expect(await count({})).toBe(8);
      expect(await count({ module: ['vpc'] })).toBe(5);
      expect(await count({ module: ['vpc', 'rds'] })).toBe(6);
      expect(await count({ module: [''] })).toBe(1);
      expect(
        await count({ module: ['vpc'], verdict: ['up-to-date', 'unpinned'] }),
      ).toBe(3);
      expect(await count({ owner: ['group:default/team-orders'] })).toBe(3);
      expect(await count({ environment: ['production'] })).toBe(3);
      expect(await count({ environment: ['staging', ''] })).toBe(5);
      expect(await count({ kind: ['github-reusable-workflow'] })).toBe(1);
      expect(await count({ entityRef: [SEARCH, ORDERS] })).toBe(4);
      expect(await count({ verdict: [] })).toBe(8);
      expect(
        await count({ entityRef: [SEARCH], verdict: ['up-to-date'] }),
      ).toBe(0);
    });

    it('keeps exactly the listed verdicts when the list names most of them', async () => {
      const { store } = await createFilledStore();
      const all = (await store.queryDrift({ limit: 100 })).items;
      for (const left of [
        ['up-to-date'],
        ['external', 'local'],
        ['unpinned', 'major-behind', 'patch-behind'],
      ]) {
        const verdict = driftVerdicts.filter(v => !left.includes(v));
        const page = await store.queryDrift({ verdict, limit: 100 });
        const expected = all.filter(item => !left.includes(item.verdict));
        expect(page.totalCount).toBe(expected.length);
        expect(page.items.map(item => item.id).sort()).toEqual(
          expected.map(item => item.id).sort(),
        );
        for (const sort of ['verdict', 'module', 'entity'] as const) {
          const sorted = await store.queryDrift({ verdict, sort, limit: 100 });
          expect(sorted.items).toHaveLength(expected.length);
        }
      }
    });

    it('searches text case-insensitively and literally', async () => {
      const { store } = await createFilledStore();
      const files = async (text: string) =>
        (await store.queryDrift({ text })).items.map(i => i.file);

      // Entity.
      expect(await files('PAYMENTS-api')).toHaveLength(4);
      // Module and source.
      expect(await files('Consul')).toEqual(['terraform/consul.tf']);
      expect(await files('rds')).toEqual(['terraform/db.tf']);
      // File.
      expect(await files('infra/STAGING')).toEqual(['infra/staging/main.tf']);
      // Explanation, and wildcards taken literally.
      expect(await files('100%')).toEqual(['terraform/db.tf']);
      expect(await files('%')).toEqual(['terraform/db.tf']);
      expect(await files('_')).toEqual(['.github/workflows/deploy_prod.yml']);
      expect(await files('nothing like this')).toEqual([]);
      expect(await files('  ')).toHaveLength(8);
      // Combined with other filters.
      expect(
        (
          await store.queryDrift({
            text: 'main.tf',
            owner: [repositories[0].owner!],
          })
        ).totalCount,
      ).toBe(3);
    });

    it('sorts and pages drift rows', async () => {
      const { store } = await createFilledStore();

      const page = await store.queryDrift({ limit: 3, offset: 2 });
      expect(page.totalCount).toBe(8);
      expect(page.offset).toBe(2);
      expect(page.limit).toBe(3);
      // By entity, then file and line.
      expect(page.items.map(i => [i.entityRef, i.file, i.line])).toEqual([
        [ORDERS, 'terraform/main.tf', 1],
        [PAYMENTS, '.github/workflows/deploy_prod.yml', 12],
        [PAYMENTS, 'infra/production/main.tf', 3],
      ]);

      const defaults = await store.queryDrift({});
      expect(defaults.offset).toBe(0);
      expect(defaults.limit).toBe(50);
      expect(defaults.items).toHaveLength(8);
      expect((await store.queryDrift({ limit: 10_000 })).limit).toBe(500);
      expect((await store.queryDrift({ offset: 8, limit: 10 })).items).toEqual(
        [],
      );

      const all = [...defaults.items];
      const paged = [
        ...(await store.queryDrift({ limit: 5 })).items,
        ...(await store.queryDrift({ limit: 5, offset: 5 })).items,
      ];
      expect(paged).toEqual(all);

      const verdicts = await store.queryDrift({
        sort: 'verdict',
        order: 'desc',
      });
      expect(verdicts.items.map(i => i.verdict)).toEqual([
        'deprecated',
        'unpinned',
        'major-behind',
        'minor-behind',
        'minor-behind',
        'up-to-date',
        'up-to-date',
        'external',
      ]);

      // Versions in semver order, rows without one last in either direction.
      const versions = async (order: 'asc' | 'desc') =>
        (await store.queryDrift({ sort: 'version', order })).items.map(
          i => i.version ?? null,
        );
      expect(await versions('asc')).toEqual([
        '0.9.0',
        '1.2.0',
        '1.2.0',
        '1.4.0',
        '1.10.0',
        '2.0.0',
        null,
        null,
      ]);
      expect(await versions('desc')).toEqual([
        '2.0.0',
        '1.10.0',
        '1.4.0',
        '1.2.0',
        '1.2.0',
        '0.9.0',
        null,
        null,
      ]);

      const modules = await store.queryDrift({ sort: 'module', order: 'desc' });
      expect(modules.items.map(i => i.module ?? null)).toEqual([
        'vpc',
        'vpc',
        'vpc',
        'vpc',
        'vpc',
        'rds',
        'deploy',
        null,
      ]);
      // Ties broken by entity, file and line.
      expect(modules.items.slice(0, 5).map(i => [i.entityRef, i.line])).toEqual(
        [
          [ORDERS, 1],
          [PAYMENTS, 3],
          [PAYMENTS, 20],
          [PAYMENTS, 1],
          [SEARCH, 1],
        ],
      );

      const owners = await store.queryDrift({ sort: 'owner', limit: 1 });
      expect(owners.items[0].owner).toBe('group:default/team-orders');
      const environments = await store.queryDrift({
        sort: 'environment',
        order: 'desc',
        limit: 1,
      });
      expect(environments.items[0].environment).toBe('staging');
      const byFile = await store.queryDrift({ sort: 'file', limit: 1 });
      expect(byFile.items[0].file).toBe('.github/workflows/deploy_prod.yml');
    });

    it('summarises the drift under a filter', async () => {
      const { store } = await createFilledStore();
      expect(await store.getSummary({})).toEqual({
        total: 8,
        services: 3,
        byVerdict: {
          'up-to-date': 2,
          'minor-behind': 2,
          'major-behind': 1,
          external: 1,
          deprecated: 1,
          unpinned: 1,
        },
        byModule: [
          { module: 'vpc', total: 5, drifted: 3 },
          { module: 'deploy', total: 1, drifted: 1 },
          { module: 'rds', total: 1, drifted: 1 },
        ],
      });
      expect(
        await store.getSummary({ owner: ['group:default/team-orders'] }),
      ).toEqual({
        total: 3,
        services: 1,
        byVerdict: { 'up-to-date': 1, external: 1, deprecated: 1 },
        byModule: [
          { module: 'rds', total: 1, drifted: 1 },
          { module: 'vpc', total: 1, drifted: 0 },
        ],
      });
      expect(await store.getSummary({ text: 'no such thing' })).toEqual({
        total: 0,
        services: 0,
        byVerdict: {},
        byModule: [],
      });
    });

    it('keeps its counts equal to what the rows say through every write', async () => {
      const { knex, store } = await createFilledStore();
      const sorted = <T>(items: T[]) =>
        items.sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
      const countsFromRows = async () => {
        const counts = new Map<string, number>();
        for (const r of await knex('platform_drift_rows')) {
          const key = JSON.stringify({
            environment: r.environment ?? '',
            kind: r.kind,
            module: r.module ?? '',
            owner: r.owner ?? '',
            verdict: r.verdict,
          });
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        return sorted(
          [...counts].map(([key, count]) => ({ ...JSON.parse(key), count })),
        );
      };
      const keptCounts = async () =>
        sorted(
          (await knex('platform_drift_counts').where('count', '!=', 0)).map(
            r => ({
              environment: r.environment,
              kind: r.kind,
              module: r.module,
              owner: r.owner,
              verdict: r.verdict,
              count: Number(r.count),
            }),
          ),
        );
      /** What the summary, facets and totals say, against the rows themselves. */
      const expectConsistent = async () => {
        expect(await keptCounts()).toEqual(await countsFromRows());
        const rows = await knex('platform_drift_rows').select(
          'entity_ref',
          'owner',
          'module',
          'verdict',
          'environment',
          'kind',
        );
        const owners = [...new Set(rows.map(r => r.owner).filter(Boolean))];
        for (const filter of [
          {},
          { owner: owners.slice(0, 1) },
          { verdict: ['up-to-date' as const, 'deprecated' as const] },
          { module: ['vpc', ''], environment: ['production'] },
          { kind: ['terraform-module' as const], owner: [''] },
        ]) {
          const matching = rows.filter(r =>
            Object.entries(filter).every(([key, values]) =>
              (values as string[]).includes(
                (r as Record<string, string | null>)[key] ?? '',
              ),
            ),
          );
          const summary = await store.getSummary(filter);
          expect(summary.total).toBe(matching.length);
          expect(summary.services).toBe(
            new Set(matching.map(r => r.entity_ref)).size,
          );
          const byVerdict: Record<string, number> = {};
          for (const r of matching) {
            byVerdict[r.verdict] = (byVerdict[r.verdict] ?? 0) + 1;
          }
          expect(summary.byVerdict).toEqual(byVerdict);
          expect(summary.byModule.reduce((sum, m) => sum + m.total, 0)).toBe(
            matching.filter(r => r.module).length,
          );
          expect((await store.queryDrift(filter)).totalCount).toBe(
            matching.length,
          );
        }
        const facets = await store.getFacets();
        expect(facets.owners).toEqual(
          [...new Set(rows.map(r => r.owner).filter(Boolean))].sort(),
        );
        expect(facets.modules).toEqual(
          [...new Set(rows.map(r => r.module).filter(Boolean))].sort(),
        );
        expect(facets.environments).toEqual(
          [...new Set(rows.map(r => r.environment).filter(Boolean))].sort(),
        );
      };

      await expectConsistent();
      // A rescan with other results.
      await replace(store, PAYMENTS, [...paymentsRows.slice(1), ...searchRows]);
      await replace(store, SEARCH, []);
      await expectConsistent();
      // The owner changes in the catalog; a repository is gone.
      await store.syncRepositories([
        { ...repositories[0], owner: 'group:default/team-money' },
        { ...repositories[1], owner: undefined },
      ]);
      await expectConsistent();
      await store.upsertRepository({
        ...repositories[1],
        owner: 'group:default/team-orders',
      });
      await expectConsistent();
      // A failed write changes no count (caught by hand, see above).
      const failure = await store
        .replaceRepositoryResults(ORDERS, {
          commit: 'bad',
          platformFingerprint: 'fp-1',
          scannedAt: new Date(),
          filesScanned: 1,
          rows: [{ ...ordersRows[0], file: null as unknown as string }],
          problems: [],
        })
        .then(
          () => 'no error',
          (error: unknown) => String(error),
        );
      expect(failure).toMatch(/null/i);
      await expectConsistent();
      expect(await store.getSummary({})).toMatchObject({ services: 2 });
    });

    it('shows the adoption of a module by version', async () => {
      const { store } = await createFilledStore();
      expect(await store.getModuleAdoption('missing')).toBeUndefined();
      expect(await store.getModuleAdoption('vpc', 'other')).toBeUndefined();

      const adoption = await store.getModuleAdoption('vpc');
      expect(adoption?.module).toEqual(
        moduleInfo('vpc', {
          latest: '1.10.0',
          versions: ['1.10.0', '1.4.0', '1.2.0'],
        }),
      );
      expect(adoption?.versions).toEqual([
        {
          version: '1.10.0',
          verdict: 'up-to-date',
          environments: { production: 1 },
          services: [
            {
              entityRef: ORDERS,
              owner: 'group:default/team-orders',
              environment: 'production',
            },
          ],
        },
        {
          version: '1.4.0',
          verdict: 'up-to-date',
          environments: { staging: 1 },
          services: [
            {
              entityRef: PAYMENTS,
              owner: 'group:default/team-payments',
              environment: 'staging',
            },
          ],
        },
        {
          version: '1.2.0',
          verdict: 'minor-behind',
          environments: { production: 2 },
          services: [
            {
              entityRef: PAYMENTS,
              owner: 'group:default/team-payments',
              environment: 'production',
            },
          ],
        },
        {
          verdict: 'unpinned',
          environments: { '': 1 },
          services: [{ entityRef: SEARCH, owner: 'group:default/team-search' }],
        },
      ]);

      // The most severe verdict of a version wins.
      await replace(store, SEARCH, [
        row({ verdict: 'minor-behind', version: '1.2.0' }),
        row({ verdict: 'deprecated', version: '1.2.0', line: 2 }),
        row({ verdict: 'patch-behind', version: '1.2.0', line: 3 }),
      ]);
      const after = await store.getModuleAdoption('vpc', 'acme');
      expect(after?.versions.map(v => [v.version, v.verdict])).toEqual([
        ['1.10.0', 'up-to-date'],
        ['1.4.0', 'up-to-date'],
        ['1.2.0', 'deprecated'],
      ]);
      expect(after?.versions[2].environments).toEqual({
        production: 2,
        '': 3,
      });
      expect(after?.versions[2].services.map(s => s.entityRef)).toEqual([
        PAYMENTS,
        SEARCH,
      ]);

      // A module nobody uses.
      await store.replacePlatformModules('acme', [moduleInfo('queue')]);
      expect((await store.getModuleAdoption('queue'))?.versions).toEqual([]);
    });

    it('lists which modules each service uses', async () => {
      const { store } = await createFilledStore();
      expect(await store.listDependencies()).toEqual([
        {
          entityRef: ORDERS,
          modules: [
            { platform: 'acme', module: 'rds' },
            { platform: 'acme', module: 'vpc' },
          ],
        },
        {
          entityRef: PAYMENTS,
          modules: [
            { platform: 'acme', module: 'deploy' },
            { platform: 'acme', module: 'vpc' },
          ],
        },
        { entityRef: SEARCH, modules: [{ platform: 'acme', module: 'vpc' }] },
      ]);
    });

    it('answers for an entity without a repository', async () => {
      const { store } = await createFilledStore();
      expect(await store.getEntityDrift('component:default/none')).toEqual({
        entityRef: 'component:default/none',
        references: [],
        problems: [],
      });
    });
  });

  describe('trends', () => {
    it('records daily counts and reports them over days', async () => {
      const { store } = await createFilledDatabase();
      await store.recordDailyCounts('2026-10-01');
      await store.recordDailyCounts('2026-11-20');

      // Payments catches up with vpc the next day.
      await replace(store, PAYMENTS, [
        row({ verdict: 'up-to-date', version: '1.10.0' }),
      ]);
      await store.recordDailyCounts('2026-11-21');
      // Recording the same day again replaces its counts.
      await store.recordDailyCounts('2026-11-21');

      const all = {
        'up-to-date': 2,
        'minor-behind': 2,
        'major-behind': 1,
        external: 1,
        deprecated: 1,
        unpinned: 1,
      };
      const nextDay = {
        'up-to-date': 2,
        external: 1,
        deprecated: 1,
        unpinned: 1,
      };
      expect(await store.getTrends({ days: 30 })).toEqual([
        { day: '2026-11-20', counts: all },
        { day: '2026-11-21', counts: nextDay },
      ]);
      expect(await store.getTrends({ days: 1 })).toEqual([
        { day: '2026-11-21', counts: nextDay },
      ]);
      expect(await store.getTrends({ days: 60 })).toHaveLength(3);
      expect(await store.getTrends({ days: 60 }).then(t => t[0].day)).toBe(
        '2026-10-01',
      );
      expect(await store.getTrends({ days: 30, module: 'vpc' })).toEqual([
        {
          day: '2026-11-20',
          counts: { 'up-to-date': 2, 'minor-behind': 2, unpinned: 1 },
        },
        { day: '2026-11-21', counts: { 'up-to-date': 2, unpinned: 1 } },
      ]);
      expect(await store.getTrends({ days: 30, module: '' })).toEqual([
        { day: '2026-11-20', counts: { external: 1 } },
        { day: '2026-11-21', counts: { external: 1 } },
      ]);
      expect(await store.getTrends({ days: 0 })).toEqual([]);
      await expect(store.recordDailyCounts('21.11.2026')).rejects.toThrow();
    });

    it('reports no trends before any day was recorded', async () => {
      const { store } = await createStore(id);
      expect(await store.getTrends({ days: 30 })).toEqual([]);
    });
  });

  it('fills counts, search text and reference counts for rows written before them', async () => {
    const knex = await databases.init(id);
    const directory = resolvePackagePath(
      '@internal/plugin-platform-backend',
      'migrations',
    );
    const done = async () =>
      (
        (await knex.migrate.list({ directory }))[0] as Array<
          string | { name: string }
        >
      ).map(m => (typeof m === 'string' ? m : m.name));
    while (!(await done()).some(m => m.startsWith('20261122100000'))) {
      await knex.migrate.up({ directory });
    }
    await knex('platform_repositories').insert({
      entity_ref: ORDERS,
      url: repositories[1].url,
      owner: repositories[1].owner,
      status: 'ok',
      files_scanned: 1,
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
        verdict: 'up-to-date',
        explanation: 'Up to date',
      },
      {
        ...base,
        file: 'terraform/consul.tf',
        source: 'hashicorp/Consul/aws',
        verdict: 'external',
        explanation: 'Not a platform module',
      },
    ]);

    const store = await DatabaseDriftStore.create({
      database: { getClient: async () => knex },
    });
    expect(await store.getSummary({})).toEqual({
      total: 2,
      services: 1,
      byVerdict: { 'up-to-date': 1, external: 1 },
      byModule: [{ module: 'vpc', total: 1, drifted: 0 }],
    });
    expect((await store.getFacets()).environments).toEqual(['production']);
    expect(
      (
        await store.queryDrift({
          environment: [''],
          owner: [repositories[1].owner!],
        })
      ).totalCount,
    ).toBe(1);
    for (const [text, count] of [
      ['consul', 1],
      ['MAIN.TF', 1],
      ['default/orders', 2],
      ['not a platform', 1],
      ['vpc', 1],
    ] as const) {
      expect((await store.queryDrift({ text })).totalCount).toBe(count);
    }
  });

  it('migrates down cleanly', async () => {
    const { knex, store } = await createFilledDatabase();
    await store.recordDailyCounts('2026-11-21');
    await knex.migrate.rollback(
      {
        directory: resolvePackagePath(
          '@internal/plugin-platform-backend',
          'migrations',
        ),
      },
      true,
    );
    for (const table of [
      'platform_scan_runs',
      'platform_modules',
      'platform_repositories',
      'platform_drift_rows',
      'platform_scan_problems',
      'platform_daily_counts',
    ]) {
      expect(await knex.schema.hasTable(table)).toBe(false);
    }
  });

  it('migrates the newest migration down to the scan runs table', async () => {
    const { knex, store } = await createStore(id);
    await store.createScanRun({ id: 'run-1', trigger: 'manual' });
    const directory = resolvePackagePath(
      '@internal/plugin-platform-backend',
      'migrations',
    );
    // Later migrations (indexes) come off first, one at a time.
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
