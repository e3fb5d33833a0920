import {
  DriftFacets,
  DriftFilter,
  DriftPage,
  DriftQuery,
  DriftRow,
  DriftSortField,
  DriftSummary,
  DriftVerdict,
  CallStatus,
  DEFAULT_ENVIRONMENT_ORDER,
  EnvironmentOrder,
  findPromotionLags,
  servicePromotionLagKey,
  ModuleAdoption,
  OpenUpgrade,
  PinType,
  PlatformModuleInfo,
  PromotionReference,
  ReferenceKind,
  RequiredModuleReference,
} from '@platform-portal/plugin-platform-common';
import { LRUCache } from 'lru-cache';
import semver from 'semver';
import { DriftRowRow, decodeCallCheck, toStoredDriftRow } from './tableRows';
import {
  NOT_DRIFTED,
  adoptionOfColumns,
  byDriftedModules,
  pageOf,
  searchPattern,
  searchText,
  versionKey,
  withServicesPerVersion,
} from './reportRules';
import {
  ColumnTest,
  RowsByCode,
  filterRows,
  filterRowsByColumns,
  pageOfPassing,
  ranksOf,
  RowTest,
  sortByKey,
} from './rowLists';

/**
 * The modules one service uses, for the catalog.
 *
 * @internal
 */
export interface ServiceDependencies {
  entityRef: string;
  modules: Array<{ platform: string; module: string }>;
}

/**
 * An open upgrade change as the report reads it: the service and module it upgrades (in one
 * environment, or all when it names none) and where its branch is.
 *
 * @internal
 */
export interface OpenUpgradeChange {
  entityRef: string;
  module: string;
  environment?: string;
  version: string;
  branch: string;
  url?: string;
}

/** What a report index is read from: the rows come in pages, the rest once. */
export interface DriftReportSource {
  /** Changes with every write that changes what the report shows. */
  generation: string;
  modules: PlatformModuleInfo[];
  /**
   * Since when each lag has lasted, by {@link servicePromotionLagKey} of the service and the
   * lagging module and environment; absent where no history was recorded.
   */
  lagSince?: ReadonlyMap<string, string>;
}

/**
 * Where the drift rows go as the store reads them, as stored: read into the report's columns
 * without an object per row on the way.
 */
export interface StoredDriftRowSink {
  /**
   * How many rows the read will bring, counted just before it: a write meanwhile can make them
   * more or fewer.
   */
  expect(rows: number): void;
  addStored(rows: readonly DriftRowRow[]): void;
}

/**
 * The most combinations of values the rows of a filter of several columns are counted by: 20
 * owners, 8 modules and 7 verdicts make 1,512 (with no value as one more of each).
 */
const COUNTED_CODES = 65_536;

/** How many patterns' matches each column keeps, for searches typed one letter at a time. */
const SEARCHES_KEPT = 64;

/**
 * Candidates are tested one by one when they are at most a quarter of the values: at 50,000
 * service names, testing 12,500 took 0.45 ms and one walk of the joined text 0.73 ms.
 */
const CANDIDATES_PER_VALUE = 4;

/**
 * The distinct values of one text column, and each row's value as a code: 1 + the value's rank
 * in the order the databases compare text (by code unit); 0 where a row has none. Each text is
 * kept once, however many rows have it.
 */
class Dictionary {
  readonly values: string[];
  /** Two bytes a row where the column has fewer than 65,535 values (most have a few dozen). */
  readonly codes: CodeArray;
  /** Made when a filter first asks: a column read only row by row never needs it. */
  private codeOf?: Map<string, number>;
  private searchable?: {
    text: string;
    starts: Uint32Array;
    lower: string[];
    /** The codes found for recent patterns, the least recently used first. */
    found: Map<string, Uint32Array>;
  };

  constructor(values: string[], codes: CodeArray) {
    this.values = values;
    this.codes = codes;
  }

  private codesByValue(): Map<string, number> {
    this.codeOf ??= new Map(
      this.values.map((value, index) => [value, index + 1]),
    );
    return this.codeOf;
  }

  value(row: number): string | undefined {
    const code = this.codes[row];
    return code === 0 ? undefined : this.values[code - 1];
  }

  /** The code of a value; undefined when no row has it. */
  code(value: string): number | undefined {
    return this.codesByValue().get(value);
  }

  /** Which codes a filter of this column keeps: '' keeps rows without a value. */
  allowed(wanted: readonly string[] | undefined): Uint8Array | undefined {
    if (!wanted || wanted.length === 0) {
      return undefined;
    }
    const allowed = new Uint8Array(this.values.length + 1);
    for (const value of wanted) {
      const code = value === '' ? 0 : this.codesByValue().get(value);
      if (code !== undefined) {
        allowed[code] = 1;
      }
    }
    return allowed;
  }

  /**
   * The codes of the values whose lower case contains the (lower-case) pattern, which holds no
   * line break, in ascending order. A search typed one letter at a time asks for patterns that
   * each contain the one before: the values found for a recent pattern inside this one are the
   * only ones that can contain it, so where they are few, only they are tested. Otherwise the
   * lower-cased values are kept joined by line breaks, so that the search is one native
   * `indexOf` walk over the text instead of a test of each value.
   */
  containing(pattern: string): Uint32Array {
    if (!this.searchable) {
      const lower = this.values.map(v => v.toLocaleLowerCase('en-US'));
      const starts = new Uint32Array(lower.length + 1);
      let at = 0;
      lower.forEach((value, index) => {
        starts[index] = at;
        at += value.length + 1;
      });
      starts[lower.length] = at;
      this.searchable = {
        text: lower.join('\n'),
        starts,
        lower,
        found: new Map(),
      };
    }
    const { found } = this.searchable;
    let codes = found.get(pattern);
    if (codes) {
      found.delete(pattern);
    } else {
      codes = this.search(pattern, this.candidates(pattern));
    }
    found.set(pattern, codes);
    if (found.size > SEARCHES_KEPT) {
      found.delete(found.keys().next().value!);
    }
    return codes;
  }

  /**
   * The fewest codes found for a recent pattern inside `pattern`, when they are few enough that
   * testing each value costs less than walking the whole text.
   */
  private candidates(pattern: string): Uint32Array | undefined {
    let fewest: Uint32Array | undefined;
    for (const [earlier, codes] of this.searchable!.found) {
      if (
        (!fewest || codes.length < fewest.length) &&
        pattern.includes(earlier)
      ) {
        fewest = codes;
      }
    }
    return fewest && fewest.length <= this.values.length / CANDIDATES_PER_VALUE
      ? fewest
      : undefined;
  }

  private search(pattern: string, candidates?: Uint32Array): Uint32Array {
    const { text, starts, lower } = this.searchable!;
    if (candidates) {
      return candidates.filter(code => lower[code - 1].includes(pattern));
    }
    const codes: number[] = [];
    for (let from = 0; ; ) {
      const found = text.indexOf(pattern, from);
      if (found < 0) {
        return Uint32Array.from(codes);
      }
      // The value the match is in: the last one starting at or before it.
      let low = 0;
      let high = this.values.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >>> 1;
        if (starts[middle] <= found) {
          low = middle;
        } else {
          high = middle - 1;
        }
      }
      codes.push(low + 1);
      from = starts[low + 1];
    }
  }
}

