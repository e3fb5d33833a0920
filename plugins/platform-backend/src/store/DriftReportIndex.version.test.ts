import { DriftFilter, DriftRow } from '@platform-portal/plugin-platform-common';
import {
  ORDERS,
  ordersRows,
  indexOfRows,
  PAYMENTS,
  paymentsRows,
  row,
  SEARCH,
  searchRows,
} from './__testUtils__/driftFixtures';
import { DriftRowInput } from './RepositoryResultStore';

/** The fixtures' services, and a workflow of orders on the version payments pins vpc at. */
const services: Array<[string, DriftRowInput[]]> = [
  [PAYMENTS, paymentsRows],
  [
    ORDERS,
    [
      ...ordersRows,
      row({
        verdict: 'major-behind',
        module: 'deploy',
        kind: 'github-reusable-workflow',
        version: '1.2.0',
        file: '.github/workflows/deploy.yml',
      }),
    ],
  ],
  [SEARCH, searchRows],
];

function buildIndex() {
  let id = 0;
  const rows: DriftRow[] = services.flatMap(([entityRef, inputs]) =>
    inputs.map(input => ({ ...input, id: String(++id), entityRef })),
  );
  return indexOfRows(rows);
}

/** The rows a filter keeps, as service, module and version, and how many the summary counts. */
function kept(index: ReturnType<typeof buildIndex>, filter: DriftFilter) {
  const page = index.queryDrift({ ...filter, sort: 'entity', limit: 500 });
  return {
    rows: page.items.map(r => [
      r.entityRef,
      r.module ?? null,
      r.version ?? null,
    ]),
    total: page.totalCount,
    summarised: index.getSummary(filter).total,
  };
}

describe('DriftReportIndex version filter', () => {
  it('keeps the rows of the versions asked for, of every module unless a module is asked for too', () => {
    const index = buildIndex();

    expect(kept(index, { version: ['1.2.0'] })).toEqual({
      rows: [
        [ORDERS, 'deploy', '1.2.0'],
        [PAYMENTS, 'vpc', '1.2.0'],
        [PAYMENTS, 'vpc', '1.2.0'],
      ],
      total: 3,
      summarised: 3,
    });
    expect(kept(index, { version: ['1.2.0'], module: ['vpc'] })).toEqual({
      rows: [
        [PAYMENTS, 'vpc', '1.2.0'],
        [PAYMENTS, 'vpc', '1.2.0'],
      ],
      total: 2,
      summarised: 2,
    });
    expect(
      kept(index, { version: ['1.4.0', '1.10.0'], module: ['vpc'] }).rows,
    ).toEqual([
      [ORDERS, 'vpc', '1.10.0'],
      [PAYMENTS, 'vpc', '1.4.0'],
    ]);
    // Asked once with the version, the module alone still keeps every version of it.
    expect(kept(index, { module: ['vpc'] }).total).toBe(5);
  });

  it('keeps the rows that resolve to no release for an empty version', () => {
    const index = buildIndex();
    expect(kept(index, { version: [''], module: ['vpc'] }).rows).toEqual([
      [SEARCH, 'vpc', null],
    ]);
    expect(kept(index, { version: [''] }).rows).toEqual([
      [ORDERS, null, null],
      [SEARCH, 'vpc', null],
    ]);
  });

  it('keeps no row for a version no row pins', () => {
    const index = buildIndex();
    for (const filter of [
      { version: ['9.9.9'] },
      { version: ['v1.2.0'], module: ['vpc'] },
      { version: ['2.0.0'], module: ['vpc'] },
    ]) {
      expect({ filter, ...kept(index, filter) }).toEqual({
        filter,
        rows: [],
        total: 0,
        summarised: 0,
      });
    }
  });
});
