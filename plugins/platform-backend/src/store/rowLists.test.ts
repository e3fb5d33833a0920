import {
  ColumnTest,
  filterRows,
  filterRowsByColumns,
  pageOfPassing,
} from './rowLists';

/** Codes of `rows` rows for a column of `values` values, spread as real columns are, not in runs. */
function column(rows: number, values: number, seed: number): Uint16Array {
  const codes = new Uint16Array(rows);
  for (let row = 0; row < rows; row++) {
    // Rows without a value (code 0) too.
    codes[row] = (Math.imul(row + seed, 2654435761) >>> 0) % (values + 1);
  }
  return codes;
}

function keeping(values: number, kept: number[]): Uint8Array {
  const table = new Uint8Array(values + 1);
  kept.forEach(code => {
    table[code] = 1;
  });
  return table;
}

describe('filterRowsByColumns', () => {
  const size = 5_000;
  const owner = column(size, 20, 1);
  const module = column(size, 8, 2);
  const verdict = new Uint32Array(column(size, 7, 3));
  const every = Uint32Array.from({ length: size }, (_, row) => row);
  // Every third row, as the rows of a value are: ascending, with gaps.
  const some = every.filter(row => row % 3 === 0);

  const naive = (rows: Uint32Array, columns: ColumnTest[]) =>
    filterRows(rows, row =>
      columns.every(({ codes, table }) => table[codes[row]] === 1),
    );

  it.each([
    ['one column', [{ codes: owner, table: keeping(20, [3]) }]],
    [
      'two columns',
      [
        { codes: module, table: keeping(8, [2, 5]) },
        { codes: verdict, table: keeping(7, [1]) },
      ],
    ],
    [
      'three columns, one of rows without a value',
      [
        { codes: owner, table: keeping(20, [0, 3, 4, 19]) },
        { codes: module, table: keeping(8, [1, 2, 3, 4]) },
        { codes: verdict, table: keeping(7, [0, 6, 7]) },
      ],
    ],
    ['a column that keeps nothing', [{ codes: owner, table: keeping(20, []) }]],
  ])('keeps the rows that pass every test of %s, in order', (_, columns) => {
    for (const rows of [every, some]) {
      const kept = filterRowsByColumns(rows, columns);
      expect(Array.from(kept)).toEqual(Array.from(naive(rows, columns)));
    }
    // The cases are not empty by chance, but for the one that keeps nothing.
    expect(filterRowsByColumns(every, columns).length > 0).toBe(
      columns[0].table.some(yes => yes === 1),
    );
  });

  it('keeps every row without a test, and none of no rows', () => {
    expect(filterRowsByColumns(some, [])).toEqual(some);
    expect(
      filterRowsByColumns(new Uint32Array(0), [
        { codes: owner, table: keeping(20, [3]) },
      ]),
    ).toEqual(new Uint32Array(0));
  });
});

describe('pageOfPassing', () => {
  const size = 5_000;
  const owner = column(size, 20, 4);
  const module = column(size, 8, 5);
  const verdict = new Uint32Array(column(size, 7, 6));
  // An order that is not ascending, as orders by a column are not.
  const order = Uint32Array.from(
    { length: size },
    (_, i) => (Math.imul(i, 7919) >>> 0) % size,
  );
  const cases: Array<[string, ColumnTest[]]> = [
    ['one column', [{ codes: owner, table: keeping(20, [3, 7]) }]],
    [
      'two columns',
      [
        { codes: module, table: keeping(8, [2, 5]) },
        { codes: verdict, table: keeping(7, [0, 1, 4]) },
      ],
    ],
    [
      'three columns',
      [
        { codes: owner, table: keeping(20, [0, 3, 4, 19]) },
        { codes: module, table: keeping(8, [1, 2, 3, 4]) },
        { codes: verdict, table: keeping(7, [1, 6, 7]) },
      ],
    ],
  ];

  it.each(cases)(
    'finds the page of the rows that pass %s where the order has them, or says the budget ran out',
    (_, columns) => {
      const test = (row: number) =>
        columns.every(({ codes, table }) => table[codes[row]] === 1);
      // The same rows, once as a test of the columns, once as a test alone.
      const tests = [{ test, columns }, { test }];
      const passing = Array.from(order).filter(test);
      expect(passing.length).toBeGreaterThan(20);
      for (const [offset, end] of [
        [0, 10],
        [5, 20],
        [passing.length - 3, passing.length],
        [passing.length - 3, passing.length + 5],
      ]) {
        const expected = {
          page: passing.slice(offset, end),
          complete: true,
        };
        for (const budget of [order.length, order.length * 2]) {
          for (const rows of tests) {
            expect(pageOfPassing(order, rows, offset, end, budget)).toEqual(
              expected,
            );
          }
        }
      }
      // The place of the 20th passing row: a budget one short of it leaves the page short.
      const twentieth = Array.from(order).indexOf(passing[19]);
      for (const [budget, page, complete] of [
        [twentieth, passing.slice(10, 19), false],
        [twentieth + 1, passing.slice(10, 20), true],
      ] as const) {
        for (const rows of tests) {
          expect(pageOfPassing(order, rows, 10, 20, budget)).toEqual({
            page,
            complete,
          });
        }
      }
    },
  );
});
