import {
  PAYMENTS,
  createFilledStores,
  createStores,
  filledVerdictCounts,
  replace,
  row,
  databases,
} from './__testUtils__/driftFixtures';

describe.each(databases.eachSupportedId())('DatabaseTrendStore on %s', id => {
  it('records daily counts and reports them over days', async () => {
    const { repositories, trends: store } = await createFilledStores(id);
    await store.recordDailyCounts('2026-10-01');
    await store.recordDailyCounts('2026-11-20');

    // Payments catches up with vpc the next day.
    await replace(repositories, PAYMENTS, [
      row({ verdict: 'up-to-date', version: '1.10.0' }),
    ]);
    await store.recordDailyCounts('2026-11-21');
    // Recording the same day again replaces its counts.
    await store.recordDailyCounts('2026-11-21');

    const all = filledVerdictCounts;
    const nextDay = {
      'up-to-date': 2,
      external: 1,
      deprecated: 1,
      unpinned: 1,
    };
    expect(await store.getTrends({ days: 30 })).toEqual([
      { day: '2026-11-20', counts: all },
      { day: '2026-11-21', counts: nextDay },
    ]);
    expect(await store.getTrends({ days: 1 })).toEqual([
      { day: '2026-11-21', counts: nextDay },
    ]);
    expect(await store.getTrends({ days: 60 })).toHaveLength(3);
    expect(await store.getTrends({ days: 60 }).then(t => t[0].day)).toBe(
      '2026-10-01',
    );
    expect(await store.getTrends({ days: 30, module: 'vpc' })).toEqual([
      {
        day: '2026-11-20',
        counts: { 'up-to-date': 2, 'minor-behind': 2, unpinned: 1 },
      },
      { day: '2026-11-21', counts: { 'up-to-date': 2, unpinned: 1 } },
    ]);
    expect(await store.getTrends({ days: 30, module: '' })).toEqual([
      { day: '2026-11-20', counts: { external: 1 } },
      { day: '2026-11-21', counts: { external: 1 } },
    ]);
    expect(await store.getTrends({ days: 0 })).toEqual([]);
    await expect(store.recordDailyCounts('21.11.2026')).rejects.toThrow();
  });

  it('reports no trends before any day was recorded', async () => {
    const { trends: store } = await createStores(id);
    expect(await store.getTrends({ days: 30 })).toEqual([]);
  });
});
