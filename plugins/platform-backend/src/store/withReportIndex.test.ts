import { TestDatabases } from '@backstage/backend-test-utils';
import { DriftRowInput, DriftStore } from './DriftStore';
import { DatabaseDriftStore } from './DatabaseDriftStore';
import { withReportIndex } from './withReportIndex';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const SERVICE = 'component:default/payments-api';

function rows(count: number): DriftRowInput[] {
  return Array.from({ length: count }, (_, i) => ({
    platform: 'acme',
    module: 'vpc',
    kind: 'terraform-module',
    file: 'main.tf',
    line: i + 1,
    column: 1,
    source: 'git::https://git.example.com/acme/platform//modules/vpc',
    name: 'acme/vpc',
    pin: 'ref',
    verdict: 'up-to-date',
    severity: 0,
    explanation: 'Up to date',
  }));
}

async function results(store: DriftStore, count: number) {
  await store.replaceRepositoryResults(SERVICE, {
    commit: `commit-${count}`,
    platformFingerprint: 'fp',
    scannedAt: new Date('2026-12-01T08:00:00Z'),
    filesScanned: 1,
    rows: rows(count),
    problems: [],
  });
}

/** A store on one database, and another instance on the same database. */
async function createStores() {
  const knex = await databases.init('SQLITE_3');
  const create = () =>
    DatabaseDriftStore.create({ database: { getClient: async () => knex } });
  const database = await create();
  await database.syncRepositories([
    { entityRef: SERVICE, url: 'https://git.example.com/acme/payments-api' },
  ]);
  await results(database, 1);
  return { database, otherInstance: await create() };
}

/** Counts the reads of the report's data that reach the database. */
function counting(store: DriftStore) {
  const calls = { loads: 0, checks: 0 };
  const counted = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property === 'loadReportData') {
        calls.loads++;
      } else if (property === 'getReportGeneration') {
        calls.checks++;
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: counted, calls };
}

const total = async (store: DriftStore) =>
  (await store.queryDrift({})).totalCount;

describe('withReportIndex', () => {
  it('answers a write through it at the next read', async () => {
    const { database } = await createStores();
    const store = withReportIndex(database, { checkIntervalMs: 60_000 });
    expect(await total(store)).toBe(1);
    await results(store, 3);
    expect(await total(store)).toBe(3);
    expect((await store.getSummary({})).total).toBe(3);
    await store.syncRepositories([]);
    expect(await total(store)).toBe(0);
    expect(await store.getFacets()).toEqual({
      owners: [],
      modules: [],
      environments: [],
      kinds: [],
    });
  });

  it("shows another instance's writes once the check interval has passed", async () => {
    const { database, otherInstance } = await createStores();
    let clock = 0;
    const store = withReportIndex(database, {
      checkIntervalMs: 10_000,
      now: () => clock,
    });
    expect(await total(store)).toBe(1);

    await results(otherInstance, 4);
    clock = 9_000;
    expect(await total(store)).toBe(1);
    clock = 10_000;
    expect(await total(store)).toBe(4);
  });

  it('shares one load among concurrent readers and loads again only after a change', async () => {
    const { database, otherInstance } = await createStores();
    const { store: counted, calls } = counting(database);
    let clock = 0;
    const store = withReportIndex(counted, {
      checkIntervalMs: 10_000,
      now: () => clock,
    });

    const answers = await Promise.all([
      total(store),
      store.getSummary({ module: ['vpc'] }),
      store.getFacets(),
      store.getModuleAdoption('vpc'),
      total(store),
    ]);
    expect(answers[0]).toBe(1);
    expect(calls).toEqual({ loads: 1, checks: 1 });

    // Within the interval: no database read at all.
    clock = 5_000;
    await total(store);
    expect(calls).toEqual({ loads: 1, checks: 1 });

    // After it: the generation is asked, and nothing has changed.
    clock = 20_000;
    await total(store);
    expect(calls).toEqual({ loads: 1, checks: 2 });

    await results(otherInstance, 2);
    clock = 40_000;
    expect(await total(store)).toBe(2);
    expect(calls).toEqual({ loads: 2, checks: 3 });
  });

  it('reports a failed load, and the next read tries again', async () => {
    const { database } = await createStores();
    let failures = 1;
    const flaky = new Proxy(database, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (property === 'loadReportData' && failures > 0) {
          failures--;
          return async () => {
            throw new Error('connection reset');
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const store = withReportIndex(flaky, { checkIntervalMs: 60_000 });
    await expect(total(store)).rejects.toThrow('connection reset');
    expect(await total(store)).toBe(1);
  });

  it("answers an entity's page as the database does, with a failure recorded through it at once", async () => {
    const { database, otherInstance } = await createStores();
    await database.replaceRepositoryResults(SERVICE, {
      commit: 'c1',
      platformFingerprint: 'fp',
      scannedAt: new Date('2026-12-01T08:00:00Z'),
      filesScanned: 2,
      rows: rows(2),
      problems: [
        { file: 'b.tf', line: 3, message: 'Unexpected "}"' },
        { file: 'a.tf', message: 'file is not UTF-8 text; not scanned' },
      ],
    });
    let clock = 0;
    const store = withReportIndex(database, {
      checkIntervalMs: 10_000,
      now: () => clock,
    });
    for (const entityRef of [SERVICE, 'component:default/unknown']) {
      expect(await store.getEntityDrift(entityRef)).toEqual(
        await database.getEntityDrift(entityRef),
      );
    }

    await store.recordRepositoryFailure(SERVICE, {
      error: 'repository not found',
      checkedAt: new Date('2026-12-01T09:00:00Z'),
    });
    const failed = await store.getEntityDrift(SERVICE);
    expect(failed.repository).toMatchObject({
      status: 'failed',
      error: 'repository not found',
    });
    // The previous results are kept.
    expect(failed.references).toHaveLength(2);
    expect(failed.problems.map(p => p.file)).toEqual(['a.tf', 'b.tf']);

    // Another instance's scan shows once the interval has passed.
    await results(otherInstance, 5);
    clock = 5_000;
    expect((await store.getEntityDrift(SERVICE)).references).toHaveLength(2);
    clock = 10_000;
    const rescanned = await store.getEntityDrift(SERVICE);
    expect(rescanned.references).toHaveLength(5);
    expect(rescanned.repository?.status).toBe('ok');
    expect(rescanned.problems).toEqual([]);
  });

  it('passes every other call through to the store', async () => {
    const { database } = await createStores();
    const store = withReportIndex(database, { checkIntervalMs: 60_000 });
    expect((await store.getEntityDrift(SERVICE)).references).toHaveLength(1);
    expect((await store.getRepositoryStatus(SERVICE))?.commit).toBe('commit-1');
  });
});
