import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseDriftStore } from './DatabaseDriftStore';
import { withReadCache } from './withReadCache';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

async function setup() {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseDriftStore.create({
    database: { getClient: async () => knex },
  });
  await store.syncRepositories([
    { entityRef: 'component:default/a', url: 'https://example.com/a' },
  ]);
  const row = {
    platform: 'p',
    module: 'vpc',
    kind: 'terraform-module' as const,
    file: 'main.tf',
    line: 1,
    column: 1,
    source: 'git::https://example.com/p.git//vpc?ref=vpc/v1.0.0',
    name: 'example.com/p//vpc',
    pin: 'ref' as const,
    verdict: 'up-to-date' as const,
    severity: 0,
    explanation: 'latest',
  };
  const write = (rows: number) =>
    store.replaceRepositoryResults('component:default/a', {
      commit: 'a'.repeat(40),
      platformFingerprint: 'f',
      scannedAt: new Date(),
      filesScanned: 1,
      rows: Array.from({ length: rows }, (_, i) => ({ ...row, line: i + 1 })),
      problems: [],
    });
  return { store, write };
}

describe('withReadCache', () => {
  it('answers identical concurrent reads with one query', async () => {
    const { store, write } = await setup();
    await write(2);
    const spy = jest.spyOn(store, 'getSummary');
    const cached = withReadCache(store, { ttlMs: 60_000 });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => cached.getSummary({})),
    );
    expect(spy).toHaveBeenCalledTimes(1);
    expect(answers.every(a => a.total === 2)).toBe(true);
    // A different filter is a different question.
    await cached.getSummary({ module: ['vpc'] });
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('forgets its answers when a scan writes through it', async () => {
    const { store, write } = await setup();
    await write(2);
    const cached = withReadCache(store, { ttlMs: 60_000 });
    expect((await cached.getSummary({})).total).toBe(2);
    await cached.replaceRepositoryResults('component:default/a', {
      commit: 'b'.repeat(40),
      platformFingerprint: 'f',
      scannedAt: new Date(),
      filesScanned: 1,
      rows: [],
      problems: [],
    });
    expect((await cached.getSummary({})).total).toBe(0);
  });

  it('sees writes by another instance once its answers expire', async () => {
    const { store, write } = await setup();
    await write(2);
    let clock = 1_000;
    const cached = withReadCache(store, { ttlMs: 50, now: () => clock });
    expect((await cached.getSummary({})).total).toBe(2);
    await write(5); // another backend instance, not through this cache
    clock += 49;
    expect((await cached.getSummary({})).total).toBe(2);
    clock += 2;
    expect((await cached.getSummary({})).total).toBe(5);
  });

  it('does not keep a failed read', async () => {
    const { store } = await setup();
    const cached = withReadCache(store, { ttlMs: 60_000 });
    const spy = jest
      .spyOn(store, 'getFacets')
      .mockRejectedValueOnce(new Error('database restarting'));
    await expect(cached.getFacets()).rejects.toThrow('database restarting');
    await expect(cached.getFacets()).resolves.toMatchObject({ modules: [] });
    expect(spy).toHaveBeenCalledTimes(2);
  });
});
