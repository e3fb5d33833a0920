import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  ReferenceExtractor,
  RepositoryHost,
} from '@platform-portal/plugin-platform-node';
import {
  createDefaultExtractors,
  GitRepositoryHost,
} from '@platform-portal/plugin-platform-engine';
import { testPlatformManifest } from '@platform-portal/plugin-platform-engine/testUtils';
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
import { makeBareRepository } from './__testUtils__/gitRepositories';

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
      repositoriesTotal: services.length,
      repositoriesScanned: services.length,
      repositoriesSkipped: 0,
      repositoriesFailed: 0,
    });

    const summary = await store.report.getSummary({});
    expect(summary.services).toBe(services.length);
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
    // Read through a local root (no page on github.com): the portal's own source view.
    expect(shaPin?.scmUrl).toMatch(
      /^\/platform\/source\?repository=https%3A%2F%2Fgithub\.com%2Facme%2Fledger-service&commit=[0-9a-f]{40}&path=.+&line=\d+$/,
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
      repositoriesSkipped: services.length,
    });
    // Only the platform is read again (its manifest, and what its latest releases serve).
    expect(
      counting.reads
        .slice(firstReads)
        .filter(url => !url.endsWith('/platform')),
    ).toEqual([]);
    expect((await store.report.getSummary({})).total).toBe(rows);
  });

  it('writes the results of the repositories it scanned a batch at a time, every one of them', async () => {
    const generationsMoved = async (resultBatch: number) => {
      const store = await createStore();
      // One worker: no write waits for another that it could share a transaction with.
      const scanner = await createScanner(store, {
        resultBatch,
        concurrency: 1,
      });
      // The platform's modules are written first; each write of results moves it once more.
      const before = Number(await store.repositories.getReportGeneration());
      const run = await scanner.scan({ trigger: 'manual' });
      expect(run).toMatchObject({
        status: 'succeeded',
        repositoriesScanned: services.length,
      });
      expect((await store.report.getSummary({})).services).toBe(
        services.length,
      );
      return Number(await store.repositories.getReportGeneration()) - before;
    };
    expect(services.length).toBeGreaterThan(2);

    const oneByOne = await generationsMoved(1);
    const inTwos = await generationsMoved(2);
    expect(oneByOne - inTwos).toBe(Math.floor(services.length / 2));
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
      repositoriesScanned: services.length,
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

  it('tells whoever listens of every run that ended, however it was started, and a failing listener fails no run', async () => {
    const store = await createStore();
    const ended: string[] = [];
    const scanner = await createScanner(store, {
      onFinished: async run => {
        ended.push(`${run.trigger} ${run.entityRef ?? 'all'} ${run.status}`);
        throw new Error('the listener failed');
      },
    });
    // A scan asked for from the report returns at once; its end is told when it comes.
    const { run, done } = await scanner.start({ trigger: 'manual' });
    expect(run.status).toBe('running');
    await expect(done).resolves.toMatchObject({ status: 'succeeded' });
    await scanner.scan({
      trigger: 'manual',
      entityRef: 'component:default/payments-api',
    });
    expect(ended).toEqual([
      'manual all succeeded',
      'manual component:default/payments-api succeeded',
    ]);
  });
});

// PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING points at a server.
describe.each(databases.eachSupportedId())('Two PlatformScanners on %s', id => {
  /** Two instances on one database, reading through one host that counts the reads. */
  async function twoInstances() {
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
      stores.map(store =>
        createScanner(store, { hosts: demoHosts(counting.host) }),
      ),
    );
    const serviceReads = () =>
      counting.reads.filter(url => !url.endsWith('/platform'));
    return { knex, stores, scanners, serviceReads };
  }

  it('make one run when both are asked at once, and read each repository once', async () => {
    const { knex, stores, scanners, serviceReads } = await twoInstances();
    const runs = await Promise.all(
      scanners.map(s => s.scan({ trigger: 'schedule' })),
    );
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[0]).toMatchObject({
      status: 'succeeded',
      repositoriesScanned: services.length,
    });
    expect(await knex('platform_scan_runs').pluck('id')).toEqual([runs[0].id]);
    expect(serviceReads().length).toBe(services.length);
    expect(new Set(serviceReads()).size).toBe(services.length);
    expect((await stores[0].report.getSummary({})).services).toBe(
      services.length,
    );
  });

  it('read each repository once per cycle when their runs overlap', async () => {
    const {
      scanners: [all, one],
      serviceReads,
    } = await twoInstances();
    // A scan of one service is a run of its own beside the organisation's.
    const runs = await Promise.all([
      all.scan({ trigger: 'schedule' }),
      one.scan({ trigger: 'manual', entityRef: services[0].entityRef }),
    ]);
    expect(runs.map(run => [run.status, run.error])).toEqual([
      ['succeeded', undefined],
      ['succeeded', undefined],
    ]);
    expect(new Set(serviceReads()).size).toBe(services.length);
    expect(serviceReads().length).toBeLessThanOrEqual(services.length + 1);
  });
});