/**
 * Numbers appended one by one into a typed array that grows as it fills: doubling while small,
 * then by a quarter, so that a report of 1,000,000 rows never holds a column's numbers twice
 * over, and what is left unused at the end is at most a fifth of it.
 */
class GrowingArray<T extends NumberArray | CodeArray> {
  private array: T;
  length = 0;

  constructor(private make: (size: number) => T) {
    this.array = make(1024);
  }

  push(value: number): void {
    if (this.length === this.array.length) {
      const size = this.array.length;
      this.copyInto(size < 65536 ? size * 2 : size + (size >>> 2));
    }
    this.array[this.length++] = value;
  }

  /**
   * Makes room for `size` numbers in all at once, where their count is known before they come:
   * growing a quarter at a time left up to a fifth of each column unused, and the arrays it
   * outgrew waiting for a collection while the build went on.
   */
  reserve(size: number): void {
    if (size > this.array.length) {
      this.copyInto(size);
    }
  }

  /** Holds the numbers from now on in arrays of another type (to hold larger codes). */
  widen(make: (size: number) => T): void {
    this.make = make;
    this.copyInto(this.array.length);
  }

  private copyInto(size: number): void {
    const larger = this.make(size);
    larger.set(this.array.subarray(0, this.length));
    this.array = larger;
  }

  /**
   * The numbers pushed, without a copy: a view of the array they were pushed into (a copy of
   * every column at the end of a build was 100 MB more at its peak at 1,000,000 rows).
   */
  view(): T {
    return this.array.subarray(0, this.length) as T;
  }
}

/** Codes of a text column: two bytes a row while it has fewer than 65,535 values. */
type CodeArray = Uint16Array | Uint32Array;

/** Collects one text column row by row, then sorts its values into a {@link Dictionary}. */
class DictionaryBuilder {
  /**
   * @param copyValues - keep a copy of each value rather than the value given: a value cut from
   *   a longer text (a part of a link) keeps the whole text alive, once for each distinct value.
   */
  constructor(private readonly copyValues = false) {}

  private readonly values: string[] = [];
  private readonly seen = new Map<string, number>();
  /** Each row's code in the order values were first seen; ranked in place by `build`. */
  private readonly codes = new GrowingArray<CodeArray>(
    size => new Uint16Array(size),
  );
  /**
   * The last value added and its code: rows come by id, and a service's rows, which share
   * entity, owner, system and often more, come together, so most values equal the last one,
   * which a comparison finds sooner than a look-up that hashes the text.
   */
  private last?: string;
  private lastCode = 0;

  /** Makes room for the codes of `rows` rows in all. */
  reserve(rows: number): void {
    this.codes.reserve(rows);
  }

  add(value: string | null | undefined): void {
    if (value === undefined || value === null) {
      this.codes.push(0);
      return;
    }
    if (value === this.last) {
      this.codes.push(this.lastCode);
      return;
    }
    let code = this.seen.get(value);
    if (code === undefined) {
      const kept = this.copyValues
        ? Buffer.from(value, 'utf8').toString('utf8')
        : value;
      this.values.push(kept);
      code = this.values.length;
      this.seen.set(kept, code);
      if (code === 0xffff) {
        // A code no longer fits two bytes: the column's codes take four from now on.
        this.codes.widen(size => new Uint32Array(size));
      }
    }
    this.last = value;
    this.lastCode = code;
    this.codes.push(code);
  }

  build(): Dictionary {
    const order = this.values.map((_, index) => index);
    order.sort((a, b) =>
      this.values[a] < this.values[b]
        ? -1
        : Number(this.values[a] > this.values[b]),
    );
    const rank = new Uint32Array(this.values.length + 1);
    order.forEach((index, position) => {
      rank[index + 1] = position + 1;
    });
    // Ranked in place: ranks fit the array the codes fit, and a second array of every
    // column's codes was 100 MB more at the peak of building a 1,000,000-row index.
    const codes = this.codes.view();
    for (let i = 0; i < codes.length; i++) {
      codes[i] = rank[codes[i]];
    }
    return new Dictionary(
      order.map(index => this.values[index]),
      codes,
    );
  }
}

/**
 * The rows' links. Nearly every row has a link of its own, but a link is the repository at a
 * commit, then a file, then a line (`…&commit=<sha>&path=main.tf&line=36`,
 * `…/blob/<sha>/main.tf#L36`), and each of those repeats across rows: each link is kept as the
 * codes of its part through the last commit id in it, of the part up to its final digits, and
 * of those digits, each part once, rather than as a string per row (about 170 bytes a row:
 * 170 MB for a report of 1,000,000 rows).
 */
class ScmUrls {
  constructor(private readonly parts: Dictionary[]) {}

  value(row: number): string | undefined {
    const repository = this.parts[0].value(row);
    return repository === undefined
      ? undefined
      : repository +
          (this.parts[1].value(row) ?? '') +
          (this.parts[2].value(row) ?? '');
  }
}

/**
 * Where the last commit id (a run of 40 or more lower-case hex digits) in a link ends; the
 * link's length where it has none. A scan back from the end: a regular expression that looked
 * ahead for a later id cost a second of the build at 1,000,000 rows.
 */
