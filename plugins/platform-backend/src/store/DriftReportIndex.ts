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
import semver from 'semver';
import { decodeCallCheck, encodeCallCheck } from './tableRows';
import {
  AdoptionRow,
  NOT_DRIFTED,
  adoptionOf,
  byDriftedModules,
  pageOf,
  searchPattern,
  searchText,
  versionKey,
} from './reportRules';

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
 * The distinct values of one text column, and each row's value as a code: 1 + the value's rank
 * in the order the databases compare text (by code unit); 0 where a row has none. Each text is
 * kept once, however many rows have it.
 */
class Dictionary {
  readonly values: string[];
  /** Two bytes a row where the column has fewer than 65,535 values (most have a few dozen). */
  readonly codes: Uint16Array | Uint32Array;
  /** Made when a filter first asks: a column read only row by row never needs it. */
  private codeOf?: Map<string, number>;
  private lowerCased?: string[];

  constructor(values: string[], codes: Uint16Array | Uint32Array) {
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

  /** Which codes hold a value whose lower case contains the (lower-case) pattern. */
  containing(pattern: string): Uint8Array {
    this.lowerCased ??= this.values.map(v => v.toLocaleLowerCase('en-US'));
    const matched = new Uint8Array(this.values.length + 1);
    this.lowerCased.forEach((value, index) => {
      if (value.includes(pattern)) {
        matched[index + 1] = 1;
      }
    });
    return matched;
  }
}

/** Numbers appended one by one into a typed array that doubles as it fills. */
class GrowingArray<T extends NumberArray | Uint32Array> {
  private array: T;
  length = 0;

  constructor(private readonly make: (size: number) => T) {
    this.array = make(1024);
  }

  push(value: number): void {
    if (this.length === this.array.length) {
      const larger = this.make(this.array.length * 2);
      larger.set(this.array);
      this.array = larger;
    }
    this.array[this.length++] = value;
  }

  /** The numbers pushed, in an array of their own size. */
  take(): T {
    return this.array.slice(0, this.length) as T;
  }

  /** The numbers pushed, without a copy: read them before pushing more. */
  view(): T {
    return this.array.subarray(0, this.length) as T;
  }
}

/** Collects one text column row by row, then sorts its values into a {@link Dictionary}. */
class DictionaryBuilder {
  private readonly values: string[] = [];
  private readonly seen = new Map<string, number>();
  private readonly codes = new GrowingArray(size => new Uint32Array(size));

  add(value: string | null | undefined): void {
    if (value === undefined || value === null) {
      this.codes.push(0);
      return;
    }
    let code = this.seen.get(value);
    if (code === undefined) {
      this.values.push(value);
      code = this.values.length;
      this.seen.set(value, code);
    }
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
    // Read in place: a copy of every column's codes at once was 100 MB more at the peak of
    // building a 1,000,000-row index.
    const collected = this.codes.view();
    const codes =
      this.values.length < 0xffff
        ? new Uint16Array(collected.length)
        : new Uint32Array(collected.length);
    for (let i = 0; i < collected.length; i++) {
      codes[i] = rank[collected[i]];
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
    const [repository, file, line] = this.parts.map(part => part.value(row));
    return repository === undefined
      ? undefined
      : repository + (file ?? '') + (line ?? '');
  }
}

/** The last commit id (40 or 64 hex digits) in a link; none where it has none. */
const COMMIT_ID = /[0-9a-f]{40}(?:[0-9a-f]{24})?(?![0-9a-f])(?!.*[0-9a-f]{40})/;

class ScmUrlsBuilder {
  private readonly parts = [
    new DictionaryBuilder(),
    new DictionaryBuilder(),
    new DictionaryBuilder(),
  ];