/** A platform whose vpc 2.0.0 renames `name` to a new required `cidr`, and whose db 1.1.0 does not parse. */
async function makeCallsPlatform(root: string) {
  const manifest = testPlatformManifest(['vpc', 'db'], {
    name: 'calls-platform',
  });
  const region = `
variable "region" {
  type    = string
  default = "eu-west-1"
}
`;
  await makeBareRepository(root, 'platform', [
    {
      files: {
        'platform.yaml': manifest,
        'modules/vpc/variables.tf': `variable "name" {\n  type = string\n}\n${region}`,
        'modules/db/variables.tf':
          'variable "identifier" {\n  type = string\n}\n',
      },
      tags: ['vpc/v1.0.0', 'db/v1.0.0'],
    },
    {
      files: {
        'modules/vpc/variables.tf': `variable "cidr" {\n  type = string\n}\n${region}`,
      },
      tags: ['vpc/v2.0.0'],
    },
    {
      files: { 'modules/db/variables.tf': 'variable "identifier" {\n' },
      tags: ['db/v1.1.0'],
    },
  ]);
}

const CALLS_SERVICE = `module "old_network" {
  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v1.0.0"
  name   = "orders"
}

module "new_network" {
  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v2.0.0"
  region = "eu-west-1"
}

module "database" {
  source     = "git::https://github.com/acme/platform.git//modules/db?ref=db/v1.0.0"
  identifier = "orders"
}

module "replica" {
  source     = "git::https://github.com/acme/platform.git//modules/db?ref=db/v1.0.0"
  identifier = "orders-replica"
}
`;

