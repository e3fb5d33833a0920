import { promises as fs } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  ReferenceExtractor,
  RepositoryHost,
} from '@internal/plugin-platform-node';
import {
  createDefaultExtractors,
  GitRepositoryHost,
} from '@internal/plugin-platform-engine';
import {
  createPlatformStores,
  DiscoveredRepository,
  PlatformStores,
} from '../store';
import { PlatformScanner } from './PlatformScanner';
import {
  createDemoScanner,
  demoRepositoryHosts,
  makeDemoRepositories,
  readDemoServices,
} from './__testUtils__/demoRepositories';

const databases = TestDatabases.create({ ids: ['POSTGRES_16', 'SQLITE_3'] });

let demoDir: string;
let services: DiscoveredRepository[];
let extractors: ReferenceExtractor[];

/** Counts the reads of a host, to show which repositories a scan really read. */
function countingHost(host: RepositoryHost) {
  const reads: string[] = [];
  const counted: RepositoryHost = {
    id: host.id,
    supports: url => host.supports(url),
    getHead: url => host.getHead(url),
    listTags: url => host.listTags(url),
    readFiles: (url, commit, wanted, options) => {
      reads.push(url);
      return host.readFiles(url, commit, wanted, options);
    },
  };
  return { host: counted, reads };
}

function demoHosts(host?: RepositoryHost) {
  return demoRepositoryHosts(demoDir, host);
}

async function createScanner(
  stores: PlatformStores,
  overrides: Partial<ConstructorParameters<typeof PlatformScanner>[0]> = {},
) {
  return createDemoScanner(stores, demoDir, {
    extractors,
    discover: async () => services,
    concurrency: 4,
    sleep: async () => undefined,
    ...overrides,
  });
}

async function createStore() {
  const knex = await databases.init('SQLITE_3');
  return createPlatformStores({
    database: { getClient: async () => knex },
  });
}

beforeAll(async () => {
  demoDir = await makeDemoRepositories('platform-scanner-');
  extractors = await createDefaultExtractors();
  services = await readDemoServices();
});

afterAll(async () => {
  await fs.rm(demoDir, { recursive: true, force: true });
});

// Builds and scans real git repositories; a loaded machine needs more than the default 5 s.
jest.setTimeout(60_000);

