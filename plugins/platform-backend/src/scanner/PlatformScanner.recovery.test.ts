import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createPlatformStores, PlatformStores } from '../store';
import {
  DEFAULT_HEARTBEAT_MS,
  interruptedWithinMs,
  PlatformScanner,
} from './PlatformScanner';
import {
  DEFAULT_SCAN_SCHEDULE,
  readHeartbeatMs,
  readScanSchedule,
} from './scheduleScans';
import {
  createDemoScanner,
  useDemoRepositories,
} from './__testUtils__/demoRepositories';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
// Short enough for a quick test, long enough that a loaded machine renews a live run in time.
const HEARTBEAT_MS = 1000;

const demo = useDemoRepositories('platform-recovery-');

// Builds and scans real git repositories.
jest.setTimeout(60_000);

async function openStores() {
  const knex = await databases.init('SQLITE_3');
  const stores = await createPlatformStores({
    database: { getClient: async () => knex },
  });
  return { knex, stores };
}

/** The store with `method` failing as a lost database connection does, `times` times. */
function failing<T extends object>(store: T, method: keyof T, times: number) {
  let left = times;
  return new Proxy(store, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function') {
        return value;
      }
      return async (...args: unknown[]) => {
        if (property === method && left-- > 0) {
          throw new Error('Connection terminated unexpectedly');
        }
        return value.apply(target, args);
      };
    },
  });
}

function createScanner(
  stores: Pick<PlatformStores, 'scanRuns' | 'repositories' | 'trends'>,
  overrides: Partial<ConstructorParameters<typeof PlatformScanner>[0]> = {},
) {
  return createDemoScanner(stores, demo.dir, {
    extractors: demo.extractors,
    discover: async () => demo.services,
    heartbeatMs: HEARTBEAT_MS,
    ...overrides,
  });
}

