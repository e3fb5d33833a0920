import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import {
  ORDERS,
  PAYMENTS,
  SEARCH,
  createFilledStores,
  createStores,
  moduleInfo,
  ordersRows,
  paymentsRows,
  replace,
  repositories,
  row,
  databases,
} from './__testUtils__/driftFixtures';
import { DatabaseRepositoryResultStore } from './DatabaseRepositoryResultStore';
import { RepositoryResultStore } from './RepositoryResultStore';

/** Two store instances on one database, and that many repositories for them to claim. */
async function twoInstances(id: TestDatabaseId, count: number) {
  const { knex, repositories: first } = await createStores(id);
  const second = new DatabaseRepositoryResultStore(knex);
  const refs = Array.from(
    { length: count },
    (_, i) => `component:default/service-${String(i).padStart(3, '0')}`,
  );
  await first.syncRepositories(
    refs.map(entityRef => ({ entityRef, url: `https://git/${entityRef}` })),
  );
  return { knex, first, second, refs };
}

/** Who claimed each repository, and who its row says holds its lease. */
async function claimsAndLeases(
  knex: Knex,
  claims: ReadonlyArray<readonly [string, string, ...unknown[]]>,
) {
  const claimedBy: Record<string, string[]> = {};
  for (const [ref, holder] of claims) {
    claimedBy[ref] = [...(claimedBy[ref] ?? []), holder];
  }
  const rows = await knex('platform_repositories').select(
    'entity_ref',
    'lease_holder',
  );
  const leasedTo = Object.fromEntries(
    rows.map(lease => [lease.entity_ref, [lease.lease_holder]]),
  );
  return { claimedBy, leasedTo };
}

