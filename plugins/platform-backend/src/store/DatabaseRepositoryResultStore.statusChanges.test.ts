import {
  ORDERS,
  PAYMENTS,
  SEARCH,
  createStores,
  databases,
  repositories,
} from './__testUtils__/driftFixtures';
import { DatabaseRepositoryResultStore } from './DatabaseRepositoryResultStore';
import { KeptRepositories, catchUpRepositories } from './keptRepositories';
import {
  RepositoryScanResult,
  RepositoryStatusChanges,
} from './RepositoryResultStore';

function scanned(
  commit: string,
  problems: RepositoryScanResult['problems'] = [],
): RepositoryScanResult {
  return {
    commit,
    platformFingerprint: 'fp',
    scannedAt: new Date('2026-12-01T08:00:00Z'),
    filesScanned: 1,
    rows: [],
    problems,
  };
}

const refsOf = (changes: RepositoryStatusChanges) =>
  changes.statuses.map(status => status.entityRef);

/** What the copy holds, in a form whose comparison ignores the order of insertion. */
const contentsOf = (kept: KeptRepositories) => ({
  statuses: Object.fromEntries(kept.statuses),
  problems: Object.fromEntries(kept.problems),
});

describe.each(databases.eachSupportedId())(
  'the repository status changes on %s',
  id => {
    /** A reader and a writer: two store instances on one database. */
    async function twoInstances() {
      const { knex, repositories: reader } = await createStores(id);
      const writer = new DatabaseRepositoryResultStore(knex);
      await writer.syncRepositories(repositories);
      return { knex, reader, writer };
    }

    it('reads every repository first, then only those another instance wrote since', async () => {
      const { reader, writer } = await twoInstances();
      const first = await reader.readStatusChanges();
      expect(first.all).toBe(true);
      expect(refsOf(first)).toEqual([ORDERS, PAYMENTS, SEARCH]);
      expect(await reader.readStatusChanges(first.marker)).toEqual({
        marker: first.marker,
        all: false,
        statuses: [],
        problems: new Map(),
      });

      await writer.replaceRepositoryResults(
        PAYMENTS,
        scanned('c1', [
          { file: 'b.tf', message: 'unreadable' },
          { file: 'a.tf', line: 2, message: 'parse error' },
        ]),
      );
      const scan = await reader.readStatusChanges(first.marker);
      expect(scan.all).toBe(false);
      expect(scan.statuses).toEqual([
        await writer.getRepositoryStatus(PAYMENTS),
      ]);
      expect(scan.problems).toEqual(
        new Map([
          [
            PAYMENTS,
            [
              { file: 'a.tf', line: 2, message: 'parse error' },
              { file: 'b.tf', message: 'unreadable' },
            ],
          ],
        ]),
      );

      await writer.markRepositoriesUnchanged(
        [ORDERS, 'component:default/unknown'],
        new Date('2026-12-01T09:00:00Z'),
      );
      await writer.recordRepositoryFailure(SEARCH, {
        error: 'gone',
        checkedAt: new Date('2026-12-01T09:00:00Z'),
      });
      const checks = await reader.readStatusChanges(scan.marker);
      expect(refsOf(checks)).toEqual([ORDERS, SEARCH]);
      expect(checks.statuses[0]).toMatchObject({
        checkedAt: '2026-12-01T09:00:00.000Z',
      });
      expect(checks.statuses[1]).toMatchObject({
        status: 'failed',
        error: 'gone',
      });

      // Leases are not shown: taking and ending them changes no status.
      await writer.claimRepositories([ORDERS, PAYMENTS], {
        holder: 'run-1',
        leaseMs: 60_000,
        notCheckedSince: new Date('2030-01-01T00:00:00Z'),
      });
      await writer.releaseClaims(['run-1']);
      expect(refsOf(await reader.readStatusChanges(checks.marker))).toEqual([]);

      // A repository moved and a new one: those two.
      const [payments, orders, search] = repositories;
      await writer.syncRepositories([
        { ...payments, url: 'https://git.example.com/acme/payments' },
        orders,
        search,
        { entityRef: 'component:default/new', url: 'https://git/new' },
      ]);
      const synced = await reader.readStatusChanges(checks.marker);
      expect(synced.all).toBe(false);
      expect(refsOf(synced)).toEqual(['component:default/new', PAYMENTS]);
      expect(synced.statuses[1].url).toBe(
        'https://git.example.com/acme/payments',
      );
      await writer.upsertRepository(orders);
      expect(refsOf(await reader.readStatusChanges(synced.marker))).toEqual([
        ORDERS,
      ]);
    });

    it('replaces the problems a rescan replaced, and reads all again once a repository was removed', async () => {
      const { reader, writer } = await twoInstances();
      await writer.replaceRepositoryResults(
        PAYMENTS,
        scanned('c1', [{ file: 'a.tf', message: 'parse error' }]),
      );
      let kept = await catchUpRepositories(reader, undefined);
      expect(kept.problems.get(PAYMENTS)).toEqual([
        { file: 'a.tf', message: 'parse error' },
      ]);

      await writer.replaceRepositoryResults(
        PAYMENTS,
        scanned('c2', [{ file: 'b.tf', message: 'binary file' }]),
      );
      kept = await catchUpRepositories(reader, kept);
      expect(kept.statuses.get(PAYMENTS)?.commit).toBe('c2');
      expect(kept.problems.get(PAYMENTS)).toEqual([
        { file: 'b.tf', message: 'binary file' },
      ]);
      await writer.replaceRepositoryResults(PAYMENTS, scanned('c3'));
      kept = await catchUpRepositories(reader, kept);
      expect(kept.problems.has(PAYMENTS)).toBe(false);

      const [payments, orders, search] = repositories;
      await writer.syncRepositories([payments, search]);
      expect((await reader.readStatusChanges(kept.marker)).all).toBe(true);
      kept = await catchUpRepositories(reader, kept);
      expect([...kept.statuses.keys()].sort()).toEqual([PAYMENTS, SEARCH]);
      // Then only what changes again.
      await writer.syncRepositories([payments, orders, search]);
      const added = await reader.readStatusChanges(kept.marker);
      expect(added.all).toBe(false);
      expect(refsOf(added)).toEqual([ORDERS]);
    });

    it('reads every repository for a marker it did not give', async () => {
      const { reader, writer } = await twoInstances();
      const { marker } = await reader.readStatusChanges();
      for (const stranger of ['', 'latest', String(Number(marker) + 5)]) {
        expect(refsOf(await reader.readStatusChanges(stranger))).toEqual([
          ORDERS,
          PAYMENTS,
          SEARCH,
        ]);
      }
      await writer.recordRepositoryFailure(ORDERS, {
        error: 'gone',
        checkedAt: new Date(),
      });
      expect(refsOf(await reader.readStatusChanges(marker))).toEqual([ORDERS]);
    });

    it('lets two instances write statuses at once without waiting on each other for ever, and a reader catching up meanwhile ends with every write', async () => {
      const { knex, repositories: reader } = await createStores(id);
      const first = new DatabaseRepositoryResultStore(knex);
      const second = new DatabaseRepositoryResultStore(knex);
      const refs = Array.from(
        { length: 30 },
        (_, i) => `component:default/service-${String(i).padStart(2, '0')}`,
      );
      await first.syncRepositories(
        refs.map(entityRef => ({ entityRef, url: `https://git/${entityRef}` })),
      );
      let kept = await catchUpRepositories(reader, undefined);
      let writing = true;
      const catchingUp = (async () => {
        while (writing) {
          kept = await catchUpRepositories(reader, kept);
        }
      })();

      // Results (written together, in one transaction per instance), failures and unchanged
      // heads, of the same repositories in opposite orders; over the rounds each kind of write
      // meets each kind of the other instance's on some repository.
      const writes = async (
        store: DatabaseRepositoryResultStore,
        order: string[],
        name: string,
      ) => {
        for (let round = 0; round < 6; round++) {
          const checkedAt = new Date(Date.UTC(2026, 11, 1, round));
          await Promise.all(
            order.map((ref, i) => {
              const kind = (i + round) % 3;
              if (kind === 0) {
                return store.replaceRepositoryResults(
                  ref,
                  scanned(`${name}-${round}`, [
                    { file: `${name}.tf`, message: `round ${round}` },
                  ]),
                );
              }
              if (kind === 1) {
                return store.recordRepositoryFailure(ref, {
                  error: `${name}-${round}`,
                  checkedAt,
                });
              }
              return store.markRepositoriesUnchanged([ref], checkedAt);
            }),
          );
        }
      };
      await Promise.all([
        writes(first, refs, 'first'),
        writes(second, [...refs].reverse(), 'second'),
      ]);
      writing = false;
      await catchingUp;

      kept = await catchUpRepositories(reader, kept);
      const whole = await catchUpRepositories(reader, undefined);
      expect(whole.statuses.size).toBe(refs.length);
      expect(contentsOf(kept)).toEqual(contentsOf(whole));
    });
  },
);