function sleep(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** Leaseholders of the repositories, as their rows say. */
async function leaseHolders(
  knex: Awaited<ReturnType<typeof openStores>>['knex'],
) {
  return knex('platform_repositories')
    .whereNotNull('lease_holder')
    .pluck('lease_holder');
}

describe('PlatformScanner recovering from failures', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
    if (unhandled.length > 0) {
      throw new Error(`Unhandled rejections: ${unhandled.join('; ')}`);
    }
  });

  it('tries again to mark a run ended through a database blip', async () => {
    const { stores } = await openStores();
    const waits: number[] = [];
    const scanner = createScanner(
      {
        ...stores,
        scanRuns: failing(stores.scanRuns, 'finishScanRun', 2),
      },
      {
        sleep: async ms => {
          waits.push(ms);
        },
      },
    );
    const run = await scanner.scan({ trigger: 'manual' });
    expect(run).toMatchObject({
      status: 'succeeded',
      repositoriesScanned: demo.services.length,
    });
    expect(waits).toEqual([1000, 2000]);
  });

  it('settles without an unhandled rejection when the run cannot be marked ended, and leaves it to be interrupted', async () => {
    const { stores } = await openStores();
    const logger = mockServices.logger.mock();
    const scanner = createScanner(
      { ...stores, scanRuns: failing(stores.scanRuns, 'finishScanRun', 99) },
      { logger, sleep: async () => undefined },
    );
    const { run, done } = await scanner.start({
      trigger: 'manual',
      entityRef: demo.services[0].entityRef,
    });
    await expect(done).resolves.toMatchObject({ id: run.id });
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining(
        `Marking scan ${run.id} succeeded failed 5 times`,
      ),
    );

    // Its heartbeats stopped with it: any instance finds it and says it was interrupted.
    await sleep(3 * HEARTBEAT_MS);
    expect(await scanner.recoverStoppedRuns()).toEqual([run.id]);
    expect(await stores.scanRuns.getScanRun(run.id)).toMatchObject({
      status: 'interrupted',
    });
  });

  it('releases the repositories a failed run claimed, so the next run scans them at once', async () => {
    const { knex, stores } = await openStores();
    // Results cannot be written: the database went away mid-scan.
    const broken = failing(stores.repositories, 'replaceRepositoryResults', 99);
    const failed = await createScanner({
      ...stores,
      repositories: broken,
    }).scan({ trigger: 'schedule' });
    expect(failed).toMatchObject({
      status: 'failed',
      error: 'Connection terminated unexpectedly',
    });
    expect(await leaseHolders(knex)).toEqual([]);
    // The database failed, not a repository: none is shown as failing.
    expect(
      await knex('platform_repositories')
        .where('status', 'failed')
        .pluck('entity_ref'),
    ).toEqual([]);

    const next = await createScanner(stores).scan({ trigger: 'schedule' });
    expect(next).toMatchObject({
      status: 'succeeded',
      repositoriesScanned: demo.services.length,
      repositoriesSkipped: 0,
    });
  });

  it('marks a run whose instance stopped as interrupted, releases its repositories and scans again', async () => {
    const { knex, stores } = await openStores();
    // Another instance started a run, claimed every repository and stopped.
    const stopped = await stores.scanRuns.createScanRun({
      id: 'stopped-instance-run',
      trigger: 'schedule',
    });
    await stores.repositories.syncRepositories(demo.services);
    await stores.repositories.claimRepositories(
      demo.services.map(s => s.entityRef),
      { holder: stopped.id, leaseMs: 600_000, notCheckedSince: new Date() },
    );

    const logger = mockServices.logger.mock();
    const scanner = createScanner(stores, { logger });
    const startedAt = Date.now();
    const stop = scanner.watchForStoppedRuns();
    try {
      let latest = await stores.scanRuns.getLatestScanRun();
      while (latest?.id === stopped.id || latest?.status === 'running') {
        await sleep(HEARTBEAT_MS);
        latest = await stores.scanRuns.getLatestScanRun();
      }
      expect(await stores.scanRuns.getScanRun(stopped.id)).toMatchObject({
        status: 'interrupted',
        error: expect.stringContaining('stopped before the scan ended'),
      });
      const interruptedAt = Date.parse(
        (await stores.scanRuns.getScanRun(stopped.id))!.finishedAt!,
      );
      expect(interruptedAt - startedAt).toBeLessThanOrEqual(
        interruptedWithinMs(HEARTBEAT_MS) + 1000,
      );
      // The next run took every repository at once, not after the lease of 10 minutes.
      expect(latest).toMatchObject({
        status: 'succeeded',
        trigger: 'schedule',
        repositoriesScanned: demo.services.length,
        repositoriesSkipped: 0,
      });
      expect(await leaseHolders(knex)).toEqual([]);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(stopped.id),
      );
    } finally {
      stop();
    }
  });

  it('waits for the run another instance is making, and scans again when that one was interrupted', async () => {
    const { stores } = await openStores();
    const other = await stores.scanRuns.createScanRun({
      id: 'other-instance-run',
      trigger: 'manual',
    });
    const scanner = createScanner(stores);
    const { run } = await scanner.start({ trigger: 'schedule' });
    expect(run).toMatchObject({ id: other.id, status: 'running' });

    const scanned = scanner.scan({ trigger: 'schedule' });
    await sleep(3 * HEARTBEAT_MS);
    // The other instance stops renewing its run; any instance marks it interrupted.
    expect(
      await stores.scanRuns.interruptStaleScanRuns(new Date(Date.now() + 1)),
    ).toEqual([other.id]);
    const ended = await scanned;
    expect(ended.id).not.toBe(other.id);
    expect(ended).toMatchObject({
      status: 'succeeded',
      repositoriesScanned: demo.services.length,
    });
  });
});

describe('recovery settings', () => {
  it("shows a stopped instance's run as interrupted within 2 minutes by default", () => {
    expect(interruptedWithinMs(DEFAULT_HEARTBEAT_MS)).toBeLessThanOrEqual(
      2 * 60_000,
    );
    expect(readHeartbeatMs(new ConfigReader({}))).toBeUndefined();
  });

  it('holds the scan task of a stopped instance for minutes, not half an hour', () => {
    expect(readScanSchedule(undefined)).toBe(DEFAULT_SCAN_SCHEDULE);
    expect(DEFAULT_SCAN_SCHEDULE.timeout).toEqual({ minutes: 3 });
  });

  it('reads the heartbeat in seconds and refuses one that is not positive', () => {
    expect(
      readHeartbeatMs(new ConfigReader({ scan: { heartbeatSeconds: 0.5 } })),
    ).toBe(500);
    expect(() =>
      readHeartbeatMs(new ConfigReader({ scan: { heartbeatSeconds: 0 } })),
    ).toThrow(
      'platform.scan.heartbeatSeconds must be a positive number of seconds, not 0',
    );
  });
});
