import {
  PAYMENTS,
  createStores,
  databases,
} from './__testUtils__/driftFixtures';

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
    const run = {
      finished_at: null,
      repositories_scanned: 0,
      repositories_skipped: 0,
      repositories_failed: 0,
    };
    await knex('platform_scan_runs').insert([
      {
        ...run,
        id: 'organisation',
        started_at: new Date('2026-11-21T08:00:00Z'),
        status: 'succeeded',
      },
      {
        ...run,
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

  it('fails runs interrupted by a stopped backend', async () => {
    const { knex, scanRuns: store } = await createStores(id);
    const base = {
      finished_at: null,
      repositories_scanned: 0,
      repositories_skipped: 0,
      repositories_failed: 0,
    };
    await knex('platform_scan_runs').insert([
      {
        ...base,
        id: 'stale',
        started_at: new Date('2026-11-20T08:00:00Z'),
        status: 'running',
      },
      {
        ...base,
        id: 'done',
        started_at: new Date('2026-11-20T07:00:00Z'),
        finished_at: new Date('2026-11-20T07:10:00Z'),
        status: 'succeeded',
      },
    ]);
    const startup = new Date();
    await store.createScanRun({ id: 'current', trigger: 'startup' });

    // The current run may share the millisecond of startup: it must not count as interrupted.
    expect(
      await store.failInterruptedScanRuns(new Date(startup.getTime() - 1)),
    ).toBe(1);

    expect(await store.getScanRun('stale')).toMatchObject({
      status: 'failed',
      error: 'interrupted: the backend stopped during the scan',
      finishedAt: expect.any(String),
    });
    expect(await store.getScanRun('done')).toMatchObject({
      status: 'succeeded',
      finishedAt: '2026-11-20T07:10:00.000Z',
    });
    expect((await store.getScanRun('done'))?.error).toBeUndefined();
    expect(await store.getScanRun('current')).toMatchObject({
      status: 'running',
    });
    expect(await store.failInterruptedScanRuns(startup)).toBe(0);
  });
});