describe('PlatformScanner checking module calls', () => {
  let callsDir: string;
  const callServices: DiscoveredRepository[] = ['orders', 'billing'].map(
    name => ({
      entityRef: `component:default/${name}`,
      url: `https://github.com/acme/${name}`,
      owner: 'group:default/team-a',
    }),
  );

  beforeAll(async () => {
    callsDir = await fs.mkdtemp(path.join(os.tmpdir(), 'platform-calls-'));
    await makeCallsPlatform(callsDir);
    for (const service of ['orders', 'billing']) {
      await makeBareRepository(callsDir, service, [
        { files: { 'infra/main.tf': CALLS_SERVICE } },
      ]);
    }
  });

  afterAll(async () => {
    await fs.rm(callsDir, { recursive: true, force: true });
  });

  function callsScanner(
    stores: PlatformStores,
    overrides: Partial<ConstructorParameters<typeof PlatformScanner>[0]> = {},
  ) {
    return createDemoScanner(stores, callsDir, {
      extractors,
      discover: async () => callServices,
      sleep: async () => undefined,
      ...overrides,
    });
  }

  async function rowsOf(stores: PlatformStores, entityRef: string) {
    const { references, problems } = await stores.report.getEntityDrift(
      entityRef,
    );
    const byModule = (name: string) => {
      const row = references.find(r => r.source.includes(`ref=${name}`));
      expect(row).toBeDefined();
      return row!;
    };
    return { references, problems, byModule };
  }

  // PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING points at a server.
  it.each(databases.eachSupportedId())(
    'marks broken calls and calls facing a breaking upgrade on %s, reading each interface once per tag',
    async id => {
      const knex = await databases.init(id);
      const stores = await createPlatformStores({
        database: { getClient: async () => knex },
      });
      const scanner = callsScanner(stores);
      const run = await scanner.scan({ trigger: 'manual' });
      expect(run).toMatchObject({
        status: 'succeeded',
        repositoriesScanned: 2,
        repositoriesFailed: 0,
      });

      for (const service of callServices) {
        const { references, byModule } = await rowsOf(
          stores,
          service.entityRef,
        );
        expect(references).toHaveLength(4);
        // Matches 1.0.0, but 2.0.0 removes the `name` it sets and requires `cidr`.
        const old = byModule('vpc/v1.0.0');
        expect(old).toMatchObject({
          module: 'vpc',
          version: '1.0.0',
          latest: '2.0.0',
          callStatus: 'breaking-upgrade',
          callFindings: [],
          upgrade: { to: '2.0.0', breaking: true },
        });
        expect(old.upgrade!.needs).toEqual(
          expect.arrayContaining([
            expect.stringContaining('`cidr`'),
            expect.stringContaining('`name`'),
          ]),
        );
        // Pins the latest release but does not set its required `cidr`.
        const latest = byModule('vpc/v2.0.0');
        expect(latest).toMatchObject({
          callStatus: 'broken',
          callFindings: [
            expect.objectContaining({
              finding: 'missing-required-input',
              argument: 'cidr',
            }),
          ],
        });
        expect(latest.upgrade).toBeUndefined();
      }

      const broken = await stores.report.queryDrift({ callStatus: ['broken'] });
      expect(broken.items.map(row => [row.entityRef, row.version])).toEqual([
        ['component:default/billing', '2.0.0'],
        ['component:default/orders', '2.0.0'],
      ]);
      expect(
        (await stores.report.queryDrift({ callStatus: ['breaking-upgrade'] }))
          .totalCount,
      ).toBe(2);

      // vpc 1.0.0 and 2.0.0, db 1.0.0 and 1.1.0: once each for eight calls of two services.
      expect(scanner.interfaceReads).toBe(4);
      await scanner.scan({
        trigger: 'manual',
        entityRef: 'component:default/orders',
      });
      expect(scanner.interfaceReads).toBe(4);
    },
  );

  it('records an interface it cannot read as one problem naming module, tag and file, and scans on', async () => {
    const stores = await createStore();
    const scanner = callsScanner(stores);
    await scanner.scan({ trigger: 'manual' });

    const { problems, byModule } = await rowsOf(
      stores,
      'component:default/orders',
    );
    // Two calls pin db 1.0.0, whose upgrade to 1.1.0 cannot be judged: one problem.
    expect(problems).toEqual([
      {
        file: 'infra/main.tf',
        line: expect.any(Number),
        message: expect.stringContaining('db@db/v1.1.0: modules/db/'),
      },
    ]);
    expect(problems[0].message).not.toContain(callsDir);
    for (const ref of ['db/v1.0.0']) {
      const row = byModule(ref);
      expect(row).toMatchObject({ module: 'db', version: '1.0.0' });
      expect(row.callStatus).toBeUndefined();
    }
    expect(byModule('vpc/v2.0.0').callStatus).toBe('broken');

    // What a release holds does not change: the next cycle does not scan the repository again.
    const second = await scanner.scan({ trigger: 'schedule' });
    expect(second).toMatchObject({ repositoriesSkipped: 2 });
  });

  it('scans a repository again in the next cycle when an interface was not read because its host failed', async () => {
    const git = new GitRepositoryHost({ localRoots: [callsDir] });
    let failing = true;
    const host: RepositoryHost = {
      ...countingHost(git).host,
      readFiles: async (url, commit, wanted, options) => {
        const platform = /\/platform(?:\.git)?$/.test(url);
        if (failing && platform && wanted('modules/vpc/variables.tf')) {
          throw new Error(`cannot read ${fileURLToPath(url)}: host is down`);
        }
        return git.readFiles(url, commit, wanted, options);
      },
    };
    const stores = await createStore();
    const scanner = callsScanner(stores, {
      hosts: demoRepositoryHosts(callsDir, host),
      discover: async () => [callServices[0]],
    });
    const first = await scanner.scan({ trigger: 'manual' });
    expect(first).toMatchObject({
      status: 'succeeded',
      repositoriesScanned: 1,
      repositoriesFailed: 0,
    });
    let orders = await rowsOf(stores, 'component:default/orders');
    expect(orders.byModule('vpc/v2.0.0').callStatus).toBeUndefined();
    expect(orders.problems.map(p => p.message)).toContainEqual(
      expect.stringContaining('host is down'),
    );
    expect(JSON.stringify(orders.problems)).not.toContain(callsDir);

    failing = false;
    const second = await scanner.scan({ trigger: 'schedule' });
    expect(second).toMatchObject({ repositoriesScanned: 1 });
    orders = await rowsOf(stores, 'component:default/orders');
    expect(orders.byModule('vpc/v2.0.0').callStatus).toBe('broken');
    expect(orders.problems.map(p => p.message)).not.toContainEqual(
      expect.stringContaining('host is down'),
    );
  });
});
