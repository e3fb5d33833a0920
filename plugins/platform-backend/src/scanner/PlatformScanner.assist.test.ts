import { TestDatabases } from '@backstage/backend-test-utils';
import { RepositoryHost } from '@platform-portal/plugin-platform-node';
import { GitRepositoryHost } from '@platform-portal/plugin-platform-engine';
import { createPlatformStores, PlatformStores } from '../store';
import { PlatformScanner } from './PlatformScanner';
import {
  createDemoScanner,
  demoRepositoryHosts,
  useDemoRepositories,
} from './__testUtils__/demoRepositories';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const demo = useDemoRepositories('platform-assist-');

// Builds and scans real git repositories, slowly on purpose.
jest.setTimeout(60_000);

/** Long enough per repository that a scan of the demo lasts a few seconds. */
const READ_MS = 400;

function sleep(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** The repository's name in a URL of the catalog or of the local root it is read from. */
function repositoryName(url: string) {
  return url
    .replace(/\/$/, '')
    .split('/')
    .pop()!
    .replace(/\.git$/, '');
}

/**
 * The demo's git host, slowed so that a scan lasts long enough for a second instance to join,
 * remembering each service repository it read; with `stopped`, it never answers a read (the
 * instance stopped mid-scan with repositories claimed) and remembers the one it began.
 */
function slowHost(options: { stopped?: boolean } = {}) {
  const git = new GitRepositoryHost({ localRoots: [demo.dir] });
  const services = new Set(demo.services.map(s => repositoryName(s.url)));
  const reads: string[] = [];
  const readFiles: RepositoryHost['readFiles'] = async (
    url,
    commit,
    wanted,
    readOptions,
  ) => {
    const name = repositoryName(url);
    if (!services.has(name)) {
      return git.readFiles(url, commit, wanted, readOptions);
    }
    if (options.stopped) {
      reads.push(name);
      return new Promise(() => {});
    }
    await sleep(READ_MS);
    const read = await git.readFiles(url, commit, wanted, readOptions);
    reads.push(name);
    return read;
  };
  // The git host's own methods, but for reading files.
  const host: RepositoryHost = Object.assign(Object.create(git), { readFiles });
  return { host, reads };
}

/** Two backend instances, each with its own stores, on one database. */
async function twoInstances() {
  const knex = await databases.init('SQLITE_3');
  const open = () =>
    createPlatformStores({ database: { getClient: async () => knex } });
  return { knex, first: await open(), second: await open() };
}

function instance(
  stores: PlatformStores,
  host: RepositoryHost,
  overrides: Partial<ConstructorParameters<typeof PlatformScanner>[0]> = {},
) {
  return createDemoScanner(stores, demo.dir, {
    extractors: demo.extractors,
    discover: async () => demo.services,
    hosts: demoRepositoryHosts(demo.dir, host),
    // One repository at a time, two claimed ahead: the demo's 14 are enough to share.
    concurrency: 1,
    claimBatch: 1,
    heartbeatMs: 1000,
    ...overrides,
  });
}

/** A run of every service whose instance listed the repositories, then stopped renewing it. */
async function stoppedRun(stores: PlatformStores) {
  const stopped = await stores.scanRuns.createScanRun({
    id: 'stopped-instance-run',
    trigger: 'schedule',
  });
  await stores.repositories.syncRepositories(demo.services);
  await stores.scanRuns.updateScanRun(stopped.id, {
    repositoriesTotal: demo.services.length,
  });
  return stopped;
}

/** The run that follows the stopped one, once it ended. */
async function nextRunAfter(stores: PlatformStores, stoppedId: string) {
  let latest = await stores.scanRuns.getLatestScanRun();
  while (latest?.id === stoppedId || latest?.status === 'running') {
    await sleep(500);
    latest = await stores.scanRuns.getLatestScanRun();
  }
  return latest;
}

describe('PlatformScanner with two instances on one database', () => {
  it('shares a scan of every service: each repository scanned once, by either instance', async () => {
    const { knex, first, second } = await twoInstances();
    const ownerHost = slowHost();
    const helperHost = slowHost();
    const owner = instance(first, ownerHost.host);
    const helper = instance(second, helperHost.host);

    const started = await owner.start({ trigger: 'schedule' });
    // The second instance's schedule fires while the first one's run goes on.
    const joined = await helper.start({ trigger: 'schedule' });
    expect(joined.run.id).toBe(started.run.id);
    const [ended, seen] = await Promise.all([started.done, joined.done]);

    const n = demo.services.length;
    expect(ownerHost.reads.length).toBeGreaterThan(0);
    expect(helperHost.reads.length).toBeGreaterThan(0);
    expect([...ownerHost.reads, ...helperHost.reads].sort()).toEqual(
      demo.services.map(s => repositoryName(s.url)).sort(),
    );
    expect(ended).toMatchObject({
      id: started.run.id,
      status: 'succeeded',
      repositoriesTotal: n,
      repositoriesScanned: n,
      repositoriesSkipped: 0,
      repositoriesFailed: 0,
    });
    expect(seen).toMatchObject({ id: started.run.id, status: 'succeeded' });
    expect(await knex('platform_scan_runs').pluck('status')).toEqual([
      'succeeded',
    ]);
    expect(
      await knex('platform_repositories')
        .whereNotNull('lease_holder')
        .pluck('entity_ref'),
    ).toEqual([]);

    // The next cycle, nothing changed: both check, each repository once, none read again.
    const again = await owner.start({ trigger: 'schedule' });
    const againJoined = await helper.start({ trigger: 'schedule' });
    const [rescan] = await Promise.all([again.done, againJoined.done]);
    expect(rescan).toMatchObject({
      status: 'succeeded',
      repositoriesScanned: 0,
      repositoriesSkipped: n,
      repositoriesFailed: 0,
    });
    expect(ownerHost.reads.length + helperHost.reads.length).toBe(n);
  });

  it('scans what a helping instance claimed once it stopped and its leases expired', async () => {
    const { knex, first, second } = await twoInstances();
    const ownerHost = slowHost();
    const owner = instance(first, ownerHost.host);
    // Never finishes a repository, as if it stopped with its claims live.
    const stoppedHost = slowHost({ stopped: true });
    const helper = instance(second, stoppedHost.host, { leaseMs: 2000 });

    const started = await owner.start({ trigger: 'schedule' });
    const joined = await helper.start({ trigger: 'schedule' });
    expect(joined.run.id).toBe(started.run.id);
    const ended = await started.done;
    // It had claimed and begun a repository before it stopped.
    expect(stoppedHost.reads).toHaveLength(1);

    const n = demo.services.length;
    expect(ended).toMatchObject({
      status: 'succeeded',
      repositoriesScanned: n,
      repositoriesSkipped: 0,
      repositoriesFailed: 0,
    });
    expect([...ownerHost.reads].sort()).toEqual(
      demo.services.map(s => repositoryName(s.url)).sort(),
    );
    expect(
      await knex('platform_repositories')
        .whereNotNull('lease_holder')
        .pluck('entity_ref'),
    ).toEqual([]);
  });

  it("stops helping once the run's own instance stopped and the run was marked interrupted", async () => {
    const { knex, first } = await twoInstances();
    const n = demo.services.length;
    const stopped = await stoppedRun(first);

    const helperHost = slowHost();
    const helper = instance(first, helperHost.host);
    const joined = await helper.start({ trigger: 'schedule' });
    expect(joined.run.id).toBe(stopped.id);
    const stop = helper.watchForStoppedRuns();
    try {
      // Helping never renews the run: it is interrupted as if no one helped.
      expect(await joined.done).toMatchObject({
        id: stopped.id,
        status: 'interrupted',
      });
      expect(helperHost.reads.length).toBeGreaterThan(0);
      expect(helperHost.reads.length).toBeLessThan(n);
      expect(
        await knex('platform_repositories')
          .where('lease_holder', 'like', `${stopped.id}/%`)
          .pluck('entity_ref'),
      ).toEqual([]);

      // The scan that recovery starts covers every repository.
      const latest = await nextRunAfter(first, stopped.id);
      expect(latest).toMatchObject({
        status: 'succeeded',
        repositoriesTotal: n,
        repositoriesFailed: 0,
      });
      expect(latest!.repositoriesScanned + latest!.repositoriesSkipped).toBe(n);
    } finally {
      stop();
    }
  });

  it('scans at once what the helpers of an interrupted run held when they stopped with it', async () => {
    const { knex, first } = await twoInstances();
    const n = demo.services.length;
    // The run's instance and the one helping with it both stopped, the helper's leases live.
    const stopped = await stoppedRun(first);
    await first.repositories.claimRepositories(
      demo.services.map(s => s.entityRef),
      {
        holder: `${stopped.id}/assist/stopped-helper`,
        leaseMs: 600_000,
        notCheckedSince: new Date(),
      },
    );

    const survivor = instance(first, slowHost().host, { concurrency: 4 });
    const stop = survivor.watchForStoppedRuns();
    try {
      // Not after the 10 minutes of the helper's leases.
      expect(await nextRunAfter(first, stopped.id)).toMatchObject({
        status: 'succeeded',
        repositoriesScanned: n,
        repositoriesSkipped: 0,
      });
      expect(
        await knex('platform_repositories')
          .whereNotNull('lease_holder')
          .pluck('entity_ref'),
      ).toEqual([]);
    } finally {
      stop();
    }
  });
});