function endOfLastCommitId(link: string): number {
  let runEnd = link.length;
  for (let i = link.length - 1; i >= -1; i--) {
    const c = i >= 0 ? link.charCodeAt(i) : -1;
    const hex = (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
    if (!hex) {
      if (runEnd - (i + 1) >= 40) {
        return runEnd;
      }
      runEnd = i;
    }
  }
  return link.length;
}

class ScmUrlsBuilder {
  private readonly parts = [
    new DictionaryBuilder(true),
    new DictionaryBuilder(true),
    new DictionaryBuilder(true),
  ];

  reserve(rows: number): void {
    this.parts.forEach(part => part.reserve(rows));
  }

  add(url: string | null | undefined): void {
    const [repository, file, line] = this.parts;
    if (url === undefined || url === null) {
      this.parts.forEach(part => part.add(undefined));
      return;
    }
    let digits = url.length;
    while (
      digits > 0 &&
      url.charCodeAt(digits - 1) >= 48 &&
      url.charCodeAt(digits - 1) <= 57
    ) {
      digits--;
    }
    const fileStart = endOfLastCommitId(url.slice(0, digits));
    repository.add(url.slice(0, fileStart));
    file.add(fileStart < digits ? url.slice(fileStart, digits) : undefined);
    line.add(digits < url.length ? url.slice(digits) : undefined);
  }

  build(): ScmUrls {
    return new ScmUrls(this.parts.map(part => part.build()));
  }
}

const TEXT_COLUMNS = [
  'entityRef',
  'owner',
  'system',
  'platform',
  'module',
  'kind',
  'environment',
  'file',
  'source',
  'name',
  'pin',
  'ref',
  'version',
  'latest',
  'verdict',
  'explanation',
  'callStatus',
] as const;
type TextColumn = (typeof TEXT_COLUMNS)[number];

/** The stored column of each text column. */
const STORED_TEXT_COLUMNS: Record<TextColumn, keyof DriftRowRow> = {
  entityRef: 'entity_ref',
  owner: 'owner',
  system: 'system',
  platform: 'platform',
  module: 'module',
  kind: 'kind',
  environment: 'environment',
  file: 'file',
  source: 'source',
  name: 'name',
  pin: 'pin',
  ref: 'ref',
  version: 'version',
  latest: 'latest',
  verdict: 'verdict',
  explanation: 'explanation',
  callStatus: 'call_status',
};

const NUMBER_COLUMNS = [
  'id',
  'line',
  'column',
  'severity',
  'releasesBehind',
] as const;
type NumberColumn = (typeof NUMBER_COLUMNS)[number];
type NumberArray = Float64Array | Float32Array | Int32Array;

/**
 * The array each number column is kept in: ids as doubles (any integer a database hands out),
 * lines, columns and severities in four bytes, and the releases behind as floats, which hold
 * NaN for rows without a count and every count exactly.
 */
const NUMBER_ARRAYS: Record<NumberColumn, (size: number) => NumberArray> = {
  id: size => new Float64Array(size),
  line: size => new Int32Array(size),
  column: size => new Int32Array(size),
  severity: size => new Int32Array(size),
  releasesBehind: size => new Float32Array(size),
};

type OrderColumn =
  | 'entityRef'
  | 'owner'
  | 'module'
  | 'environment'
  | 'file'
  | 'line'
  | 'severity'
  | 'verdict'
  | 'versionKey'
  | 'version'
  | 'id';

/** Sort columns per field, after which rows are ordered by entity, file, line and id. */
const SORT_COLUMNS: Record<DriftSortField, OrderColumn[]> = {
  entity: ['entityRef'],
  owner: ['owner'],
  module: ['module'],
  environment: ['environment'],
  verdict: ['severity', 'verdict'],
  version: ['versionKey', 'version'],
  file: ['file', 'line'],
};
const TIE_COLUMNS: OrderColumn[] = ['entityRef', 'file', 'line', 'id'];

/** The text the `q` filter searches, in the order of {@link searchText}. */
const SEARCHED: TextColumn[] = [
  'entityRef',
  'module',
  'source',
  'file',
  'explanation',
];

/** The fields of a filter that keep the rows with one of their values in a column. */
const FILTERED = [
  'owner',
  'module',
  'verdict',
  'environment',
  'version',
  'kind',
  'entityRef',
  'callStatus',
] as const satisfies readonly TextColumn[];

/**
 * One condition of a filter: how many rows it keeps at most, how many exactly (which may cost a
 * pass over them), which, and a test of one row, made of one column's test where it is one.
 */
interface Condition {
  size: number;
  count(): number;
  rows(): Uint32Array;
  test(row: number): boolean;
  column?: ColumnTest;
}

const NO_ROW: Condition = {
  size: 0,
  count: () => 0,
  rows: () => new Uint32Array(0),
  test: () => false,
};

/**
 * The rows a filter keeps: how many, a test of one row, and the rows themselves (in no
 * particular order), worked out when first needed: a page of a filter that keeps many rows
 * walks the order with the test instead.
 */
interface Matching extends RowTest {
  count: number;
  rows(): Uint32Array;
  /** How many row numbers it holds, for the bound of the cache. */
  held(): number;
}

/**
 * A test of all conditions: the tests of single columns first, as lookups in a loop, then
 * the others.
 */
function allOf(conditions: readonly Condition[]): (row: number) => boolean {
  const columns = conditions.flatMap(c => (c.column ? [c.column] : []));
  const others = conditions.flatMap(c => (c.column ? [] : [c.test]));
  const codes = columns.map(column => column.codes);
  const tables = columns.map(column => column.table);
  const count = columns.length;
  return row => {
    for (let k = 0; k < count; k++) {
      if (tables[k][codes[k][row]] === 0) {
        return false;
      }
    }
    for (const test of others) {
      if (!test(row)) {
        return false;
      }
    }
    return true;
  };
}

/** The tests of the conditions when each is a test of a single column; undefined otherwise. */
function columnsOf(
  conditions: readonly Condition[],
): readonly ColumnTest[] | undefined {
  return conditions.every(c => c.column)
    ? conditions.map(c => c.column!)
    : undefined;
}

/** What tells filters apart: the same key keeps the same rows. */
function filterKey(filter: DriftFilter): string {
  return JSON.stringify([
    ...FILTERED.map(field => filter[field] ?? []),
    filter.promotion ?? [],
    searchPattern(filter.text) ?? null,
  ]);
}

/** A dictionary's codes as the keys they sort by, rows without a value first. */
function codeRanks(dictionary: Dictionary): Uint32Array {
  return allRows(dictionary.values.length + 1);
}

/** Row numbers 0 up to `size`. */
function allRows(size: number): Uint32Array {
  const rows = new Uint32Array(size);
  for (let row = 0; row < size; row++) {
    rows[row] = row;
  }
  return rows;
}

/**
 * The drift report of one generation of the store's data, in memory: it answers the report's
 * queries in about a millisecond at 200,000 rows, where a database query reads or counts every
 * row it matches. Rows are ordered as the databases order text (by code unit), with rows
 * without a value last. Immutable once built; made by a {@link DriftReportBuilder}.
 *
 * @internal
 */
export class DriftReportIndex {
  readonly generation: string;
  readonly size: number;
  /** The promotion order the index was built with. */
  readonly environments?: EnvironmentOrder;
  private readonly modules: PlatformModuleInfo[];
  /**
   * Since when the lag of each row of `laggingRows` has lasted, where recorded: each distinct
   * date once, where the map by service, module and environment that it is read from kept a key
   * and a date of its own for each lag (25 MB of 156,000 lags at 1,000,000 rows).
   */
  private readonly lagSince?: ReadonlyArray<string | undefined>;
  private readonly text: Record<TextColumn, Dictionary>;
  private readonly versionKey: Dictionary;
  private readonly numbers: Record<NumberColumn, NumberArray>;
  private readonly scmUrls: ScmUrls;
  /**
   * Findings and upgrade of checked rows as text: the same check is kept once however many
   * rows have it (a module's call fares alike in many services), and read back on demand.
   */
  private readonly callChecks: Dictionary;
  /** Per verdict code: 1 when rows with it count as drifted. */
  private readonly drifted: Uint8Array;
  /**
   * Per row, the environment code (0: none) and version code of the earlier environment it lags
   * behind in promotion, worked out when the index is built.
   */
  private readonly lags: { environment: CodeArray; version: CodeArray };
  private readonly promotionLag: { services: number; references: number };
  /** The rows each list of open changes marks, worked out once for answers that share a read. */
  private readonly upgradeMarks = new WeakMap<
    readonly OpenUpgradeChange[],
    Map<number, OpenUpgrade>
  >();

  /** The rows that lag in promotion, ascending. */
  private readonly laggingRows: Uint32Array;
  /** Rows by entity, then file, line and id: the order the others are sorted from. */
  private baseOrder?: Uint32Array;
  private readonly orders = new Map<string, Uint32Array>();
  /** Per order, each row's place in it; for pages of filters whose rows are few. */
  private readonly places = new Map<string, Uint32Array>();
  /** The ranks of the number columns orders sort by, shared by the orders that do. */
  private readonly numberRanks = new Map<
    'line' | 'severity',
    { ranks: Uint32Array; count: number }
  >();
  private readonly callChecksDecoded = new Map<
    number,
    Pick<DriftRow, 'callStatus' | 'callFindings' | 'upgrade'>
  >();
  private readonly rowLists = new Map<TextColumn, RowsByCode>();
  /** Rows counted by their codes in a few columns, by the columns' names. */
  private readonly codeCounts = new Map<string, Uint32Array>();
  /**
   * The rows each filter keeps, by filter, so that its next pages, and its summary, read only
   * those; bounded by the row numbers kept (4 bytes each).
   */
  private readonly matches = new LRUCache<string, Matching>({
    maxSize: 4_000_000,
    sizeCalculation: matching => matching.held() + 1,
  });
  private readonly summaries = new LRUCache<string, DriftSummary>({
    max: 1000,
  });
  /**
   * Pages answered, by query and open changes, so that a page asked again is the same object
   * and its serialisation can be kept: under load, building and encoding pages took a third of
   * the server's time. Bounded by the rows they hold.
   */
  private readonly pages = new LRUCache<string, DriftPage>({
    maxSize: 20_000,
    sizeCalculation: page => page.items.length + 1,
  });
  /** Each list of open changes as text, for the keys of the pages marked with it. */
  private readonly upgradeKeys = new WeakMap<
    readonly OpenUpgradeChange[],
    string
  >();
  private facets?: DriftFacets;
  private readonly adoptions = new Map<string, ModuleAdoption | undefined>();
  /**
   * Adoptions cut to a number of services per version, as pages ask for them: a few sizes are
   * asked for often, so that each is cut (and serialised) once; any size could be asked for.
   */
  private readonly cutAdoptions = new LRUCache<string, ModuleAdoption>({
    max: 64,
  });
  private dependencies?: ServiceDependencies[];

  constructor(
    parts: DriftReportSource & {
      text: Record<TextColumn, Dictionary>;
      versionKey: Dictionary;
      numbers: Record<NumberColumn, NumberArray>;
      scmUrls: ScmUrls;
      callChecks: Dictionary;
      lags: { environment: CodeArray; version: CodeArray };
      environments?: EnvironmentOrder;
    },
  ) {
    this.environments = parts.environments;
    this.generation = parts.generation;
    this.modules = parts.modules;
    this.text = parts.text;
    this.versionKey = parts.versionKey;
    this.numbers = parts.numbers;
    this.scmUrls = parts.scmUrls;
    this.callChecks = parts.callChecks;
    this.size = parts.numbers.id.length;
    this.lags = parts.lags;
    const lagging = new Set<number>();
    const laggingRows = new GrowingArray(size => new Uint32Array(size));
    for (let row = 0; row < this.size; row++) {
      if (this.lags.environment[row] !== 0) {
        laggingRows.push(row);
        lagging.add(this.text.entityRef.codes[row]);
      }
    }
    this.laggingRows = laggingRows.view();
    this.promotionLag = {
      services: lagging.size,
      references: this.laggingRows.length,
    };
    this.lagSince = this.sinceOfLaggingRows(parts.lagSince);
    const verdicts = this.text.verdict.values;
    this.drifted = new Uint8Array(verdicts.length + 1);
    verdicts.forEach((verdict, index) => {
      this.drifted[index + 1] = NOT_DRIFTED.includes(verdict as DriftVerdict)
        ? 0
        : 1;
    });
  }

  private sinceOfLaggingRows(
    recorded: ReadonlyMap<string, string> | undefined,
  ): Array<string | undefined> | undefined {
    if (!recorded?.size) {
      return undefined;
    }
    const dates = new Map<string, string>();
    const { entityRef, platform, module, environment } = this.text;
    return Array.from(this.laggingRows, row => {
      const since = recorded.get(
        servicePromotionLagKey(entityRef.value(row)!, {
          platform: platform.value(row),
          module: module.value(row),
          environment: environment.value(row),
        }),
      );
      if (since === undefined) {
        return undefined;
      }
      const kept = dates.get(since);
      if (kept !== undefined) {
        return kept;
      }
      dates.set(since, since);
      return since;
    });
  }

  /** Since when a lagging row's lag has lasted, where recorded. */
  private lagSinceOf(row: number): string | undefined {
    const lagSince = this.lagSince;
    if (!lagSince) {
      return undefined;
    }
    // The lagging rows are ascending.
    let low = 0;
    let high = this.laggingRows.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.laggingRows[middle] < row) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return this.laggingRows[low] === row ? lagSince[low] : undefined;
  }

  /**
   * Forgets what answers have worked out (orders, lists of rows, summaries, adoptions), which
   * later answers work out again: while the next report is built, readers still answered from
   * this one need only the few they ask for, not every one kept so far.
   */
  releaseCaches(): void {
    this.baseOrder = undefined;
    for (const cache of [
      this.orders,
      this.places,
      this.numberRanks,
      this.rowLists,
      this.codeCounts,
      this.adoptions,
      this.callChecksDecoded,
      this.matches,
      this.summaries,
      this.cutAdoptions,
      this.pages,
    ]) {
      cache.clear();
    }
    this.dependencies = undefined;
    this.facets = undefined;
  }

  /**
   * A page of rows; `upgrades` are the open upgrade changes rows are marked with. The same
   * object for the same query and changes while it is kept: not to be changed by the caller.
   */
  queryDrift(
    query: DriftQuery,
    upgrades: readonly OpenUpgradeChange[] = [],
  ): DriftPage {
    let upgradesKey = this.upgradeKeys.get(upgrades);
    if (upgradesKey === undefined) {
      upgradesKey = JSON.stringify(upgrades);
      this.upgradeKeys.set(upgrades, upgradesKey);
    }
    const key = JSON.stringify([
      filterKey(query),
      query.upgrade ?? [],
      query.sort ?? null,
      query.order ?? null,
      query.offset ?? null,
      query.limit ?? null,
      upgradesKey,
    ]);
    let page = this.pages.get(key);
    if (!page) {
      page = this.pageOf(query, upgrades);
      this.pages.set(key, page);
    }
    return page;
  }

  private pageOf(
    query: DriftQuery,
    upgrades: readonly OpenUpgradeChange[],
  ): DriftPage {
    const { offset, limit } = pageOf(query);
    const sort = query.sort ?? 'entity';
    const direction = query.order === 'desc' ? 'desc' : 'asc';
    const order = this.order(sort, direction);
    const marks = this.upgradesOfRows(upgrades);
    const matching = this.matching(query, marks);
    if (!matching) {
      const items = Array.from(order.subarray(offset, offset + limit), row =>
        this.row(row, marks),
      );
      return { items, totalCount: order.length, offset, limit };
    }
    const items = this.pageOfMatching(
      matching,
      { sort, direction, order },
      offset,
      Math.min(offset + limit, matching.count),
    ).map(row => this.row(row, marks));
    return { items, totalCount: matching.count, offset, limit };
  }

  /**
   * The rows at places `offset` up to `end` among the matching rows in the order. Where the
   * filter keeps many rows, the order is walked until the page is full (the rows kept are dense
   * in it); where it keeps few, or the walk finds them too sparse there (a filter of one owner
   * sorted by owner finds its rows at the end), their places in the order are sorted instead.
   */
  private pageOfMatching(
    matching: Matching,
    sorted: { sort: DriftSortField; direction: string; order: Uint32Array },
    offset: number,
    end: number,
  ): number[] {
    const { count } = matching;
    if (end <= offset) {
      return [];
    }
    const { order } = sorted;
    const expectedWalk = (end * order.length) / count;
    if (expectedWalk <= count * 4) {
      const budget = Math.min(order.length, 16 * expectedWalk + 1024);
      const walked = pageOfPassing(order, matching, offset, end, budget);
      if (walked.complete) {
        return walked.page;
      }
    }
    const page: number[] = [];
    const places = this.placesIn(sorted);
    const rows = matching.rows();
    const kept = new Uint32Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      kept[i] = places[rows[i]];
    }
    kept.sort();
    for (let i = offset; i < end; i++) {
      page.push(order[kept[i]]);
    }
    return page;
  }

  /** Each row's place in an order. */
  private placesIn(sorted: {
    sort: DriftSortField;
    direction: string;
    order: Uint32Array;
  }): Uint32Array {
    const key = `${sorted.sort}:${sorted.direction}`;
    let places = this.places.get(key);
    if (!places) {
      places = new Uint32Array(this.size);
      const { order } = sorted;
      for (let i = 0; i < order.length; i++) {
        places[order[i]] = i;
      }
      this.places.set(key, places);
    }
    return places;
  }

  /**
   * Counts of the rows the filter keeps; worked out once per filter (but for one of rows with
   * an open upgrade change, which changes with the changes), and then the same object, so that
   * its serialisation can be kept: not to be changed by the caller.
   */
  getSummary(
    filter: DriftFilter,
    upgrades: readonly OpenUpgradeChange[] = [],
  ): DriftSummary {
    const key = filter.upgrade?.length ? undefined : filterKey(filter);
    let summary = key === undefined ? undefined : this.summaries.get(key);
    if (!summary) {
      summary = this.summaryOf(
        this.matching(filter, this.upgradesOfRows(upgrades))?.rows(),
      );
      if (key !== undefined) {
        this.summaries.set(key, summary);
      }
    }
    return summary;
  }

  /** The summary of the given rows, or of all rows. */
  private summaryOf(rows: Uint32Array | undefined): DriftSummary {
    const { verdict, module, entityRef } = this.text;
    const verdicts = new Float64Array(verdict.values.length + 1);
    const moduleTotals = new Float64Array(module.values.length + 1);
    const moduleDrifted = new Float64Array(module.values.length + 1);
    const services = new Uint8Array(entityRef.values.length + 1);
    const total = rows ? rows.length : this.size;
    let serviceCount = 0;
    for (let i = 0; i < total; i++) {
      const row = rows ? rows[i] : i;
      const verdictCode = verdict.codes[row];
      verdicts[verdictCode]++;
      const moduleCode = module.codes[row];
      moduleTotals[moduleCode]++;
      moduleDrifted[moduleCode] += this.drifted[verdictCode];
      const entity = entityRef.codes[row];
      if (services[entity] === 0) {
        services[entity] = 1;
        serviceCount++;
      }
    }
    const byVerdict: DriftSummary['byVerdict'] = {};
    verdict.values.forEach((value, index) => {
      if (verdicts[index + 1] > 0) {
        byVerdict[value as DriftVerdict] = verdicts[index + 1];
      }
    });
    const byModule = module.values
      .map((value, index) => ({
        module: value,
        total: moduleTotals[index + 1],
        drifted: moduleDrifted[index + 1],
      }))
      .filter(entry => entry.total > 0)
      .sort(byDriftedModules);
    return {
      total,
      services: serviceCount,
      byVerdict,
      byModule,
      ...(this.promotionLag.references > 0 && {
        promotionLag: { ...this.promotionLag },
      }),
    };
  }

  /** The same object until the caches are released: not to be changed by the caller. */
  getFacets(): DriftFacets {
    this.facets ??= {
      owners: [...this.text.owner.values],
      modules: [...this.text.module.values],
      environments: [...this.text.environment.values],
      kinds: [...this.text.kind.values] as ReferenceKind[],
    };
    return this.facets;
  }

  /** The modules of every platform, by platform, then by name. */
  listModules(): PlatformModuleInfo[] {
    return this.modules;
  }

  /**
   * Which modules each service uses (`platform/module` pairs), by entity, then by platform and
   * module. Worked out once: later calls get the same list.
   */
  listDependencies(): ServiceDependencies[] {
    this.dependencies ??= this.dependenciesOfRows();
    return this.dependencies;
  }

  private dependenciesOfRows(): ServiceDependencies[] {
    const { entityRef, platform, module } = this.text;
    const platforms = platform.values.length + 1;
    const modules = module.values.length + 1;
    const keys = new Set<number>();
    for (let row = 0; row < this.size; row++) {
      const platformCode = platform.codes[row];
      const moduleCode = module.codes[row];
      if (platformCode !== 0 && moduleCode !== 0) {
        keys.add(
          (entityRef.codes[row] * platforms + platformCode) * modules +
            moduleCode,
        );
      }
    }
    // Codes are ranks in sort order: the keys sort as entity, platform, module.
    const byEntity: ServiceDependencies[] = [];
    for (const key of [...keys].sort((a, b) => a - b)) {
      const moduleCode = key % modules;
      const platformCode = Math.floor(key / modules) % platforms;
      const service =
        entityRef.values[Math.floor(key / modules / platforms) - 1];
      let last = byEntity[byEntity.length - 1];
      if (last?.entityRef !== service) {
        last = { entityRef: service, modules: [] };
        byEntity.push(last);
      }
      last.modules.push({
        platform: platform.values[platformCode - 1],
        module: module.values[moduleCode - 1],
      });
    }
    return byEntity;
  }

  /** One entity's rows by file, line, column and id, as its page lists them. */
  getEntityReferences(entityRef: string): DriftRow[] {
    return this.entityRows(entityRef).map(row => this.row(row));
  }

  /**
   * What the required-module rule reads of an entity's references, in the order of
   * {@link getEntityReferences}: for every service at once, whole rows (their call checks
   * decoded) took 26 s of CPU on a 1,000,000-row report.
   */
  getModuleUses(
    entityRef: string,
  ): Array<RequiredModuleReference & { owner?: string }> {
    const text = this.text;
    return this.entityRows(entityRef).map(row => {
      const use: RequiredModuleReference & { owner?: string } = {
        file: text.file.value(row)!,
        line: this.numbers.line[row],
      };
      for (const column of [
        'owner',
        'platform',
        'module',
        'version',
        'ref',
      ] as const) {
        const value = text[column].value(row);
        if (value !== undefined) {
          use[column] = value;
        }
      }
      return use;
    });
  }

  /** An entity's rows by file, line, column and id. */
  private entityRows(entityRef: string): number[] {
    const rows = this.rowsOf(entityRef);
    const { line, column, id } = this.numbers;
    const files = this.text.file.codes;
    return rows.sort(
      (a, b) =>
        files[a] - files[b] ||
        line[a] - line[b] ||
        column[a] - column[b] ||
        id[a] - id[b],
    );
  }

  /** The numbers of one entity's rows, in no particular order. */
  private rowsOf(entityRef: string): number[] {
    const code = this.text.entityRef.code(entityRef);
    return code === undefined
      ? []
      : Array.from(this.rowsBy('entityRef').of(code));
  }

  /** The rows of each value of a column, worked out when first asked for. */
  private rowsBy(column: TextColumn): RowsByCode {
    let lists = this.rowLists.get(column);
    if (!lists) {
      const dictionary = this.text[column];
      lists = RowsByCode.of(dictionary.codes, dictionary.values.length + 1);
      this.rowLists.set(column, lists);
    }
    return lists;
  }

  /**
   * The open change each row waits for: a change marks the rows of its service and module (of its
   * environment, when it names one) that do not pin its release or a later one yet, since a row
   * already there needs nothing from it. Of several changes, a row shows the newest release.
   */
  private upgradesOfRows(
    upgrades: readonly OpenUpgradeChange[],
  ): Map<number, OpenUpgrade> {
    let marks = this.upgradeMarks.get(upgrades);
    if (marks) {
      return marks;
    }
    marks = new Map();
    const { module, environment, version } = this.text;
    for (const change of upgrades) {
      const target = semver.valid(change.version);
      for (const row of this.rowsOf(change.entityRef)) {
        const pinned = version.value(row);
        if (
          module.value(row) !== change.module ||
          (change.environment !== undefined &&
            environment.value(row) !== change.environment) ||
          (target &&
            pinned &&
            semver.valid(pinned) &&
            semver.gte(pinned, target))
        ) {
          continue;
        }
        const shown = marks.get(row);
        if (
          !shown ||
          (target &&
            semver.valid(shown.version) &&
            semver.gt(target, shown.version))
        ) {
          marks.set(row, {
            version: change.version,
            branch: change.branch,
            ...(change.url !== undefined && { url: change.url }),
            state: 'open',
          });
        }
      }
    }
    this.upgradeMarks.set(upgrades, marks);
    return marks;
  }

  /**
   * Undefined when no platform has the module. Worked out once per module: later calls get the
   * same object, so that its serialisation can be kept too. With `servicesPerVersion`, each
   * version lists at most that many services (its counts still count all).
   */
  getModuleAdoption(
    name: string,
    platform?: string,
    options: { servicesPerVersion?: number } = {},
  ): ModuleAdoption | undefined {
    const key = JSON.stringify([name, platform ?? null]);
    if (!this.adoptions.has(key)) {
      this.adoptions.set(key, this.adoption(name, platform));
    }
    const adoption = this.adoptions.get(key);
    const { servicesPerVersion } = options;
    if (!adoption || servicesPerVersion === undefined) {
      return adoption;
    }
    const cutKey = JSON.stringify([name, platform ?? null, servicesPerVersion]);
    let cut = this.cutAdoptions.get(cutKey);
    if (!cut) {
      cut = withServicesPerVersion(adoption, servicesPerVersion);
      this.cutAdoptions.set(cutKey, cut);
    }
    return cut;
  }

  private adoption(
    name: string,
    platform?: string,
  ): ModuleAdoption | undefined {
    const module = this.modules
      .filter(m => m.name === name && (!platform || m.platform === platform))
      .sort((a, b) =>
        a.platform < b.platform ? -1 : Number(a.platform > b.platform),
      )[0];
    if (!module) {
      return undefined;
    }
    const { entityRef, environment, owner, version, verdict } = this.text;
    const moduleCode = this.text.module.code(name);
    const platformCode = this.text.platform.code(module.platform);
    let rows =
      moduleCode === undefined
        ? new Uint32Array(0)
        : filterRows(
            this.rowsBy('module').of(moduleCode),
            row => this.text.platform.codes[row] === platformCode,
          );
    // By id (the rows' own order where the source gave them by id), then stably by
    // environment (rows without one first) and by entity.
    const ids = this.numbers.id;
    if (rows.some((row, i) => i > 0 && ids[rows[i - 1]] > ids[row])) {
      rows = rows.sort((a, b) => ids[a] - ids[b]);
    }
    rows = sortByKey(
      sortByKey(rows, environment.codes, codeRanks(environment)),
      entityRef.codes,
      codeRanks(entityRef),
    );
    // No environment and '' are one environment to the adoption.
    const noEnvironment = environment.code('') ?? 0;
    return adoptionOfColumns(module, {
      rows,
      entityKey: row => entityRef.codes[row],
      environmentKey: row => {
        const code = environment.codes[row];
        return code === noEnvironment ? 0 : code;
      },
      versionKey: row => version.codes[row],
      entityRef: row => entityRef.value(row)!,
      owner: row => owner.value(row),
      environment: row => environment.value(row),
      version: row => version.value(row),
      verdict: row => verdict.value(row) as DriftVerdict,
    });
  }

  /**
   * A row as the report answers it. Every row is one object literal of the same fields in the
   * order of the answer's JSON, absent values undefined, which JSON leaves out: objects of one
   * shape are made and serialised faster than ones grown field by field in many shapes, and rows
   * are what pages are made of.
   */
  private row(row: number, upgrades?: Map<number, OpenUpgrade>): DriftRow {
    const text = this.text;
    const releasesBehind = this.numbers.releasesBehind[row];
    const check = this.callCheck(row);
    return {
      id: String(this.numbers.id[row]),
      entityRef: text.entityRef.value(row)!,
      owner: text.owner.value(row),
      system: text.system.value(row),
      platform: text.platform.value(row),
      module: text.module.value(row),
      environment: text.environment.value(row),
      ref: text.ref.value(row),
      version: text.version.value(row),
      latest: text.latest.value(row),
      releasesBehind: Number.isNaN(releasesBehind) ? undefined : releasesBehind,
      scmUrl: this.scmUrls.value(row),
      promotionLag: this.promotionLagOf(row),
      openUpgrade: upgrades?.get(row),
      kind: text.kind.value(row) as ReferenceKind,
      file: text.file.value(row)!,
      line: this.numbers.line[row],
      column: this.numbers.column[row],
      source: text.source.value(row)!,
      name: text.name.value(row)!,
      pin: text.pin.value(row) as PinType,
      verdict: text.verdict.value(row) as DriftVerdict,
      severity: this.numbers.severity[row],
      explanation: text.explanation.value(row)!,
      callStatus: check.callStatus,
      callFindings: check.callFindings,
      upgrade: check.upgrade,
    };
  }

  /** The environment ahead of a row's and the release it pins, and since when, if any. */
  private promotionLagOf(row: number): DriftRow['promotionLag'] {
    if (this.lags.environment[row] === 0) {
      return undefined;
    }
    const since = this.lagSinceOf(row);
    return {
      environment: this.text.environment.values[this.lags.environment[row] - 1],
      version: this.text.version.values[this.lags.version[row] - 1],
      ...(since !== undefined && { since }),
    };
  }

  /**
   * A row's call check, decoded once per status and text: many rows share one (a module's call
   * fares alike in many services), and the answers may share the decoded object.
   */
  private callCheck(
    row: number,
  ): Pick<DriftRow, 'callStatus' | 'callFindings' | 'upgrade'> {
    const status = this.text.callStatus.codes[row];
    if (status === 0) {
      return {};
    }
    const key =
      status * (this.callChecks.values.length + 1) + this.callChecks.codes[row];
    let check = this.callChecksDecoded.get(key);
    if (!check) {
      check = decodeCallCheck(
        this.text.callStatus.value(row) as CallStatus,
        this.callChecks.value(row),
      );
      this.callChecksDecoded.set(key, check);
    }
    return check;
  }

  /**
   * The rows the filter keeps, in no particular order, and a test of one row; undefined when it keeps every
   * row. The rows are those of the condition that keeps fewest (read from the rows of each
   * value), tested against the other conditions.
   */
  private matching(
    filter: DriftFilter,
    upgrades: Map<number, OpenUpgrade>,
  ): Matching | undefined {
    // Rows with an open upgrade change depend on the changes, read for each answer.
    const key = filter.upgrade?.length ? undefined : filterKey(filter);
    const kept = key === undefined ? undefined : this.matches.get(key);
    if (kept) {
      return kept;
    }
    const conditions: Condition[] = [];
    const columnsAllowed: Array<{ column: TextColumn; codes: number[] }> = [];
    for (const column of FILTERED) {
      const allowed = this.text[column].allowed(filter[column]);
      if (allowed) {
        const codes: number[] = [];
        allowed.forEach((yes, code) => yes && codes.push(code));
        columnsAllowed.push({ column, codes });
        const lists = this.rowsBy(column);
        const columnCodes = this.text[column].codes;
        const size = codes.reduce((sum, code) => sum + lists.count(code), 0);
        conditions.push({
          size,
          count: () => size,
          rows: () => lists.ofAny(codes),
          test: row => allowed[columnCodes[row]] === 1,
          column: { codes: columnCodes, table: allowed },
        });
      }
    }
    // Values other than `lagging` and `open` (which the API refuses) keep no row, as unknown
    // values of the other fields do.
    if (filter.promotion?.length) {
      conditions.push(
        filter.promotion.includes('lagging')
          ? {
              size: this.laggingRows.length,
              count: () => this.laggingRows.length,
              rows: () => this.laggingRows,
              test: row => this.lags.environment[row] !== 0,
            }
          : NO_ROW,
      );
    }
    if (filter.upgrade?.length) {
      conditions.push(
        filter.upgrade.includes('open')
          ? {
              size: upgrades.size,
              count: () => upgrades.size,
              rows: () => Uint32Array.from(upgrades.keys()),
              test: row => upgrades.has(row),
            }
          : NO_ROW,
      );
    }
    const pattern = searchPattern(filter.text);
    if (pattern !== undefined) {
      conditions.push(this.textCondition(pattern));
    }
    if (conditions.length === 0) {
      return undefined;
    }
    conditions.sort((a, b) => a.size - b.size);
    const [fewest, ...others] = conditions;
    const columns = columnsOf(conditions);
    // One condition, or conditions of the filtered columns only (a search found in one column is
    // a test of that column too, but not counted by codes), tell how many rows they keep without
    // the rows: those are read only if a page or summary needs them, and a page of a filter that
    // keeps many walks the order instead.
    let count: number | undefined;
    if (others.length === 0) {
      count = fewest.count();
    } else if (columnsAllowed.length === conditions.length) {
      count = this.countOfCodes(columnsAllowed);
    }
    let matching: Matching;
    if (count !== undefined) {
      let rows: Uint32Array | undefined;
      matching = {
        count,
        test: others.length || fewest.column ? allOf(conditions) : fewest.test,
        columns,
        rows: () => {
          if (!rows) {
            rows = others.length
              ? filterRowsByColumns(
                  fewest.rows(),
                  others.map(c => c.column!),
                )
              : fewest.rows();
            if (key !== undefined && this.matches.get(key) === matching) {
              this.matches.set(key, matching);
            }
          }
          return rows;
        },
        held: () => rows?.length ?? 0,
      };
    } else {
      const test = allOf(conditions);
      // The tests of single columns, which most filters are made of, are looked up in the loop.
      const byColumn = filterRowsByColumns(
        fewest.rows(),
        others.flatMap(c => (c.column ? [c.column] : [])),
      );
      const rest = others.filter(c => !c.column);
      const rows = rest.length ? filterRows(byColumn, allOf(rest)) : byColumn;
      matching = {
        count: rows.length,
        test,
        columns,
        rows: () => rows,
        held: () => rows.length,
      };
    }
    if (key !== undefined) {
      this.matches.set(key, matching);
    }
    return matching;
  }

  /**
   * How many rows have one of the allowed codes in each of the columns, read from the rows
   * counted by their codes in those columns, which one pass over the rows counts the first time
   * the columns are filtered together; undefined when the columns have too many values between
   * them to be counted so.
   */
  private countOfCodes(
    allowed: ReadonlyArray<{ column: TextColumn; codes: number[] }>,
  ): number | undefined {
    const sizes = allowed.map(
      ({ column }) => this.text[column].values.length + 1,
    );
    const cells = sizes.reduce((product, size) => product * size, 1);
    if (cells > COUNTED_CODES) {
      return undefined;
    }
    const key = allowed.map(({ column }) => column).join();
    let counts = this.codeCounts.get(key);
    if (!counts) {
      counts = new Uint32Array(cells);
      const codes = allowed.map(({ column }) => this.text[column].codes);
      for (let row = 0; row < this.size; row++) {
        let cell = 0;
        for (let k = 0; k < codes.length; k++) {
          cell = cell * sizes[k] + codes[k][row];
        }
        counts[cell]++;
      }
      this.codeCounts.set(key, counts);
    }
    // Every combination of allowed codes, one cell each.
    let cellsAllowed = [0];
    allowed.forEach(({ codes }, k) => {
      cellsAllowed = cellsAllowed.flatMap(cell =>
        codes.map(code => cell * sizes[k] + code),
      );
    });
    return cellsAllowed.reduce((sum, cell) => sum + counts![cell], 0);
  }

  /**
   * The rows whose searched text contains the pattern. A pattern without a line break (which
   * joins the parts) is found within one part, so each distinct part is searched once instead
   * of each row's text, and the rows are read from those of the parts that have it.
   */
  private textCondition(pattern: string): Condition {
    if (pattern.includes('\n')) {
      const test = (row: number) =>
        searchText(
          SEARCHED.map(column => this.text[column].value(row) ?? ''),
        ).includes(pattern);
      return {
        size: this.size,
        count: () => filterRows(allRows(this.size), test).length,
        rows: () => filterRows(allRows(this.size), test),
        test,
      };
    }
    const found = SEARCHED.map(column => ({
      column,
      codes: this.text[column].containing(pattern),
    })).filter(({ codes }) => codes.length > 0);
    const tables = found.map(({ column, codes }) => {
      const table = new Uint8Array(this.text[column].values.length + 1);
      for (const code of codes) {
        table[code] = 1;
      }
      return { table, codes: this.text[column].codes };
    });
    let size = 0;
    for (const { column, codes } of found) {
      const lists = this.rowsBy(column);
      for (const code of codes) {
        size += lists.count(code);
      }
    }
    const parts = () =>
      found.map(({ column, codes }) => this.rowsBy(column).ofAny(codes));
    /** Each row found in several parts is kept in the first: one pass, writing or counting. */
    const distinct = (write?: Uint32Array) => {
      let count = 0;
      parts().forEach((part, index) => {
        for (const row of part) {
          let earlier = false;
          for (let j = 0; j < index && !earlier; j++) {
            earlier = tables[j].table[tables[j].codes[row]] === 1;
          }
          if (!earlier) {
            if (write) {
              write[count] = row;
            }
            count++;
          }
        }
      });
      return count;
    };
    return {
      size,
      count: () => (found.length > 1 ? distinct() : size),
      rows: () => {
        if (found.length <= 1) {
          return parts()[0] ?? new Uint32Array(0);
        }
        const all = new Uint32Array(size);
        return all.slice(0, distinct(all));
      },
      test: row => tables.some(({ table, codes }) => table[codes[row]] === 1),
      ...(tables.length === 1 && { column: tables[0] }),
    };
  }

  /**
   * Row numbers in the order of a sort: the rows by entity, file, line and id, sorted (stably,
   * by counting) by the sort's columns, the last first.
   */
  private order(sort: DriftSortField, direction: 'asc' | 'desc'): Uint32Array {
    const columns = SORT_COLUMNS[sort] ?? SORT_COLUMNS.entity;
    const key = `${columns.join(',')}:${direction}`;
    let order = this.orders.get(key);
    if (!order) {
      this.baseOrder ??= TIE_COLUMNS.slice()
        .reverse()
        .reduce(
          (sorted, column) => this.sortedBy(sorted, column, 'asc'),
          new Uint32Array(0),
        );
      order = columns
        .slice()
        .reverse()
        .reduce(
          (sorted, column) => this.sortedBy(sorted, column, direction),
          this.baseOrder,
        );
      this.orders.set(key, order);
    }
    return order;
  }

  /**
   * `order` sorted stably by one column; rows without a value come last in either direction.
   * The id column sorts all rows from scratch: it is the last tie of every order.
   */
  private sortedBy(
    order: Uint32Array,
    column: OrderColumn,
    direction: 'asc' | 'desc',
  ): Uint32Array {
    if (column === 'id') {
      const ids = this.numbers.id;
      const byId = new Uint32Array(this.size);
      let ascending = true;
      for (let row = 0; row < this.size; row++) {
        byId[row] = row;
        ascending &&= row === 0 || ids[row - 1] < ids[row];
      }
      // The store hands rows out by id: sorting is for other sources.
      return ascending ? byId : byId.sort((a, b) => ids[a] - ids[b]);
    }
    let codes: ArrayLike<number>;
    let count: number;
    let absent = false;
    if (column === 'line' || column === 'severity') {
      let ranks = this.numberRanks.get(column);
      if (!ranks) {
        ranks = ranksOf(this.numbers[column]);
        this.numberRanks.set(column, ranks);
      }
      ({ ranks: codes, count } = ranks);
    } else {
      const dictionary =
        column === 'versionKey' ? this.versionKey : this.text[column];
      codes = dictionary.codes;
      count = dictionary.values.length + 1;
      absent = true;
    }
    // The key of each code: its rank in the direction, with code 0 (no value) last.
    const keyOfCode = new Uint32Array(count);
    const first = absent ? 1 : 0;
    for (let code = first; code < count; code++) {
      keyOfCode[code] = direction === 'asc' ? code - first : count - 1 - code;
    }
    if (absent) {
      keyOfCode[0] = count - 1;
    }
    return sortByKey(order, codes, keyOfCode);
  }
}

