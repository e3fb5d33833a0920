import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { TestDatabases } from '@backstage/backend-test-utils';
import { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
import { createDefaultExtractors } from '@platform-portal/plugin-platform-engine';
import { Knex } from 'knex';
import {
  createPlatformStores,
  DiscoveredRepository,
  PlatformStores,
} from '../store';
import { interruptedWithinMs } from './PlatformScanner';
import {
  createDemoScanner,
  makeDemoRepositories,
  openSqliteStores,
  readDemoServices,
} from './__testUtils__/demoRepositories';
import type { ScanningBackendOptions } from './__testUtils__/scanningBackend';

const CHILD = path.resolve(__dirname, '__testUtils__/scanningBackend.ts');
/** How often the backends these tests start renew their runs. */
const HEARTBEAT_MS = 1000;

// Starts backends in processes of their own and builds real git repositories.
jest.setTimeout(300_000);

// PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING points at a server.
const databases = TestDatabases.create({ ids: ['POSTGRES_16'] });

let workDir: string;
let servicesFile: string;
let services: DiscoveredRepository[];
let extractors: ReferenceExtractor[];
/** A backend process a test started; the tests end those still running. */
interface StartedBackend {
  exited: Promise<void>;
  kill(): void;
  /** The first line printed that matches, waiting for it as long as the process lives. */
  waitFor(pattern: RegExp): Promise<string>;
}
const started: StartedBackend[] = [];

function sleep(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** A backend instance in a process of its own (see scanningBackend.ts), and what it prints. */
function startBackend(
  options: Omit<ScanningBackendOptions, 'demoDir' | 'servicesFile'>,
): StartedBackend {
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      CHILD,
      JSON.stringify({ ...options, demoDir: workDir, servicesFile }),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: string[] = [];
  let stderr = '';
  let exitCode: number | null | undefined;
  child.stdout.on('data', chunk => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
  });
  child.stderr.on('data', chunk => {
    stderr += chunk;
  });
  const exited = new Promise<void>(resolve =>
    child.on('exit', code => {
      exitCode = code;
      resolve();
    }),
  );
  const backend: StartedBackend = {
    exited,
    kill: () => child.kill('SIGKILL'),
    async waitFor(pattern: RegExp): Promise<string> {
      for (;;) {
        const line = lines.find(l => pattern.test(l));
        if (line) {
          return line;
        }
        if (exitCode !== undefined) {
          throw new Error(
            `The backend ended (${exitCode}) before printing ${pattern}: ${stderr}`,
          );
        }
        await sleep(20);
      }
    },
  };
  started.push(backend);
  return backend;
}

/** Waits until the check holds. */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) {
    await sleep(100);
  }
}

function scanInProcess(stores: PlatformStores, extractorId?: string) {
  return createDemoScanner(stores, workDir, {
    extractors: extractorId
      ? [
          ...extractors,
          {
            id: extractorId,
            matches: () => false,
            extract: () => ({ references: [], problems: [] }),
          },
        ]
      : extractors,
    discover: async () => services,
  }).scan({ trigger: 'schedule' });
}

/** Every service's references as the report shows them, and how many there are. */
async function readResults(stores: PlatformStores) {
  const references = new Map<string, unknown>();
  for (const service of services) {
    // Without the row ids, which a rescan of the same files renews.
    references.set(
      service.entityRef,
      (await stores.report.getEntityDrift(service.entityRef)).references.map(
        ({ id: _id, ...reference }) => reference,
      ),
    );
  }
  return {
    references: Object.fromEntries(references),
    total: (await stores.report.queryDrift({})).totalCount,
  };
}

function leaseHolders(knex: Knex) {
  return knex('platform_repositories')
    .whereNotNull('lease_holder')
    .pluck('lease_holder');
}

beforeAll(async () => {
  workDir = await makeDemoRepositories('platform-kill-');
  servicesFile = path.join(workDir, 'services.json');
  services = await readDemoServices();
  extractors = await createDefaultExtractors();
  await fs.writeFile(servicesFile, JSON.stringify(services));
});

afterEach(async () => {
  for (const backend of started.splice(0)) {
    backend.kill();
    await backend.exited;
  }
});

afterAll(async () => {
  await fs.rm(workDir, { recursive: true, force: true });
});