  add(url: string | undefined): void {
    const [repository, file, line] = this.parts;
    if (url === undefined) {
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
    const commit = COMMIT_ID.exec(url.slice(0, digits));
    const fileStart = commit ? commit.index + commit[0].length : digits;
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
  private readonly lagSince?: ReadonlyMap<string, string>;
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
  private readonly lags: { environment: Uint32Array; version: Uint32Array };
  private readonly promotionLag: { services: number; references: number };
  /** The rows each list of open changes marks, worked out once for answers that share a read. */
  private readonly upgradeMarks = new WeakMap<
    readonly OpenUpgradeChange[],
    Map<number, OpenUpgrade>
  >();

  private readonly orders = new Map<string, Uint32Array>();
  private readonly adoptions = new Map<string, ModuleAdoption | undefined>();
  private dependencies?: ServiceDependencies[];

  constructor(
    parts: DriftReportSource & {
      text: Record<TextColumn, Dictionary>;
      versionKey: Dictionary;
      numbers: Record<NumberColumn, NumberArray>;
      scmUrls: ScmUrls;
      callChecks: Dictionary;
      lags: { environment: Uint32Array; version: Uint32Array };
      environments?: EnvironmentOrder;
    },
  ) {
    this.environments = parts.environments;
    this.generation = parts.generation;
    this.modules = parts.modules;
    this.lagSince = parts.lagSince;
    this.text = parts.text;
    this.versionKey = parts.versionKey;
    this.numbers = parts.numbers;
    this.scmUrls = parts.scmUrls;
    this.callChecks = parts.callChecks;
    this.size = parts.numbers.id.length;
    this.lags = parts.lags;
    const lagging = new Set<number>();
    let references = 0;
    for (let row = 0; row < this.size; row++) {
      if (this.lags.environment[row] !== 0) {
        references++;
        lagging.add(this.text.entityRef.codes[row]);
      }
    }
    this.promotionLag = { services: lagging.size, references };
    const verdicts = this.text.verdict.values;
    this.drifted = new Uint8Array(verdicts.length + 1);
    verdicts.forEach((verdict, index) => {
      this.drifted[index + 1] = NOT_DRIFTED.includes(verdict as DriftVerdict)
        ? 0
        : 1;
    });
  }

  /** A page of rows; `upgrades` are the open upgrade changes rows are marked with. */
  queryDrift(
    query: DriftQuery,
    upgrades: readonly OpenUpgradeChange[] = [],
  ): DriftPage {
    const { offset, limit } = pageOf(query);
    const order = this.order(
      query.sort ?? 'entity',
      query.order === 'desc' ? 'desc' : 'asc',
    );
    const marks = this.upgradesOfRows(upgrades);
    const matching = this.matching(query, marks);
    const items: DriftRow[] = [];
    if (!matching) {
      for (let i = offset; i < Math.min(offset + limit, order.length); i++) {
        items.push(this.row(order[i], marks));
      }
      return { items, totalCount: order.length, offset, limit };
    }
    // The count is known: the walk in order stops at the end of the page.
    const end = Math.min(offset + limit, matching.count);
    for (let i = 0, seen = 0; seen < end; i++) {
      const row = order[i];
      if (matching.rows[row] === 1) {
        if (seen >= offset) {
          items.push(this.row(row, marks));
        }
        seen++;
      }
    }
    return { items, totalCount: matching.count, offset, limit };
  }

  getSummary(
    filter: DriftFilter,
    upgrades: readonly OpenUpgradeChange[] = [],
  ): DriftSummary {
    const matching = this.matching(filter, this.upgradesOfRows(upgrades));
    const { verdict, module, entityRef } = this.text;
    const verdicts = new Float64Array(verdict.values.length + 1);
    const moduleTotals = new Float64Array(module.values.length + 1);
    const moduleDrifted = new Float64Array(module.values.length + 1);
    const services = new Uint8Array(entityRef.values.length + 1);
    let total = 0;
    let serviceCount = 0;
    for (let row = 0; row < this.size; row++) {
      if (matching && matching.rows[row] === 0) {
        continue;
      }
      total++;
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

  getFacets(): DriftFacets {
    return {
      owners: [...this.text.owner.values],
      modules: [...this.text.module.values],
      environments: [...this.text.environment.values],
      kinds: [...this.text.kind.values] as ReferenceKind[],
    };
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
    if (code === undefined) {
      return [];
    }
    // In the entity order an entity's rows are next to each other: find the first.
    const order = this.order('entity', 'asc');
    const codes = this.text.entityRef.codes;
    let low = 0;
    let high = order.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (codes[order[middle]] < code) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    const rows: number[] = [];
    for (let i = low; i < order.length && codes[order[i]] === code; i++) {
      rows.push(order[i]);
    }
    return rows;
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
   * same object, so that its serialisation can be kept too.
   */
  getModuleAdoption(
    name: string,
    platform?: string,
  ): ModuleAdoption | undefined {
    const key = JSON.stringify([name, platform ?? null]);
    if (!this.adoptions.has(key)) {
      this.adoptions.set(key, this.adoption(name, platform));
    }
    return this.adoptions.get(key);
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
    const rows: number[] = [];
    for (let row = 0; row < this.size; row++) {
      if (
        this.text.module.codes[row] === moduleCode &&
        this.text.platform.codes[row] === platformCode
      ) {
        rows.push(row);
      }
    }
    const ids = this.numbers.id;
    rows.sort(
      (a, b) =>
        entityRef.codes[a] - entityRef.codes[b] ||
        environment.codes[a] - environment.codes[b] ||
        ids[a] - ids[b],
    );
    return adoptionOf(
      module,
      rows.map(
        (row): AdoptionRow => ({
          entityRef: entityRef.value(row)!,
          owner: owner.value(row),
          environment: environment.value(row),
          version: version.value(row),
          verdict: verdict.value(row) as DriftVerdict,
        }),
      ),
    );
  }

  /** A row as the report answers it: absent values are left out. */
  private row(row: number, upgrades?: Map<number, OpenUpgrade>): DriftRow {
    const text = (column: TextColumn) => this.text[column].value(row);
    const releasesBehind = this.numbers.releasesBehind[row];
    const optional: Partial<DriftRow> = {};
    for (const column of [
      'owner',
      'system',
      'platform',
      'module',
      'environment',
      'ref',
      'version',
      'latest',
    ] as const) {
      const value = text(column);
      if (value !== undefined) {
        optional[column] = value;
      }
    }
    if (!Number.isNaN(releasesBehind)) {
      optional.releasesBehind = releasesBehind;
    }
    const scmUrl = this.scmUrls.value(row);
    if (scmUrl !== undefined) {
      optional.scmUrl = scmUrl;
    }
    if (this.lags.environment[row] !== 0) {
      const since = this.lagSince?.get(
        servicePromotionLagKey(text('entityRef')!, {
          platform: text('platform'),
          module: text('module'),
          environment: text('environment'),
        }),
      );
      optional.promotionLag = {
        environment:
          this.text.environment.values[this.lags.environment[row] - 1],
        version: this.text.version.values[this.lags.version[row] - 1],
        ...(since !== undefined && { since }),
      };
    }
    const upgrade = upgrades?.get(row);
    if (upgrade) {
      optional.openUpgrade = upgrade;
    }
    return {
      id: String(this.numbers.id[row]),
      entityRef: text('entityRef')!,
      ...optional,
      kind: text('kind') as ReferenceKind,
      file: text('file')!,
      line: this.numbers.line[row],
      column: this.numbers.column[row],
      source: text('source')!,
      name: text('name')!,
      pin: text('pin') as PinType,
      verdict: text('verdict') as DriftVerdict,
      severity: this.numbers.severity[row],
      explanation: text('explanation')!,
      ...decodeCallCheck(
        text('callStatus') as CallStatus | undefined,
        this.callChecks.value(row),
      ),
    };
  }

  /**
   * 1 for each row the filter keeps, and how many; undefined when it keeps every row. Each
   * condition is one pass over a column of codes.
   */
  private matching(
    filter: DriftFilter,
    upgrades: Map<number, OpenUpgrade>,
  ): { rows: Uint8Array; count: number } | undefined {
    let rows: Uint8Array | undefined;
    /** Keeps the rows `kept` says yes to. */
    const keepRows = (kept: (row: number) => boolean) => {
      const previous = rows;
      rows = new Uint8Array(this.size);
      for (let row = 0; row < this.size; row++) {
        rows[row] = (!previous || previous[row] === 1) && kept(row) ? 1 : 0;
      }
    };
    const keep = (
      column: TextColumn,
      wanted: readonly string[] | undefined,
    ) => {
      const allowed = this.text[column].allowed(wanted);
      if (!allowed) {
        return;
      }
      const codes = this.text[column].codes;
      if (!rows) {
        rows = new Uint8Array(this.size);
        for (let row = 0; row < this.size; row++) {
          rows[row] = allowed[codes[row]];
        }
      } else {
        for (let row = 0; row < this.size; row++) {
          rows[row] &= allowed[codes[row]];
        }
      }
    };
    keep('owner', filter.owner);
    keep('module', filter.module);
    keep('verdict', filter.verdict);
    keep('environment', filter.environment);
    keep('kind', filter.kind);
    keep('entityRef', filter.entityRef);
    keep('callStatus', filter.callStatus);
    // Values other than `lagging` and `open` (which the API refuses) keep no row, as unknown
    // values of the other fields do.
    if (filter.promotion?.length) {
      const lagging = filter.promotion.includes('lagging');
      keepRows(row => lagging && this.lags.environment[row] !== 0);
    }
    if (filter.upgrade?.length) {
      const open = filter.upgrade.includes('open');
      keepRows(row => open && upgrades.has(row));
    }
    const pattern = searchPattern(filter.text);
    if (pattern !== undefined) {
      rows = this.keepText(rows, pattern);
    }
    if (!rows) {
      return undefined;
    }
    let count = 0;
    for (let row = 0; row < this.size; row++) {
      count += rows[row];
    }
    return { rows, count };
  }

  /**
   * Keeps the rows whose searched text contains the pattern. A pattern without a line break
   * (which joins the parts) is found within one part, so each distinct part is searched once
   * instead of each row's text, and a column none of whose values has it is not read at all.
   */
  private keepText(rows: Uint8Array | undefined, pattern: string): Uint8Array {
    const found = new Uint8Array(this.size);
    if (pattern.includes('\n')) {
      for (let row = 0; row < this.size; row++) {
        if (!rows || rows[row] === 1) {
          const parts = SEARCHED.map(column => this.text[column].value(row));
          found[row] = Number(
            searchText(parts.map(p => p ?? '')).includes(pattern),
          );
        }
      }
      return found;
    }
    for (const column of SEARCHED) {
      const matched = this.text[column].containing(pattern);
      if (!matched.includes(1)) {
        continue;
      }
      const { codes } = this.text[column];
      for (let row = 0; row < this.size; row++) {
        found[row] |= matched[codes[row]];
      }
    }
    if (rows) {
      for (let row = 0; row < this.size; row++) {
        found[row] &= rows[row];
      }
    }
    return found;
  }

  /** Row numbers in the order of a sort. */
  private order(sort: DriftSortField, direction: 'asc' | 'desc'): Uint32Array {
    const columns = SORT_COLUMNS[sort] ?? SORT_COLUMNS.entity;
    const key = `${columns.join(',')}:${direction}`;
    let order = this.orders.get(key);
    if (!order) {
      const sign = direction === 'desc' ? -1 : 1;
      const compare = [
        ...columns.map(column => this.comparator(column, sign)),
        ...TIE_COLUMNS.filter(column => !columns.includes(column)).map(column =>
          this.comparator(column, 1),
        ),
      ];
      order = new Uint32Array(this.size);
      for (let i = 0; i < order.length; i++) {
        order[i] = i;
      }
      order.sort((a, b) => {
        for (const by of compare) {
          const result = by(a, b);
          if (result !== 0) {
            return result;
          }
        }
        return 0;
      });
      this.orders.set(key, order);
    }
    return order;
  }

  /** Compares two rows by one column; rows without a value come last in either direction. */
  private comparator(
    column: OrderColumn,
    sign: 1 | -1,
  ): (a: number, b: number) => number {
    if (column === 'line' || column === 'severity' || column === 'id') {
      const values = this.numbers[column];
      return (a, b) => sign * (values[a] - values[b]);
    }
    const codes =
      column === 'versionKey' ? this.versionKey.codes : this.text[column].codes;
    return (a, b) => {
      const x = codes[a];
      const y = codes[b];
      if (x === y) {
        return 0;
      }
      if (x === 0 || y === 0) {
        return x === 0 ? 1 : -1;
      }
      return sign * (x - y);
    };
  }
}

/**
 * Collects the drift rows page by page, keeping each row as codes and numbers rather than an
 * object, so that 200,000 rows take tens of megabytes, not hundreds.
 *
 * @internal
 */
export class DriftReportBuilder {
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

  add(rows: DriftRow[]): void {
    for (const row of rows) {
      for (const column of TEXT_COLUMNS) {
        this.text[column].add(row[column]);
      }
      this.versionKeys.add(versionKey(row.version));
      this.numbers.id.push(Number(row.id));
      this.numbers.line.push(row.line);
      this.numbers.column.push(row.column);
      this.numbers.severity.push(row.severity);
      this.numbers.releasesBehind.push(row.releasesBehind ?? NaN);
      this.scmUrls.add(row.scmUrl);
      this.callChecks.add(encodeCallCheck(row));
    }
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
        NUMBER_COLUMNS.map(column => [column, this.numbers[column].take()]),
      ) as Record<NumberColumn, NumberArray>,
      scmUrls: this.scmUrls.build(),
      callChecks: this.callChecks.build(),
    });
  }

  /** The promotion lag of each row, as codes of the environment and version columns. */
  private promotionLags(text: Record<TextColumn, Dictionary>) {
    const size = this.numbers.id.length;
    const lags = {
      environment: new Uint32Array(size),
      version: new Uint32Array(size),
    };
    // Only rows with a module, an environment and a version can lag or be ahead.
    const rows: number[] = [];
    const references: PromotionReference[] = [];
    for (let row = 0; row < size; row++) {
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
    return lags;
  }
}