/**
 * Collects the drift rows page by page, keeping each row as codes and numbers rather than an
 * object, so that 200,000 rows take tens of megabytes, not hundreds.
 *
 * @internal
 */
export class DriftReportBuilder implements StoredDriftRowSink {
  private readonly text = Object.fromEntries(
    TEXT_COLUMNS.map(column => [column, new DictionaryBuilder()]),
  ) as Record<TextColumn, DictionaryBuilder>;
  private readonly versionKeys = new DictionaryBuilder();
  private readonly numbers = Object.fromEntries(
    NUMBER_COLUMNS.map(column => [
      column,
      new GrowingArray(NUMBER_ARRAYS[column]),
    ]),
  ) as Record<NumberColumn, GrowingArray<NumberArray>>;
  private readonly scmUrls = new ScmUrlsBuilder();
  private readonly callChecks = new DictionaryBuilder();

  constructor(
    /** The order environments are promoted in, for promotion lag; the usual names by default. */
    private readonly environments?: EnvironmentOrder,
  ) {}

  expect(rows: number): void {
    for (const column of TEXT_COLUMNS) {
      this.text[column].reserve(rows);
    }
    this.versionKeys.reserve(rows);
    for (const column of NUMBER_COLUMNS) {
      this.numbers[column].reserve(rows);
    }
    this.scmUrls.reserve(rows);
    this.callChecks.reserve(rows);
  }

