/**
 * Lists of row numbers for the report index: which rows hold each value of a column, and
 * orders of rows built by counting, so that a report of 1,000,000 rows is filtered and sorted
 * in time that grows with the rows an answer reads, not with every row.
 */

/**
 * The rows of each code of one column, grouped by code (code 0: rows without a value): the
 * rows of code `c` are `rows[starts[c]]` up to `rows[starts[c + 1]]`, in ascending order.
 *
 * @internal
 */
export class RowsByCode {
  private constructor(
    private readonly starts: Uint32Array,
    private readonly rows: Uint32Array,
  ) {}

  /** Groups rows `0 … codes.length - 1` by their code, each code below `codeCount`. */
  static of(codes: ArrayLike<number>, codeCount: number): RowsByCode {
    const starts = new Uint32Array(codeCount + 1);
    for (let row = 0; row < codes.length; row++) {
      starts[codes[row] + 1]++;
    }
    for (let code = 0; code < codeCount; code++) {
      starts[code + 1] += starts[code];
    }
    const next = starts.slice(0, codeCount);
    const rows = new Uint32Array(codes.length);
    for (let row = 0; row < codes.length; row++) {
      rows[next[codes[row]]++] = row;
    }
    return new RowsByCode(starts, rows);
  }

  /** How many rows have the code. */
  count(code: number): number {
    return this.starts[code + 1] - this.starts[code];
  }

  /** The rows of one code, ascending; a view, not a copy. */
  of(code: number): Uint32Array {
    return this.rows.subarray(this.starts[code], this.starts[code + 1]);
  }

  /**
   * The rows of any of the codes, grouped by code (each group ascending); rows of one code are
   * not copied.
   */
  ofAny(codes: ArrayLike<number>): Uint32Array {
    if (codes.length === 1) {
      return this.of(codes[0]);
    }
    let size = 0;
    for (let i = 0; i < codes.length; i++) {
      size += this.count(codes[i]);
    }
    const rows = new Uint32Array(size);
    let at = 0;
    for (let i = 0; i < codes.length; i++) {
      rows.set(this.of(codes[i]), at);
      at += this.count(codes[i]);
    }
    return rows;
  }
}

/**
 * `order` sorted by `keyOfCode[codes[row]]`, ascending and stable: rows with equal keys stay in
 * the order they had. One pass to count, one to place.
 */
export function sortByKey(
  order: Uint32Array,
  codes: ArrayLike<number>,
  keyOfCode: Uint32Array,
): Uint32Array {
  let keyCount = 0;
  for (const key of keyOfCode) {
    keyCount = Math.max(keyCount, key + 1);
  }
  const starts = new Uint32Array(keyCount + 1);
  for (let i = 0; i < order.length; i++) {
    starts[keyOfCode[codes[order[i]]] + 1]++;
  }
  for (let key = 0; key < keyCount; key++) {
    starts[key + 1] += starts[key];
  }
  const sorted = new Uint32Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const row = order[i];
    sorted[starts[keyOfCode[codes[row]]]++] = row;
  }
  return sorted;
}

/**
 * Each row's number as a rank among the column's distinct numbers (0: the smallest), and how
 * many there are, so that a number column sorts by counting as a text column's codes do.
 */
export function ranksOf(values: ArrayLike<number>): {
  ranks: Uint32Array;
  count: number;
} {
  const distinct = Float64Array.from(new Set(Array.from(values))).sort();
  const rankOf = new Map<number, number>();
  distinct.forEach((value, rank) => rankOf.set(value, rank));
  const ranks = new Uint32Array(values.length);
  for (let row = 0; row < values.length; row++) {
    ranks[row] = rankOf.get(values[row])!;
  }
  return { ranks, count: distinct.length };
}

/** The rows that pass `test`, of `rows`, in their order. */
export function filterRows(
  rows: Uint32Array,
  test: (row: number) => boolean,
): Uint32Array {
  const kept = new Uint32Array(rows.length);
  let count = 0;
  for (let i = 0; i < rows.length; i++) {
    if (test(rows[i])) {
      kept[count++] = rows[i];
    }
  }
  return kept.slice(0, count);
}

/** A test of one column: whether `table[codes[row]]` is 1. */
export interface ColumnTest {
  codes: ArrayLike<number>;
  table: Uint8Array;
}

/**
 * The rows whose codes pass every column test, of `rows`, in their order. The same as
 * {@link filterRows} with a test of the columns, but the lookups are written into the loop: a
 * test called per row from a loop that many kinds of test share cost three times as much.
 */
export function filterRowsByColumns(
  rows: Uint32Array,
  columns: readonly ColumnTest[],
): Uint32Array {
  if (columns.length === 0) {
    return rows;
  }
  const kept = new Uint32Array(rows.length);
  let count = 0;
  if (columns.length === 1) {
    const [{ codes, table }] = columns;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (table[codes[row]] === 1) {
        kept[count++] = row;
      }
    }
  } else if (columns.length === 2) {
    const [first, second] = columns;
    const firstCodes = first.codes;
    const firstTable = first.table;
    const secondCodes = second.codes;
    const secondTable = second.table;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (
        firstTable[firstCodes[row]] === 1 &&
        secondTable[secondCodes[row]] === 1
      ) {
        kept[count++] = row;
      }
    }
  } else {
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      let pass = true;
      for (let k = 0; k < columns.length && pass; k++) {
        pass = columns[k].table[columns[k].codes[row]] === 1;
      }
      if (pass) {
        kept[count++] = row;
      }
    }
  }
  return kept.slice(0, count);
}

/**
 * What keeps a row: `test`, or the single-column tests it is made of, when it is made of
 * nothing else.
 */
export interface RowTest {
  test(row: number): boolean;
  columns?: readonly ColumnTest[];
}

/**
 * The rows at places `offset` up to `end` among the rows of `order` that pass `rows.test`, in
 * order, looking at the first `budget` rows of the order only; `complete` is false when the
 * budget ran out before the page was full. A test of one or two columns is looked up in the
 * loop, as in {@link filterRowsByColumns}; others are called per row.
 */
export function pageOfPassing(
  order: Uint32Array,
  rows: RowTest,
  offset: number,
  end: number,
  budget: number,
): { page: number[]; complete: boolean } {
  const page: number[] = [];
  const last = Math.min(order.length, budget);
  let seen = 0;
  let i = 0;
  const keep = (row: number) => {
    if (seen >= offset) {
      page.push(row);
    }
    seen++;
  };
  const columns = rows.columns ?? [];
  if (columns.length === 1) {
    const [{ codes, table }] = columns;
    for (; i < last && seen < end; i++) {
      const row = order[i];
      if (table[codes[row]] === 1) {
        keep(row);
      }
    }
  } else if (columns.length === 2) {
    const [first, second] = columns;
    const firstCodes = first.codes;
    const firstTable = first.table;
    const secondCodes = second.codes;
    const secondTable = second.table;
    for (; i < last && seen < end; i++) {
      const row = order[i];
      if (
        firstTable[firstCodes[row]] === 1 &&
        secondTable[secondCodes[row]] === 1
      ) {
        keep(row);
      }
    }
  } else {
    const { test } = rows;
    for (; i < last && seen < end; i++) {
      const row = order[i];
      if (test(row)) {
        keep(row);
      }
    }
  }
  return { page, complete: seen === end || i === order.length };
}