function sleep(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

// Results are read back through the report, as the API reads them.
describe.each(databases.eachSupportedId())(
  'DatabaseRepositoryResultStore on %s',
  id => {
    it('replaces the modules of one platform only', async () => {
      const { repositories: store } = await createStores(id);
      const vpc = moduleInfo('vpc', {
        description: 'The network',
        latest: '1.10.0',
        versions: ['1.10.0', '1.11.0-rc.1', '1.2.0'],
        supportedMajors: 2,
        deprecations: [{ versions: '< 1.0.0', message: 'too old' }],
      });
      // The Create form reads the wiring from here: eks is fed by the vpc and the project.
      const eks = moduleInfo('eks', {
        wiring: [
          { input: 'subnet_ids', from: 'vpc.private_subnet_ids' },
          { input: 'cluster_name', from: 'project.name' },
        ],
      });
      await store.replacePlatformModules('acme', [vpc, moduleInfo('rds'), eks]);
      await store.replacePlatformModules('other', [
        moduleInfo('vpc', { platform: 'other' }),
      ]);
      expect(await store.listModules()).toEqual([
        eks,
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

    it('lets two scans replace the same modules at once', async () => {
      const { knex, repositories: first } = await createStores(id);
      const second = new DatabaseRepositoryResultStore(knex);
      const modules = ['vpc', 'rds', 'eks'].map(name => moduleInfo(name));
      for (let round = 0; round < 5; round++) {
        await Promise.all(
          [first, second].map(store =>
            store.replacePlatformModules('acme', modules),
          ),
        );
      }
      expect((await first.listModules()).map(m => m.name)).toEqual([
        'eks',
        'rds',
        'vpc',
      ]);
    });

    it('counts a new report generation for each write that changes the report, and only for those', async () => {
      const { repositories: store } = await createStores(id);
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
        const { repositories: store, report } = await createFilledStores(id);
        await report
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
        expect(await report.getEntityDrift(ORDERS)).toEqual({
          entityRef: ORDERS,
          references: [],
          problems: [],
        });
        expect(
          (await report.queryDrift({ entityRef: [ORDERS] })).totalCount,
        ).toBe(0);

        // Owner and system of the kept rows follow the catalog.
        const payments = await report.queryDrift({ entityRef: [PAYMENTS] });
        expect(payments.totalCount).toBe(4);
        for (const item of payments.items) {
          expect(item.owner).toBe('group:default/team-money');
          expect(item.system).toBeUndefined();
        }
        expect(
          (await report.queryDrift({ owner: ['group:default/team-payments'] }))
            .totalCount,
        ).toBe(0);
      });

      it('upserts one repository without touching the others', async () => {
        const { repositories: store, report } = await createFilledStores(id);
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
        // Asked by status, only those: the report page reads the failed ones of thousands.
        expect(
          (await store.listRepositoryStatuses({ status: ['pending'] })).map(
            s => s.entityRef,
          ),
        ).toEqual(['component:default/new']);
        expect(
          await store.listRepositoryStatuses({ status: ['failed'] }),
        ).toEqual([]);
        expect(
          await store.listRepositoryStatuses({ status: ['ok', 'pending'] }),
        ).toEqual(statuses);
        expect(
          (await report.queryDrift({ owner: ['group:default/team-shop'] }))
            .totalCount,
        ).toBe(3);
      });

      it('claims a repository once per cycle and while no lease is live', async () => {
        const { repositories: store } = await createStores(id);
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
        const { repositories: store } = await createStores(id);
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

      it("tells whether a run's helpers still hold a live claim, and ends their claims", async () => {
        const { repositories: store } = await createStores(id);
        await store.syncRepositories(repositories);
        const notCheckedSince = new Date();
        const helpers = 'run_1/assist/';
        expect(await store.hasLiveClaims(helpers)).toBe(false);
        // The run's own claim and another run's are not its helpers'.
        await store.claimRepository(PAYMENTS, {
          holder: 'run_1',
          leaseMs: 60_000,
          notCheckedSince,
        });
        await store.claimRepository(ORDERS, {
          holder: 'run_2/assist/a',
          leaseMs: 60_000,
          notCheckedSince,
        });
        expect(await store.hasLiveClaims(helpers)).toBe(false);

        await store.claimRepository(SEARCH, {
          holder: 'run_1/assist/a',
          leaseMs: 50,
          notCheckedSince,
        });
        expect(await store.hasLiveClaims(helpers)).toBe(true);
        // A helper that stopped: its lease expires and counts no longer.
        await sleep(80);
        expect(await store.hasLiveClaims(helpers)).toBe(false);
        expect(await store.hasLiveClaims('run_2/assist/')).toBe(true);

        // Ended, however live: the run they helped with was interrupted.
        expect(await store.releaseClaimsStartingWith('run_2/assist/')).toBe(1);
        expect(await store.hasLiveClaims('run_2/assist/')).toBe(false);
        expect(
          await store.claimRepository(ORDERS, {
            holder: 'run_3',
            leaseMs: 60_000,
            notCheckedSince,
          }),
        ).toMatchObject({ entityRef: ORDERS });
        // The run's own claim is not one of its helpers'.
        expect(await store.releaseClaimsStartingWith('run_1/assist/')).toBe(1);
        expect(
          await store.claimRepository(PAYMENTS, {
            holder: 'run_3',
            leaseMs: 60_000,
            notCheckedSince,
          }),
        ).toBeUndefined();
      });

      it('releases the claims of a run that ended, so the next run takes them at once', async () => {
        const { repositories: store } = await createStores(id);
        await store.syncRepositories(repositories);
        const options = { leaseMs: 600_000, notCheckedSince: new Date() };
        await store.claimRepositories([PAYMENTS, ORDERS], {
          ...options,
          holder: 'failed-run',
        });
        await store.claimRepositories([SEARCH], {
          ...options,
          holder: 'running-run',
        });
        expect(
          await store.claimRepositories([PAYMENTS, ORDERS, SEARCH], {
            ...options,
            holder: 'next-run',
          }),
        ).toEqual([]);

        expect(await store.releaseClaims(['failed-run', 'unknown-run'])).toBe(
          2,
        );

        const next = await store.claimRepositories([PAYMENTS, ORDERS, SEARCH], {
          ...options,
          holder: 'next-run',
        });
        expect(next.map(claimed => claimed.entityRef)).toEqual([
          PAYMENTS,
          ORDERS,
        ]);
        expect(await store.releaseClaims([])).toBe(0);
      });

      it('lets two instances racing over the same repositories claim each once', async () => {
        const { knex, first, second, refs } = await twoInstances(id, 50);
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

        const { claimedBy, leasedTo } = await claimsAndLeases(
          knex,
          results.filter(([, , won]) => won),
        );
        expect(Object.keys(claimedBy).sort()).toEqual(refs);
        // Each once, by the holder its row names.
        expect(claimedBy).toEqual(leasedTo);
      });

      it('claims a batch of repositories in one statement, in the order asked', async () => {
        const { repositories: store } = await createStores(id);
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
        expect(statuses.map(s => [s.entityRef, s.status, s.checkedAt])).toEqual(
          [
            [ORDERS, 'pending', undefined],
            [PAYMENTS, 'pending', checkedAt.toISOString()],
            [SEARCH, 'pending', checkedAt.toISOString()],
          ],
        );
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
        const { knex, first, second, refs } = await twoInstances(id, 120);
        const notCheckedSince = new Date();
        const batches = (
          holder: string,
          store: RepositoryResultStore,
          order: string[],
        ) =>
          Array.from({ length: 6 }, (_, i) =>
            store
              .claimRepositories(order.slice(i * 20, i * 20 + 40), {
                holder,
                leaseMs: 60_000,
                notCheckedSince,
              })
              .then(claimed =>
                claimed.map(c => [c.entityRef, holder] as const),
              ),
          );
        const results = (
          await Promise.all([
            ...batches('first', first, refs),
            ...batches('second', second, [...refs].reverse()),
          ])
        ).flat();
        const { claimedBy, leasedTo } = await claimsAndLeases(knex, results);
        expect(Object.keys(claimedBy).sort()).toEqual(refs);
        // Each once, by the holder its row names.
        expect(claimedBy).toEqual(leasedTo);
      });

      it('replaces the results of a repository and releases the lease', async () => {
        const { repositories: store, report } = await createStores(id);
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

        const drift = await report.getEntityDrift(PAYMENTS);
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
        const { repositories: store, report } = await createStores(id);
        await store.syncRepositories(repositories);
        await replace(store, PAYMENTS, paymentsRows, { commit: 'old' });
        const before = await report.getEntityDrift(PAYMENTS);

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

        expect(await report.getEntityDrift(PAYMENTS)).toEqual(before);
        expect(before.references).toHaveLength(4);
        expect(before.repository?.commit).toBe('old');
        expect((await report.queryDrift({})).totalCount).toBe(4);
      });

      it('refuses results for a repository it does not know', async () => {
        const { repositories: store, report } = await createStores(id);
        await expect(
          replace(store, 'component:default/unknown', paymentsRows),
        ).rejects.toThrow(/No repository/);
        expect((await report.queryDrift({})).totalCount).toBe(0);
      });

      it('writes the results of repositories handed in together in one transaction, refusing only an unknown one', async () => {
        const { repositories: store, report } = await createStores(id);
        await store.syncRepositories(repositories);
        const before = await store.getReportGeneration();

        const outcomes = await Promise.allSettled([
          replace(store, PAYMENTS, paymentsRows, { commit: 'p1' }),
          replace(store, 'component:default/unknown', paymentsRows),
          replace(store, ORDERS, ordersRows, { commit: 'o1' }),
        ]);

        expect(outcomes.map(outcome => outcome.status)).toEqual([
          'fulfilled',
          'rejected',
          'fulfilled',
        ]);
        expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(
          /No repository is known for component:default\/unknown/,
        );
        // One write of the report for the two repositories, not one each.
        expect(Number(await store.getReportGeneration())).toBe(
          Number(before) + 1,
        );
        const payments = await report.getEntityDrift(PAYMENTS);
        const orders = await report.getEntityDrift(ORDERS);
        expect(payments.references).toHaveLength(paymentsRows.length);
        expect(orders.references).toHaveLength(ordersRows.length);
        expect(payments.repository).toMatchObject({
          commit: 'p1',
          status: 'ok',
          filesScanned: 10,
          scannedAt: '2026-11-21T08:00:00.000Z',
          checkedAt: '2026-11-21T08:00:00.000Z',
        });
        expect(orders.repository?.commit).toBe('o1');
        expect((await report.queryDrift({})).totalCount).toBe(
          paymentsRows.length + ordersRows.length,
        );
      });

      it('fails every write of a group the database refuses, keeping their previous results whole', async () => {
        const { repositories: store, report } = await createStores(id);
        await store.syncRepositories(repositories);
        await replace(store, PAYMENTS, paymentsRows, { commit: 'old' });
        await replace(store, ORDERS, ordersRows, { commit: 'old' });

        const outcomes = await Promise.allSettled([
          replace(store, PAYMENTS, paymentsRows.slice(1), { commit: 'new' }),
          replace(
            store,
            ORDERS,
            [{ ...ordersRows[0], file: null as unknown as string }],
            { commit: 'new' },
          ),
        ]);

        expect(outcomes.map(outcome => outcome.status)).toEqual([
          'rejected',
          'rejected',
        ]);
        const payments = await report.getEntityDrift(PAYMENTS);
        const orders = await report.getEntityDrift(ORDERS);
        expect(payments.repository?.commit).toBe('old');
        expect(payments.references).toHaveLength(paymentsRows.length);
        expect(orders.repository?.commit).toBe('old');
        expect(orders.references).toHaveLength(ordersRows.length);
      });

      it('keeps the previous results of a repository that failed', async () => {
        const { repositories: store, report } = await createFilledStores(id);
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

        const drift = await report.getEntityDrift(PAYMENTS);
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
        expect((await report.getEntityDrift(PAYMENTS)).references).toHaveLength(
          4,
        );
        expect(await store.getRepositoryStatus('component:default/x')).toBe(
          undefined,
        );
      });
    });
  },
);