describe('a backend killed in the middle of a scan, on SQLite', () => {
  let knex: Knex | undefined;
  afterEach(async () => {
    await knex?.destroy();
    knex = undefined;
  });

  it('loses nothing and leaves no half-written repository', async () => {
    const sqliteFile = path.join(workDir, 'platform.sqlite');
    // A complete scan first: every repository has results to lose.
    let opened = await openSqliteStores(sqliteFile);
    knex = opened.knex;
    expect(await scanInProcess(opened.stores)).toMatchObject({
      status: 'succeeded',
    });
    const before = await readResults(opened.stores);
    expect(before.total).toBeGreaterThan(0);
    await knex.destroy();

    // Another backend rescans everything and is killed inside one repository's write.
    const backend = startBackend({
      mode: 'scan',
      database: {
        client: 'better-sqlite3',
        connection: { filename: sqliteFile },
        useNullAsDefault: true,
      },
      extractorId: 'kill-test',
      heartbeatMs: HEARTBEAT_MS,
    });
    await backend.waitFor(/^writing$/);
    backend.kill();
    await backend.exited;

    // After the restart every repository has whole results: the killed write rolled back.
    opened = await openSqliteStores(sqliteFile);
    knex = opened.knex;
    expect(await readResults(opened.stores)).toEqual(before);

    // The killed run is no longer renewed: it is marked interrupted, and the next scan completes.
    const interrupted = await opened.stores.scanRuns.getLatestScanRun();
    expect(
      await opened.stores.scanRuns.interruptStaleScanRuns(
        new Date(Date.now() + 1),
      ),
    ).toEqual([interrupted?.id]);
    expect(
      await opened.stores.scanRuns.getScanRun(interrupted!.id),
    ).toMatchObject({ status: 'interrupted' });
    const next = await scanInProcess(opened.stores);
    expect(next).toMatchObject({ status: 'succeeded', repositoriesFailed: 0 });
    expect(await readResults(opened.stores)).toEqual(before);
  });
});

describe.each(databases.eachSupportedId())(
  'two backend processes on %s',
  id => {
    let knex: Knex;
    let stores: PlatformStores;
    /**
     * Starts a backend on the test database, its connections named so they can be found, with
     * one more extractor and, in `scan` mode, a block of `blockMs` in its first write.
     */
    let start: (
      mode: ScanningBackendOptions['mode'],
      applicationName: string,
      extractorId: string,
      blockMs?: number,
    ) => StartedBackend;

    beforeEach(async () => {
      knex = await databases.init(id);
      stores = await createPlatformStores({
        database: { getClient: async () => knex },
      });
      const connection = knex.client.config
        .connection as Knex.PgConnectionConfig;
      start = (mode, applicationName, extractorId, blockMs) =>
        startBackend({
          mode,
          extractorId,
          blockMs,
          heartbeatMs: HEARTBEAT_MS,
          database: {
            client: 'pg',
            // Knex keeps the password out of a spread (it is not enumerable).
            connection: {
              ...connection,
              password: connection.password,
              application_name: applicationName,
            },
          },
        });
      // A complete scan first: every repository has results to lose.
      const first = await scanInProcess(stores);
      if (first.status !== 'succeeded') {
        throw new Error(`The first scan failed: ${first.error}`);
      }
    });

    it('marks the run of an instance killed mid-scan interrupted, and the other instance scans again, losing nothing', async () => {
      const before = await readResults(stores);
      const other = start('watch', 'platform-other', 'after-crash');
      await other.waitFor(/^started$/);
      const crashing = start('scan', 'platform-crashing', 'after-crash');
      await crashing.waitFor(/^writing$/);
      const crashed = (await stores.scanRuns.getLatestScanRun())!;
      expect(crashed.status).toBe('running');
      crashing.kill();
      const killedAt = Date.now();
      await crashing.exited;

      await until(
        async () =>
          (await stores.scanRuns.getScanRun(crashed.id))?.status ===
          'interrupted',
      );
      const interruptedAfterMs = Date.now() - killedAt;
      const [, nextId, nextStatus] = (await other.waitFor(/^ended /)).split(
        ' ',
      );
      const nextAfterMs = Date.now() - killedAt;
      // eslint-disable-next-line no-console
      console.info(
        `Killed mid-scan: interrupted after ${interruptedAfterMs} ms, next scan ended after ${nextAfterMs} ms (heartbeat ${HEARTBEAT_MS} ms)`,
      );
      expect(interruptedAfterMs).toBeLessThanOrEqual(
        interruptedWithinMs(HEARTBEAT_MS) + 2000,
      );
      expect(nextAfterMs).toBeLessThan(5 * 60_000);

      // The other instance took every repository at once: none was left to the dead run's claims.
      expect(nextStatus).toBe('succeeded');
      expect(await stores.scanRuns.getScanRun(nextId)).toMatchObject({
        status: 'succeeded',
        repositoriesScanned: services.length,
        repositoriesFailed: 0,
      });
      expect(await leaseHolders(knex)).toEqual([]);
      expect(await readResults(stores)).toEqual(before);
    });

    it('fails the run whose database connections were cut mid-scan, releases its repositories, and the next scan succeeds', async () => {
      const before = await readResults(stores);
      const cut = start('scan', 'platform-cut', 'after-cut', 3000);
      await cut.waitFor(/^writing$/);
      // As a database restart does, without stopping the other tests' server.
      await knex.raw(
        `select pg_terminate_backend(pid) from pg_stat_activity
          where application_name = 'platform-cut' and datname = current_database()`,
      );
      const [, runId, status] = (await cut.waitFor(/^ended /)).split(' ');
      await cut.waitFor(/^done$/);
      expect(status).toBe('failed');
      expect(await stores.scanRuns.getScanRun(runId)).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/connection/i),
      });
      expect(await leaseHolders(knex)).toEqual([]);
      expect(await readResults(stores)).toEqual(before);

      const next = await scanInProcess(stores, 'after-cut');
      expect(next).toMatchObject({
        status: 'succeeded',
        repositoriesScanned: services.length,
        repositoriesFailed: 0,
      });
      expect(await readResults(stores)).toEqual(before);
    });
  },
);
