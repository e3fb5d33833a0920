import {
  PAYMENTS,
  createStores,
  databases,
} from './__testUtils__/driftFixtures';
import { DatabaseScanRunStore } from './DatabaseScanRunStore';

/** The columns of a run row that a test inserting runs leaves as a new run has them. */
const unfinished = {
  finished_at: null,
  repositories_scanned: 0,
  repositories_skipped: 0,
  repositories_failed: 0,
};

describe.each(databases.eachSupportedId())('DatabaseScanRunStore on %s', id => {
  it('answers that the database is reachable and that no scan has run', async () => {
    const { scanRuns: store } = await createStores(id);
    await expect(store.ping()).resolves.toBeUndefined();
    await expect(store.getLatestScanRun()).resolves.toBeUndefined();
  });

  it('returns the most recently started scan run', async () => {
    const { knex, scanRuns: store } = await createStores(id);
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

  it('answers the latest organisation-wide run, past newer runs of one entity', async () => {
    const { knex, scanRuns: store } = await createStores(id);
    await knex('platform_scan_runs').insert([
      {
        ...unfinished,
        id: 'organisation',
        started_at: new Date('2026-11-21T08:00:00Z'),
        status: 'succeeded',
      },
      {
        ...unfinished,
        id: 'one-service',
        started_at: new Date('2026-11-21T09:00:00Z'),
        status: 'failed',
        entity_ref: PAYMENTS,
        error: 'platform repository unreachable',
      },
    ]);

    expect(await store.getLatestScanRun()).toMatchObject({
      id: 'one-service',
    });
    expect(
      await store.getLatestScanRun({ organisationWide: true }),
    ).toMatchObject({ id: 'organisation', status: 'succeeded' });
    await knex('platform_scan_runs').where({ id: 'organisation' }).delete();
    expect(
      await store.getLatestScanRun({ organisationWide: true }),
    ).toBeUndefined();
  });

  it('follows a scan run from start to finish', async () => {
    const { scanRuns: store } = await createStores(id);
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

  it("counts the repositories two instances hold for a host's rate limit, until the last wait ends", async () => {
    const { knex, scanRuns: store } = await createStores(id);
    const second = new DatabaseScanRunStore(knex);
    await store.createScanRun({ id: 'run', trigger: 'schedule' });
    const earlier = new Date('2026-12-06T13:05:00Z');
    const later = new Date('2026-12-06T14:05:00Z');

    // Each instance adds its own repositories at the same moment; none is lost.
    await Promise.all([
      ...Array.from({ length: 5 }, () =>
        store.startRateLimitWait('run', { host: 'github.com', until: later }),
      ),
      ...Array.from({ length: 4 }, () =>
        second.startRateLimitWait('run', {
          host: 'github.com',
          until: earlier,
        }),
      ),
    ]);
    expect(await store.getScanRun('run')).toMatchObject({
      status: 'running',
      repositoriesWaiting: 9,
      waitingUntil: '2026-12-06T14:05:00.000Z',
      waitingHost: 'github.com',
    });

    await Promise.all([
      ...Array.from({ length: 5 }, () => store.endRateLimitWait('run')),
      ...Array.from({ length: 3 }, () => second.endRateLimitWait('run')),
    ]);
    expect(await second.getScanRun('run')).toMatchObject({
      repositoriesWaiting: 1,
      waitingUntil: '2026-12-06T14:05:00.000Z',
    });

    // The last end clears the wait; an end with nothing counted leaves no negative count.
    await second.endRateLimitWait('run');
    await second.endRateLimitWait('run');
    const cleared = await store.getScanRun('run');
    expect(cleared).toMatchObject({ status: 'running' });
    expect(cleared).not.toHaveProperty('repositoriesWaiting');
    expect(cleared).not.toHaveProperty('waitingUntil');
    expect(cleared).not.toHaveProperty('waitingHost');
    await store.startRateLimitWait('run', {
      host: 'github.com',
      until: earlier,
    });
    expect(await store.getScanRun('run')).toMatchObject({
      repositoriesWaiting: 1,
      waitingUntil: '2026-12-06T13:05:00.000Z',
    });
  });

  it('shows no wait on a run that ended while its repositories waited', async () => {
    const { scanRuns: store } = await createStores(id);
    const until = new Date('2026-12-06T14:05:00Z');
    await store.createScanRun({ id: 'finished', trigger: 'schedule' });
    await store.createScanRun({
      id: 'stopped',
      trigger: 'manual',
      entityRef: PAYMENTS,
    });
    for (const run of ['finished', 'stopped']) {
      await store.startRateLimitWait(run, { host: 'github.com', until });
    }

    await store.finishScanRun('finished', { status: 'succeeded' });
    await store.interruptStaleScanRuns(new Date(Date.now() + 1000));

    for (const run of ['finished', 'stopped']) {
      const ended = await store.getScanRun(run);
      expect(ended?.status).not.toBe('running');
      expect(ended).not.toHaveProperty('repositoriesWaiting');
      expect(ended).not.toHaveProperty('waitingUntil');
    }
    // A wait that ends after its run did changes nothing, and an ended run takes no new one.
    await store.endRateLimitWait('finished');
    await store.startRateLimitWait('finished', { host: 'github.com', until });
    expect(await store.getScanRun('finished')).not.toHaveProperty(
      'repositoriesWaiting',
    );
  });

  it('marks runs no longer renewed as interrupted, each for one caller', async () => {
    const { knex, scanRuns: store } = await createStores(id);
    const second = new DatabaseScanRunStore(knex);
    await knex('platform_scan_runs').insert([
      {
        ...unfinished,
        // Left running by a backend from before heartbeats: never renewed.
        id: 'old',
        started_at: new Date('2026-11-20T08:00:00Z'),
        status: 'running',
      },
      {
        ...unfinished,
        id: 'done',
        started_at: new Date('2026-11-20T07:00:00Z'),
        finished_at: new Date('2026-11-20T07:10:00Z'),
        status: 'succeeded',
      },
    ]);
    await store.createScanRun({ id: 'stopped', trigger: 'schedule' });
    await store.createScanRun({
      id: 'alive',
      trigger: 'manual',
      entityRef: PAYMENTS,
    });
    await new Promise(resolve => setTimeout(resolve, 20));
    const renewedBefore = new Date();
    expect(await store.renewScanRun('alive')).toBe(true);

    // An instance leaves its own runs alone, however late their last renewal.
    expect(
      await store.interruptStaleScanRuns(renewedBefore, ['old', 'stopped']),
    ).toEqual([]);
    const found = await Promise.all([
      store.interruptStaleScanRuns(renewedBefore),
      second.interruptStaleScanRuns(renewedBefore),
    ]);
    expect(found.flat().sort()).toEqual(['old', 'stopped']);

    expect(await store.getScanRun('stopped')).toMatchObject({
      status: 'interrupted',
      error:
        'the backend instance running the scan stopped before the scan ended',
      finishedAt: expect.any(String),
    });
    expect(await store.getScanRun('old')).toMatchObject({
      status: 'interrupted',
    });
    expect(await store.getScanRun('alive')).toMatchObject({
      status: 'running',
    });
    expect(await store.getScanRun('done')).toMatchObject({
      status: 'succeeded',
      finishedAt: '2026-11-20T07:10:00.000Z',
    });
    expect((await store.getScanRun('done'))?.error).toBeUndefined();

    // The stopped instance comes back: its run stays interrupted and says so.
    expect(await store.renewScanRun('stopped')).toBe(false);
    await store.finishScanRun('stopped', { status: 'succeeded' });
    expect(await store.getScanRun('stopped')).toMatchObject({
      status: 'interrupted',
    });
  });

  it('makes one running run of every service, even when two instances ask at once', async () => {
    const { knex, scanRuns: store } = await createStores(id);
    const second = new DatabaseScanRunStore(knex);
    const [first, other] = await Promise.all([
      store.createScanRun({ id: 'first', trigger: 'manual' }),
      second.createScanRun({ id: 'second', trigger: 'schedule' }),
    ]);
    expect(first.id).toBe(other.id);
    expect(['first', 'second']).toContain(first.id);
    expect(await knex('platform_scan_runs').pluck('id')).toEqual([first.id]);

    // A scan of one entity is another scope; one of the same entity joins it.
    const payments = await store.createScanRun({
      id: 'payments',
      trigger: 'manual',
      entityRef: PAYMENTS,
    });
    expect(payments.id).toBe('payments');
    expect(
      await second.createScanRun({
        id: 'payments-again',
        trigger: 'manual',
        entityRef: PAYMENTS,
      }),
    ).toMatchObject({ id: 'payments', entityRef: PAYMENTS });

    // Once the run ended, the next request makes a new one.
    await store.finishScanRun(first.id, { status: 'failed', error: 'blip' });
    expect(
      await second.createScanRun({ id: 'next', trigger: 'schedule' }),
    ).toMatchObject({ id: 'next', status: 'running' });
  });

  it('adds the counts of two instances sharing a run without losing either, and not once it ended', async () => {
    const { knex, scanRuns: store } = await createStores(id);
    const second = new DatabaseScanRunStore(knex);
    await store.createScanRun({ id: 'shared', trigger: 'schedule' });
    await store.updateScanRun('shared', { repositoriesTotal: 10 });
    await Promise.all([
      store.addScanRunCounts('shared', {
        repositoriesScanned: 3,
        repositoriesSkipped: 1,
      }),
      second.addScanRunCounts('shared', {
        repositoriesScanned: 2,
        repositoriesFailed: 1,
      }),
      second.addScanRunCounts('shared', { repositoriesScanned: 1 }),
    ]);
    expect(await store.getScanRun('shared')).toMatchObject({
      repositoriesScanned: 6,
      repositoriesSkipped: 1,
      repositoriesFailed: 1,
    });

    // The rest of the total was another run's: counted as skipped, once however often asked.
    await store.countRestAsSkipped('shared');
    await second.countRestAsSkipped('shared');
    expect(await store.getScanRun('shared')).toMatchObject({
      repositoriesTotal: 10,
      repositoriesScanned: 6,
      repositoriesSkipped: 3,
      repositoriesFailed: 1,
    });

    await store.finishScanRun('shared', { status: 'succeeded' });
    await second.addScanRunCounts('shared', { repositoriesScanned: 5 });
    expect(await store.getScanRun('shared')).toMatchObject({
      status: 'succeeded',
      repositoriesScanned: 6,
    });
  });
});