  /**
   * Rows as the store keeps them, their call checks kept as the stored text: the index decodes
   * a check only when an answer shows it, and decoding and encoding each one again while reading
   * kept every distinct check three times over until the read ended.
   */
  addStored(rows: readonly DriftRowRow[]): void {
    for (const row of rows) {
      for (const column of TEXT_COLUMNS) {
        this.text[column].add(
          row[STORED_TEXT_COLUMNS[column]] as string | null,
        );
      }
      this.versionKeys.add(versionKey(row.version ?? undefined));
      this.numbers.id.push(Number(row.id));
      this.numbers.line.push(Number(row.line));
      this.numbers.column.push(Number(row.column));
      this.numbers.severity.push(Number(row.severity));
      this.numbers.releasesBehind.push(
        row.releases_behind === null ? NaN : Number(row.releases_behind),
      );
      this.scmUrls.add(row.scm_url);
      // A check without a status is no check; one without text has no findings, as decoded.
      this.callChecks.add(row.call_status ? row.call_check : undefined);
    }
  }

  /** Rows already read, as the store would keep them. */
  add(rows: DriftRow[]): void {
    this.addStored(rows.map(toStoredDriftRow));
  }

  build(source: DriftReportSource): DriftReportIndex {
    const text = Object.fromEntries(
      TEXT_COLUMNS.map(column => [column, this.text[column].build()]),
    ) as Record<TextColumn, Dictionary>;
    return new DriftReportIndex({
      ...source,
      text,
      lags: this.promotionLags(text),
      environments: this.environments,
      versionKey: this.versionKeys.build(),
      numbers: Object.fromEntries(
        NUMBER_COLUMNS.map(column => [column, this.numbers[column].view()]),
      ) as Record<NumberColumn, NumberArray>,
      scmUrls: this.scmUrls.build(),
      callChecks: this.callChecks.build(),
    });
  }