describe('PlatformScanner on the demo repositories', () => {
  it('scans every demo service and stores assorted verdicts', async () => {
    const store = await createStore();
    const scanner = await createScanner(store);
    const run = await scanner.scan({ trigger: 'manual' });
    expect(run).toMatchObject({
      status: 'succeeded',
      repositoriesTotal: 12,
      repositoriesScanned: 12,
      repositoriesSkipped: 0,
      repositoriesFailed: 0,
    });

    const summary = await store.report.getSummary({});
    expect(summary.services).toBe(12);
    for (const verdict of [
      'up-to-date',
      'patch-behind',
      'minor-behind',
      'major-behind',
      'deprecated',
      'unsupported',
      'unpinned',
    ] as const) {
      expect(summary.byVerdict[verdict]).toBeGreaterThan(0);
    }

    const modules = await store.report.listModules();
    expect(modules.find(m => m.name === 'vpc')).toMatchObject({
      platform: 'acme-platform',
      latest: '2.1.1',
    });

    const ledger = await store.report.getEntityDrift(
      'component:default/ledger-service',
    );
    const shaPin = ledger.references.find(
      r => r.pin === 'sha' && r.module === 'vpc',
    );
    expect(shaPin).toMatchObject({ module: 'vpc', version: '2.1.0' });
    expect(shaPin?.scmUrl).toMatch(
      /^https:\/\/github\.com\/acme\/ledger-service\/blob\/[0-9a-f]{40}\/.+#L\d+$/,
    );

    const identity = await store.report.getEntityDrift(
      'component:default/identity-service',
    );
    expect(identity.problems.length).toBeGreaterThan(0);
    expect(identity.references.length).toBeGreaterThan(0);
  });

  it('skips repositories whose head and platform have not moved', async () => {
    const store = await createStore();
    const counting = countingHost(
      new GitRepositoryHost({ localRoots: [demoDir] }),
    );
    const scanner = await createScanner(store, {
      hosts: demoHosts(counting.host),
    });
    await scanner.scan({ trigger: 'manual' });
    const firstReads = counting.reads.length;
    const rows = (await store.report.getSummary({})).total;

    const second = await scanner.scan({ trigger: 'schedule' });
    expect(second).toMatchObject({
      repositoriesScanned: 0,
      repositoriesSkipped: 12,
    });
    // Only the platform manifest is read again.
    expect(counting.reads.length - firstReads).toBe(1);
    expect((await store.report.getSummary({})).total).toBe(rows);
  });

  it('records an unreachable repository as a problem and scans the others', async () => {
    const store = await createStore();
    const scanner = await createScanner(store, {
      discover: async () => [
        ...services,
        {
          entityRef: 'component:default/gone',
          url: 'https://github.com/acme/gone',
        },
        {
          entityRef: 'component:default/elsewhere',
          url: 'https://git.example.invalid/acme/elsewhere',
        },
      ],
      hosts: demoHosts(
        new GitRepositoryHost({ localRoots: [demoDir], allowedHosts: [] }),
      ),
    });
    const run = await scanner.scan({ trigger: 'manual' });
    expect(run).toMatchObject({
      status: 'succeeded',
      repositoriesScanned: 12,
      repositoriesFailed: 2,
    });
    expect(
      await store.repositories.getRepositoryStatus('component:default/gone'),
    ).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('<local>/gone'),
    });
    expect(
      (await store.repositories.getRepositoryStatus('component:default/gone'))
        ?.error,
    ).not.toContain(demoDir);
    expect(
      await store.repositories.getRepositoryStatus(
        'component:default/elsewhere',
      ),
    ).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('no repository host may read'),
    });
  });

  it('stores the problems a host reports without its local paths', async () => {
    const git = new GitRepositoryHost({ localRoots: [demoDir] });
    const host: RepositoryHost = {
      ...countingHost(git).host,
      readFiles: async (url, commit, wanted, options) => {
        const read = await git.readFiles(url, commit, wanted, options);
        const problem = {
          file: 'infra/main.tf',
          message: `cannot read ${fileURLToPath(url)}/infra/main.tf`,
        };
        return { ...read, problems: [...read.problems, problem] };
      },
    };
    const store = await createStore();
    const scanner = await createScanner(store, { hosts: demoHosts(host) });
    await scanner.scan({
      trigger: 'manual',
      entityRef: 'component:default/payments-api',
    });
    const { problems } = await store.report.getEntityDrift(
      'component:default/payments-api',
    );
    expect(problems).toContainEqual({
      file: 'infra/main.tf',
      message: 'cannot read <local>/main.tf',
    });
    expect(JSON.stringify(problems)).not.toContain(demoDir);
  });

  it('fails the run with a clear reason when the platform cannot be read', async () => {
    const store = await createStore();
    const scanner = await createScanner(store, {
      platforms: ['https://github.com/acme/no-such-platform'],
    });
    const run = await scanner.scan({ trigger: 'manual' });
    expect(run.status).toBe('failed');
    expect(run.error).toContain('<local>/no-such-platform');
    expect(run.error).not.toContain(demoDir);
  });

  it('scans one entity on demand, even when it was checked in this cycle', async () => {
    const store = await createStore();
    const scanner = await createScanner(store);
    await scanner.scan({ trigger: 'manual' });
    const run = await scanner.scan({
      trigger: 'manual',
      entityRef: 'component:default/payments-api',
    });
    expect(run).toMatchObject({
      entityRef: 'component:default/payments-api',
      repositoriesTotal: 1,
      repositoriesSkipped: 1,
    });
    const latest = await store.scanRuns.getLatestScanRun();
    await expect(
      scanner.scan({
        trigger: 'manual',
        entityRef: 'component:default/not-a-service',
      }),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      message: expect.stringContaining('component:default/not-a-service'),
    });
    expect(await store.scanRuns.getLatestScanRun()).toEqual(latest);
  });
});

// PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING points at a server.
describe.each(databases.eachSupportedId())('Two PlatformScanners on %s', id => {
  it('read each repository once per cycle', async () => {
    const knex = await databases.init(id);
    const database = { getClient: async () => knex };
    const counting = countingHost(
      new GitRepositoryHost({ localRoots: [demoDir] }),
    );
    // Instances start one after the other, as their migrations would.
    const stores = [
      await createPlatformStores({ database }),
      await createPlatformStores({ database }),
    ];
    const scanners = await Promise.all(
      stores.map((store, index) =>
        createScanner(store, {
          hosts: demoHosts(counting.host),
          instanceId: `instance-${index}`,
        }),
      ),
    );
    const runs = await Promise.all(
      scanners.map(s => s.scan({ trigger: 'schedule' })),
    );
    const serviceReads = counting.reads.filter(
      url => !url.endsWith('/platform'),
    );
    expect(serviceReads.length).toBe(12);
    expect(new Set(serviceReads).size).toBe(12);
    expect(runs[0].repositoriesScanned + runs[1].repositoriesScanned).toBe(12);
    expect((await stores[0].report.getSummary({})).services).toBe(12);
  });
});