  /** The promotion lag of each row, as codes of the environment and version columns. */
  private promotionLags(text: Record<TextColumn, Dictionary>) {
    const size = this.numbers.id.length;
    // As wide as the columns' own codes: two bytes a row where they have few values.
    const codesLike = (codes: CodeArray): CodeArray =>
      codes instanceof Uint16Array
        ? new Uint16Array(size)
        : new Uint32Array(size);
    const lags = {
      environment: codesLike(text.environment.codes),
      version: codesLike(text.version.codes),
    };
    // A row's lag depends only on its own service's rows, so each service is judged on its own:
    // holding one service's references at a time, instead of an object per row of the whole
    // report, keeps the build's peak memory at 1,000,000 rows hundreds of megabytes lower.
    const services = RowsByCode.of(
      text.entityRef.codes,
      text.entityRef.values.length + 1,
    );
    for (let service = 1; service <= text.entityRef.values.length; service++) {
      // Only rows with a module, an environment and a version can lag or be ahead.
      const rows: number[] = [];
      const references: PromotionReference[] = [];
      for (const row of services.of(service)) {
        if (
          text.module.codes[row] !== 0 &&
          text.environment.codes[row] !== 0 &&
          text.version.codes[row] !== 0
        ) {
          rows.push(row);
          references.push({
            entityRef: text.entityRef.value(row)!,
            platform: text.platform.value(row),
            module: text.module.value(row),
            environment: text.environment.value(row),
            version: text.version.value(row),
          });
        }
      }
      for (const [index, lag] of findPromotionLags(
        references,
        this.environments ?? DEFAULT_ENVIRONMENT_ORDER,
      )) {
        lags.environment[rows[index]] = text.environment.code(lag.environment)!;
        lags.version[rows[index]] = text.version.code(lag.version)!;
      }
    }
    return lags;
  }
}
