import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  DriftFacets,
  DriftFilter,
  DriftPage,
  DriftQuery,
  DriftRow,
  DriftSortField,
  DriftSummary,
  DriftVerdict,
  EntityDrift,
  ModuleAdoption,
  PinType,
  PlatformModuleInfo,
  PlatformModuleKind,
  ReferenceKind,
  RepositoryStatus,
  ScanProblem,
  ScanRun,
  ScanRunStatus,
  ScanTrigger,
  TrendPoint,
  driftVerdicts,
} from '@internal/plugin-platform-common';
import { Knex } from 'knex';
import {
  ClaimedRepository,
  DiscoveredRepository,
  DriftRowInput,
  DriftStore,
} from './DriftStore';
import { DriftReportSource } from './DriftReportIndex';
import {
  AdoptionRow,
  NOT_DRIFTED,
  adoptionOf,
  byDriftedModules,
  entityDrift,
  pageOf,
  searchParts,
  searchText,
  versionKey,
} from './reportRules';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-platform-backend',
  'migrations',
);

const SCAN_RUNS = 'platform_scan_runs';
const MODULES = 'platform_modules';
const REPOSITORIES = 'platform_repositories';
const DRIFT_ROWS = 'platform_drift_rows';
const PROBLEMS = 'platform_scan_problems';
const DAILY_COUNTS = 'platform_daily_counts';
const COUNTS = 'platform_drift_counts';
const REPORT_STATE = 'platform_report_state';

/** The columns of {@link COUNTS} that rows are counted by, and the filters it can answer. */
const COUNT_KEYS = [
  'owner',
  'module',
  'verdict',
  'environment',
  'kind',
] as const;
type CountKey = Record<(typeof COUNT_KEYS)[number], string>;
type CountRow = CountKey & { count: number | string };

/** The columns a drift row is read with (not its search text). */
const DRIFT_COLUMNS = [
  'id',
  'entity_ref',
  'owner',
  'system',
  'platform',
  'module',
  'kind',
  'environment',
  'file',
  'line',
  'column',
  'source',
  'name',
  'pin',
  'ref',
  'version',
  'version_key',
  'latest',
  'releases_behind',
  'verdict',
  'severity',
  'explanation',
  'scm_url',
];

/**
 * Rows per multi-row INSERT. SQLite writes a multi-row insert as a compound SELECT, which may
 * have at most 500 terms, and limits bound variables; 250 rows of the widest table stay well
 * within both, and within PostgreSQL's 65535 parameters.
 */
const BATCH_SIZE = 250;
/** Rows per read when the report index loads every row. */
const REPORT_PAGE_SIZE = 1000;

const INTERRUPTED_ERROR = 'interrupted: the backend stopped during the scan';

type Timestamp = Date | string | number;

type ScanRunRow = {
  id: string;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  status: ScanRunStatus;
  trigger: ScanTrigger | null;
  entity_ref: string | null;
  repositories_total: number | string | null;
  repositories_scanned: number | string;
  repositories_skipped: number | string;
  repositories_failed: number | string;
  error: string | null;
};

type ModuleRow = {
  platform: string;
  name: string;
  kind: PlatformModuleKind;
  path: string;
  description: string | null;
  repository: string;
  tag_pattern: string;
  latest: string | null;
  versions: string;
  supported_majors: number | string | null;
  deprecations: string;
};

type RepositoryRow = {
  entity_ref: string;
  url: string;
  owner: string | null;
  system: string | null;
  commit: string | null;
  branch: string | null;
  platform_fingerprint: string | null;
  scanned_at: Timestamp | null;
  checked_at: Timestamp | null;
  status: RepositoryStatus['status'];
  error: string | null;
  files_scanned: number | string;
  lease_holder: string | null;
  lease_until: Timestamp | null;
  reference_count?: number | string;
};

type DriftRowRow = {
  id: number | string;
  entity_ref: string;
  owner: string | null;
  system: string | null;
  platform: string | null;
  module: string | null;
  kind: ReferenceKind;
  environment: string | null;
  file: string;
  line: number | string;
  column: number | string;
  source: string;
  name: string;
  pin: PinType;
  ref: string | null;
  version: string | null;
  version_key: string | null;
  latest: string | null;
  releases_behind: number | string | null;
  verdict: DriftVerdict;
  severity: number | string;
  explanation: string;
  scm_url: string | null;
  search?: string | null;
};

type ProblemRow = {
  id: number | string;
  entity_ref: string;
  file: string;
  line: number | string | null;
  column: number | string | null;
  message: string;
};

// SQLite hands timestamps back as strings or epoch numbers, PostgreSQL as Dates.
function toIso(value: Timestamp): string {
  return new Date(value).toISOString();
}

/** Copies only the defined values, so that absent optional fields stay absent. */
function defined<T extends object>(value: {
  [K in keyof T]: T[K] | null | undefined;
}): T {
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (entry !== null && entry !== undefined) {
      result[key] = entry;
    }
  }
  return result as T;
}

function optionalNumber(
  value: number | string | null | undefined,
): number | undefined {
  return value === null || value === undefined ? undefined : Number(value);
}

function chunks<T>(items: T[], size: number = BATCH_SIZE): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}

/** Escapes LIKE wildcards; the pattern is used with `escape '\'`. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, char => `\\${char}`);
}

function dayBefore(day: string, days: number): string {
  const time = Date.parse(`${day}T00:00:00Z`) - days * 86_400_000;
  return new Date(time).toISOString().slice(0, 10);
}

function toScanRun(row: ScanRunRow): ScanRun {
  return {
    id: row.id,
    startedAt: toIso(row.started_at),
    ...(row.finished_at ? { finishedAt: toIso(row.finished_at) } : {}),
    status: row.status,
    ...(row.trigger ? { trigger: row.trigger } : {}),
    ...(row.entity_ref ? { entityRef: row.entity_ref } : {}),
    repositoriesTotal: Number(row.repositories_total ?? 0),
    repositoriesScanned: Number(row.repositories_scanned),
    repositoriesSkipped: Number(row.repositories_skipped),
    repositoriesFailed: Number(row.repositories_failed),
    ...(row.error ? { error: row.error } : {}),
  };
}

function toModule(row: ModuleRow): PlatformModuleInfo {
  return {
    ...defined<
      Pick<PlatformModuleInfo, 'description' | 'latest' | 'supportedMajors'>
    >({
      description: row.description,
      latest: row.latest,
      supportedMajors: optionalNumber(row.supported_majors),
    }),
    platform: row.platform,
    name: row.name,
    kind: row.kind,
    path: row.path,
    repository: row.repository,
    tagPattern: row.tag_pattern,
    versions: JSON.parse(row.versions),
    deprecations: JSON.parse(row.deprecations),
  };
}

function toRepositoryStatus(row: RepositoryRow): RepositoryStatus {
  return {
    ...defined<
      Pick<
        RepositoryStatus,
        'commit' | 'branch' | 'scannedAt' | 'checkedAt' | 'error'
      >
    >({
      commit: row.commit,
      branch: row.branch,
      scannedAt: row.scanned_at ? toIso(row.scanned_at) : undefined,
      checkedAt: row.checked_at ? toIso(row.checked_at) : undefined,
      error: row.error,
    }),
    entityRef: row.entity_ref,
    url: row.url,
    status: row.status,
    filesScanned: Number(row.files_scanned),
  };
}

function toDriftRow(row: DriftRowRow): DriftRow {
  return {
    id: String(row.id),
    entityRef: row.entity_ref,
    ...defined<
      Pick<
        DriftRow,
        | 'owner'
        | 'system'
        | 'platform'
        | 'module'
        | 'environment'
        | 'ref'
        | 'version'
        | 'latest'
        | 'releasesBehind'
        | 'scmUrl'
      >
    >({
      owner: row.owner,
      system: row.system,
      platform: row.platform,
      module: row.module,
      environment: row.environment,
      ref: row.ref,
      version: row.version,
      latest: row.latest,
      releasesBehind: optionalNumber(row.releases_behind),
      scmUrl: row.scm_url,
    }),
    kind: row.kind,
    file: row.file,
    line: Number(row.line),
    column: Number(row.column),
    source: row.source,
    name: row.name,
    pin: row.pin,
    verdict: row.verdict,
    severity: Number(row.severity),
    explanation: row.explanation,
  };
}

function toProblem(row: ProblemRow): ScanProblem {
  return {
    file: row.file,
    ...defined<Pick<ScanProblem, 'line' | 'column'>>({
      line: optionalNumber(row.line),
      column: optionalNumber(row.column),
    }),
    message: row.message,
  };
}

function fromDriftRowInput(
  entityRef: string,
  repository: Pick<RepositoryRow, 'owner' | 'system'>,
  row: DriftRowInput,
): Omit<DriftRowRow, 'id'> {
  return {
    entity_ref: entityRef,
    owner: repository.owner ?? null,
    system: repository.system ?? null,
    platform: row.platform ?? null,
    module: row.module ?? null,
    kind: row.kind,
    environment: row.environment ?? null,
    file: row.file,
    line: row.line,
    column: row.column,
    source: row.source,
    name: row.name,
    pin: row.pin,
    ref: row.ref ?? null,
    version: row.version ?? null,
    version_key: versionKey(row.version) ?? null,
    latest: row.latest ?? null,
    releases_behind: row.releasesBehind ?? null,
    verdict: row.verdict,
    severity: row.severity,
    explanation: row.explanation,
    scm_url: row.scmUrl ?? null,
    search: searchText(searchParts({ entityRef, ...row })),
  };
}

/** The key of a row in {@link COUNTS}: '' for a value a row has none of. */
function countKey(row: {
  owner: string | null;
  module: string | null;
  verdict: string;
  environment: string | null;
  kind: string;
}): CountKey {
  return {
    owner: row.owner ?? '',
    module: row.module ?? '',
    verdict: row.verdict,
    environment: row.environment ?? '',
    kind: row.kind,
  };
}

/** Changes of {@link COUNTS} gathered in a transaction, written at its end. */
class CountChanges {
  private readonly changes = new Map<
    string,
    { key: CountKey; delta: number }
  >();

  add(
    rows: Array<Parameters<typeof countKey>[0] & { count?: number | string }>,
    sign: 1 | -1,
  ): void {
    for (const row of rows) {
      const key = countKey(row);
      const id = JSON.stringify(COUNT_KEYS.map(k => key[k]));
      const change = this.changes.get(id) ?? { key, delta: 0 };
      change.delta += sign * Number(row.count ?? 1);
      this.changes.set(id, change);
    }
  }

  /**
   * Adds the changes to the counts. Keys are written in one order in every transaction, so
   * that two instances writing on PostgreSQL lock the same count rows in the same order and
   * never deadlock; callers write them last, after the rows they lock first.
   */
  async write(trx: Knex.Transaction): Promise<void> {
    const rows = [...this.changes.entries()]
      .filter(([, change]) => change.delta !== 0)
      .sort(([a], [b]) => (a < b ? -1 : Number(a > b)))
      .map(([, change]) => ({ ...change.key, count: change.delta }));
    for (const chunk of chunks(rows)) {
      await trx(COUNTS)
        .insert(chunk)
        .onConflict([...COUNT_KEYS])
        .merge({
          count: trx.raw('?? + ??', [`${COUNTS}.count`, 'excluded.count']),
        });
    }
    this.changes.clear();
  }
}

/**
 * Marks that the report's data changed. Last in a transaction, after the rows and counts it
 * locks, as every writer does, so that two instances on PostgreSQL never wait for each other in
 * a cycle.
 */
async function nextReportGeneration(trx: Knex.Transaction): Promise<void> {
  await trx(REPORT_STATE).where('id', 1).increment('generation', 1);
}

/**
 * Puts a SQLite file in write-ahead-log mode with synchronous=NORMAL: a commit then appends to
 * the log instead of syncing the database file twice, which made the scanner's small
 * transactions (a claim, a result) cost milliseconds each, and readers no longer wait for the
 * writer. A transaction stays atomic; only the last commits before a power loss (not a crash of
 * the backend) may be rolled back. In-memory databases keep their journal.
 */
async function useWriteAheadLog(db: Knex): Promise<void> {
  const [{ journal_mode: mode }] = (await db.raw('pragma journal_mode')) as [
    { journal_mode: string },
  ];
  if (mode === 'memory') {
    return;
  }
  if (mode !== 'wal') {
    await db.raw('pragma journal_mode = WAL');
  }
  await db.raw('pragma synchronous = NORMAL');
}

/** Columns that always have a value: ordered without a case for nulls. */
const NOT_NULL_COLUMNS: ReadonlySet<string> = new Set([
  'entity_ref',
  'file',
  'line',
  'severity',
  'verdict',
  'id',
]);

/** Sort columns per field, after which rows are ordered by entity, file, line and id. */
const sortColumns: Record<DriftSortField, string[]> = {
  entity: ['entity_ref'],
  owner: ['owner'],
  module: ['module'],
  environment: ['environment'],
  verdict: ['severity', 'verdict'],
  version: ['version_key', 'version'],
  file: ['file', 'line'],
};

/**
 * The DriftStore on the plugin's own database (SQLite or PostgreSQL).
 *
 * @internal
 */
export class DatabaseDriftStore implements DriftStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseDriftStore> {
    const client = await options.database.getClient();
    if (client.client.dialect === 'sqlite3') {
      await useWriteAheadLog(client);
    }
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseDriftStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async ping(): Promise<void> {
    await this.db.raw('select 1');
  }

  // Scan runs

  async createScanRun(run: {
    id: string;
    trigger: ScanTrigger;
    entityRef?: string;
  }): Promise<ScanRun> {
    const row: ScanRunRow = {
      id: run.id,
      started_at: new Date(),
      finished_at: null,
      status: 'running',
      trigger: run.trigger,
      entity_ref: run.entityRef ?? null,
      repositories_total: 0,
      repositories_scanned: 0,
      repositories_skipped: 0,
      repositories_failed: 0,
      error: null,
    };
    await this.db<ScanRunRow>(SCAN_RUNS).insert(row);
    return toScanRun(row);
  }

  async updateScanRun(
    id: string,
    counts: Partial<
      Pick<
        ScanRun,
        | 'repositoriesTotal'
        | 'repositoriesScanned'
        | 'repositoriesSkipped'
        | 'repositoriesFailed'
      >
    >,
  ): Promise<void> {
    const update = defined<Partial<ScanRunRow>>({
      repositories_total: counts.repositoriesTotal,
      repositories_scanned: counts.repositoriesScanned,
      repositories_skipped: counts.repositoriesSkipped,
      repositories_failed: counts.repositoriesFailed,
    });
    if (Object.keys(update).length === 0) {
      return;
    }
    await this.db<ScanRunRow>(SCAN_RUNS).where({ id }).update(update);
  }

  async finishScanRun(
    id: string,
    result: { status: 'succeeded' | 'failed'; error?: string },
  ): Promise<void> {
    await this.db<ScanRunRow>(SCAN_RUNS)
      .where({ id })
      .update({
        status: result.status,
        error: result.error ?? null,
        finished_at: new Date(),
      });
  }

  async getLatestScanRun(): Promise<ScanRun | undefined> {
    const row = await this.db<ScanRunRow>(SCAN_RUNS)
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .first();
    return row ? toScanRun(row) : undefined;
  }

  async getScanRun(id: string): Promise<ScanRun | undefined> {
    const row = await this.db<ScanRunRow>(SCAN_RUNS).where({ id }).first();
    return row ? toScanRun(row) : undefined;
  }

  async failInterruptedScanRuns(startedBefore: Date): Promise<number> {
    return await this.db<ScanRunRow>(SCAN_RUNS)
      .where('status', 'running')
      .andWhere('started_at', '<', startedBefore)
      .update({
        status: 'failed',
        error: INTERRUPTED_ERROR,
        finished_at: new Date(),
      });
  }

  // Platform modules

  async replacePlatformModules(
    platform: string,
    modules: PlatformModuleInfo[],
  ): Promise<void> {
    const rows: ModuleRow[] = modules.map(module => ({
      platform,
      name: module.name,
      kind: module.kind,
      path: module.path,
      description: module.description ?? null,
      repository: module.repository,
      tag_pattern: module.tagPattern,
      latest: module.latest ?? null,
      versions: JSON.stringify(module.versions ?? []),
      supported_majors: module.supportedMajors ?? null,
      deprecations: JSON.stringify(module.deprecations ?? []),
    }));
    await this.db.transaction(async trx => {
      await trx<ModuleRow>(MODULES).where({ platform }).delete();
      for (const chunk of chunks(rows)) {
        await trx<ModuleRow>(MODULES).insert(chunk);
      }
      await nextReportGeneration(trx);
    });
  }

  async listModules(): Promise<PlatformModuleInfo[]> {
    const rows = await this.db<ModuleRow>(MODULES)
      .orderBy('platform')
      .orderBy('name');
    return rows.map(toModule);
  }

  // Repositories

  async syncRepositories(repositories: DiscoveredRepository[]): Promise<void> {
    const wanted = new Map<string, DiscoveredRepository>();
    for (const repository of repositories) {
      wanted.set(repository.entityRef, repository);
    }
    await this.db.transaction(async trx => {
      const existing = await trx<RepositoryRow>(REPOSITORIES).select(
        'entity_ref',
        'url',
        'owner',
        'system',
      );

      const counts = new CountChanges();
      let changed = false;
      const gone = existing
        .filter(row => !wanted.has(row.entity_ref))
        .map(row => row.entity_ref)
        .sort();
      for (const chunk of chunks(gone)) {
        changed = true;
        await trx(REPOSITORIES).whereIn('entity_ref', chunk).delete();
        counts.add(await this.deleteDriftRows(trx, chunk), -1);
        await trx(PROBLEMS).whereIn('entity_ref', chunk).delete();
      }

      const known = new Map(existing.map(row => [row.entity_ref, row]));
      const added = [...wanted.values()].filter(r => !known.has(r.entityRef));
      for (const chunk of chunks(added)) {
        await trx<RepositoryRow>(REPOSITORIES)
          .insert(chunk.map(repository => this.newRepositoryRow(repository)))
          // Another instance may sync at the same time.
          .onConflict('entity_ref')
          .ignore();
      }

      // In one order, as the scanner's batches lock repositories.
      const sorted = [...wanted.values()].sort((a, b) =>
        a.entityRef < b.entityRef ? -1 : Number(a.entityRef > b.entityRef),
      );
      for (const repository of sorted) {
        const row = known.get(repository.entityRef);
        if (
          row &&
          (row.url !== repository.url ||
            row.owner !== (repository.owner ?? null) ||
            row.system !== (repository.system ?? null))
        ) {
          changed = true;
          await this.updateRepositoryDetails(trx, repository, counts);
        }
      }
      await counts.write(trx);
      if (changed) {
        await nextReportGeneration(trx);
      }
    });
  }

  /**
   * Deletes the drift rows of these repositories and returns how many there were per count key:
   * what this transaction deleted (PostgreSQL: an instance that deletes after another did
   * gets none back), to be taken off {@link COUNTS}.
   */
  private async deleteDriftRows(
    trx: Knex.Transaction,
    entityRefs: string[],
  ): Promise<CountRow[]> {
    if (this.db.client.dialect === 'postgresql') {
      return (await trx(DRIFT_ROWS)
        .whereIn('entity_ref', entityRefs)
        .delete([...COUNT_KEYS])) as unknown as CountRow[];
    }
    // SQLite has one writer at a time: what this transaction reads it deletes.
    const rows = (await trx(DRIFT_ROWS)
      .select(...COUNT_KEYS)
      .count({ count: '*' })
      .whereIn('entity_ref', entityRefs)
      .groupBy(...COUNT_KEYS)) as CountRow[];
    await trx(DRIFT_ROWS).whereIn('entity_ref', entityRefs).delete();
    return rows;
  }

  async upsertRepository(repository: DiscoveredRepository): Promise<void> {
    await this.db.transaction(async trx => {
      await trx<RepositoryRow>(REPOSITORIES)
        .insert(this.newRepositoryRow(repository))
        .onConflict('entity_ref')
        .ignore();
      const counts = new CountChanges();
      await this.updateRepositoryDetails(trx, repository, counts);
      await counts.write(trx);
      await nextReportGeneration(trx);
    });
  }

  private newRepositoryRow(repository: DiscoveredRepository): RepositoryRow {
    return {
      entity_ref: repository.entityRef,
      url: repository.url,
      owner: repository.owner ?? null,
      system: repository.system ?? null,
      commit: null,
      branch: null,
      platform_fingerprint: null,
      scanned_at: null,
      checked_at: null,
      status: 'pending',
      error: null,
      files_scanned: 0,
      lease_holder: null,
      lease_until: null,
      reference_count: 0,
    };
  }

  /** Sets URL, owner and system of a repository, and owner and system of its rows. */
  private async updateRepositoryDetails(
    trx: Knex.Transaction,
    repository: DiscoveredRepository,
    counts: CountChanges,
  ): Promise<void> {
    const owner = repository.owner ?? null;
    const system = repository.system ?? null;
    // First, so that the repository is locked: what is read next is what this transaction
    // changes, even when another instance changed it a moment ago.
    await trx<RepositoryRow>(REPOSITORIES)
      .where('entity_ref', repository.entityRef)
      .update({ url: repository.url, owner, system });
    const moved = (await trx(DRIFT_ROWS)
      .select(...COUNT_KEYS)
      .count({ count: '*' })
      .where('entity_ref', repository.entityRef)
      .andWhere(q =>
        owner === null
          ? q.whereNotNull('owner')
          : q.whereNull('owner').orWhereNot('owner', owner),
      )
      .groupBy(...COUNT_KEYS)) as CountRow[];
    counts.add(moved, -1);
    counts.add(
      moved.map(row => ({ ...row, owner })),
      1,
    );
    await trx<DriftRowRow>(DRIFT_ROWS)
      .where('entity_ref', repository.entityRef)
      .update({ owner, system });
  }

  async claimRepository(
    entityRef: string,
    options: { holder: string; leaseMs: number; notCheckedSince: Date },
  ): Promise<ClaimedRepository | undefined> {
    const [claimed] = await this.claimRepositories([entityRef], options);
    return claimed;
  }

  async claimRepositories(
    entityRefs: string[],
    options: { holder: string; leaseMs: number; notCheckedSince: Date },
  ): Promise<ClaimedRepository[]> {
    const now = new Date();
    const claimable = (q: Knex.QueryBuilder) =>
      q
        .andWhere(c =>
          c.whereNull('lease_until').orWhere('lease_until', '<', now),
        )
        .andWhere(c =>
          c
            .whereNull('checked_at')
            .orWhere('checked_at', '<', options.notCheckedSince),
        );
    const rows: Array<
      Pick<
        RepositoryRow,
        'entity_ref' | 'url' | 'owner' | 'system' | 'commit'
      > &
        Pick<RepositoryRow, 'platform_fingerprint'>
    > = [];
    for (const chunk of chunks([...new Set(entityRefs)])) {
      // One conditional UPDATE: of several instances racing for a repository, only one can
      // change its row. On PostgreSQL the rows are locked first, skipping those another
      // instance is claiming at this moment (it gets them), so that two batches locking rows
      // in different orders never deadlock; SQLite has one writer at a time.
      const target =
        this.db.client.dialect === 'postgresql'
          ? this.db<RepositoryRow>(REPOSITORIES).whereIn(
              'entity_ref',
              claimable(
                this.db<RepositoryRow>(REPOSITORIES)
                  .select('entity_ref')
                  .whereIn('entity_ref', chunk),
              )
                .forUpdate()
                .skipLocked(),
            )
          : this.db<RepositoryRow>(REPOSITORIES).whereIn('entity_ref', chunk);
      const claimed = (await claimable(target).update(
        {
          lease_holder: options.holder,
          lease_until: new Date(now.getTime() + options.leaseMs),
        },
        [
          'entity_ref',
          'url',
          'owner',
          'system',
          'commit',
          'platform_fingerprint',
        ],
      )) as unknown as typeof rows;
      rows.push(...claimed);
    }
    const byRef = new Map(rows.map(row => [row.entity_ref, row]));
    return entityRefs.flatMap(entityRef => {
      const row = byRef.get(entityRef);
      if (!row) {
        return [];
      }
      byRef.delete(entityRef);
      return [
        {
          entityRef: row.entity_ref,
          url: row.url,
          ...defined<
            Pick<
              ClaimedRepository,
              'owner' | 'system' | 'commit' | 'platformFingerprint'
            >
          >({
            owner: row.owner,
            system: row.system,
            commit: row.commit,
            platformFingerprint: row.platform_fingerprint,
          }),
        },
      ];
    });
  }

  async markRepositoryUnchanged(
    entityRef: string,
    checkedAt: Date,
  ): Promise<void> {
    await this.markRepositoriesUnchanged([entityRef], checkedAt);
  }

  async markRepositoriesUnchanged(
    entityRefs: string[],
    checkedAt: Date,
  ): Promise<void> {
    if (entityRefs.length === 0) {
      return;
    }
    await this.db.transaction(async trx => {
      for (const chunk of chunks(entityRefs)) {
        // The head was read: a failure recorded since the last scan no longer applies.
        await trx<RepositoryRow>(REPOSITORIES)
          .whereIn('entity_ref', chunk)
          .update({
            checked_at: checkedAt,
            status: trx.raw(
              "case when ?? = 'pending' then 'pending' else 'ok' end",
              ['status'],
            ) as unknown as RepositoryRow['status'],
            error: null,
            lease_holder: null,
            lease_until: null,
          });
      }
    });
  }

  async replaceRepositoryResults(
    entityRef: string,
    result: {
      commit: string;
      branch?: string;
      platformFingerprint: string;
      scannedAt: Date;
      filesScanned: number;
      rows: DriftRowInput[];
      problems: ScanProblem[];
    },
  ): Promise<void> {
    await this.db.transaction(async trx => {
      // The repository is locked first, the counts last (see CountChanges.write).
      const select = trx<RepositoryRow>(REPOSITORIES)
        .where('entity_ref', entityRef)
        .first('owner', 'system');
      if (this.db.client.dialect === 'postgresql') {
        select.forUpdate();
      }
      const repository = await select;
      if (!repository) {
        throw new NotFoundError(`No repository is known for ${entityRef}`);
      }

      const counts = new CountChanges();
      counts.add(await this.deleteDriftRows(trx, [entityRef]), -1);
      await trx(PROBLEMS).where('entity_ref', entityRef).delete();

      const rows = result.rows.map(row =>
        fromDriftRowInput(entityRef, repository, row),
      );
      counts.add(rows, 1);
      for (const chunk of chunks(rows)) {
        await trx(DRIFT_ROWS).insert(chunk);
      }
      const problems: Omit<ProblemRow, 'id'>[] = result.problems.map(p => ({
        entity_ref: entityRef,
        file: p.file,
        line: p.line ?? null,
        column: p.column ?? null,
        message: p.message,
      }));
      for (const chunk of chunks(problems)) {
        await trx(PROBLEMS).insert(chunk);
      }

      await trx<RepositoryRow>(REPOSITORIES)
        .where('entity_ref', entityRef)
        .update({
          commit: result.commit,
          branch: result.branch ?? null,
          platform_fingerprint: result.platformFingerprint,
          scanned_at: result.scannedAt,
          checked_at: result.scannedAt,
          status: 'ok',
          error: null,
          files_scanned: result.filesScanned,
          lease_holder: null,
          lease_until: null,
          reference_count: rows.length,
        });
      await counts.write(trx);
      await nextReportGeneration(trx);
    });
  }

  async recordRepositoryFailure(
    entityRef: string,
    failure: { error: string; checkedAt: Date },
  ): Promise<void> {
    await this.db<RepositoryRow>(REPOSITORIES)
      .where('entity_ref', entityRef)
      .update({
        status: 'failed',
        error: failure.error,
        checked_at: failure.checkedAt,
        lease_holder: null,
        lease_until: null,
      });
  }

  async getRepositoryStatus(
    entityRef: string,
  ): Promise<RepositoryStatus | undefined> {
    const row = await this.db<RepositoryRow>(REPOSITORIES)
      .where('entity_ref', entityRef)
      .first();
    return row ? toRepositoryStatus(row) : undefined;
  }

  async listRepositoryStatuses(): Promise<RepositoryStatus[]> {
    const rows = await this.db<RepositoryRow>(REPOSITORIES).orderBy(
      'entity_ref',
    );
    return rows.map(toRepositoryStatus);
  }

  // Reports

  /**
   * Restricts a query of drift rows to the filter. An empty string among the owners, modules or
   * environments matches rows without one.
   */
  private applyFilter(query: Knex.QueryBuilder, filter: DriftFilter): void {
    const anyOf = (column: string, values: readonly string[] | undefined) => {
      if (!values || values.length === 0) {
        return;
      }
      const present = values.filter(value => value !== '');
      const includesNone = present.length < values.length;
      query.where(q => {
        if (present.length > 0) {
          q.whereIn(column, present);
        }
        if (includesNone) {
          q.orWhereNull(column);
        }
      });
    };
    anyOf('owner', filter.owner);
    anyOf('module', filter.module);
    this.applyVerdictFilter(query, filter.verdict);
    anyOf('environment', filter.environment);
    anyOf('kind', filter.kind);
    anyOf('entity_ref', filter.entityRef);

    const text = filter.text?.trim();
    if (text) {
      const pattern = `%${escapeLike(text.toLocaleLowerCase('en-US'))}%`;
      query.whereRaw(`?? like ? escape '\\'`, [
        `${DRIFT_ROWS}.search`,
        pattern,
      ]);
    }
  }

  /**
   * A filter that keeps most verdicts (the report's default keeps all but `external` and
   * `local`) is written as the few it leaves out: `verdict in (11 values)` made both databases
   * read every matching row through the verdict index and sort them (about 600 ms for a page at
   * 10,000 services), where `not in (2 values)` lets them read the order index and stop after one
   * page (a few ms).
   */
  private applyVerdictFilter(
    query: Knex.QueryBuilder,
    verdicts: readonly DriftVerdict[] | undefined,
  ): void {
    if (!verdicts || verdicts.length === 0) {
      return;
    }
    const wanted = new Set<string>(verdicts);
    const unwanted = driftVerdicts.filter(verdict => !wanted.has(verdict));
    const unknown = [...wanted].some(
      verdict => !(driftVerdicts as readonly string[]).includes(verdict),
    );
    if (unknown || unwanted.length >= wanted.size) {
      query.whereIn('verdict', [...wanted]);
    } else if (unwanted.length > 0) {
      query.whereNotIn('verdict', unwanted);
    }
  }

  /**
   * Whether {@link COUNTS} can answer counts under the filter: it has no text and names no
   * entities.
   */
  private countable(filter: DriftFilter): boolean {
    return !filter.text?.trim() && !filter.entityRef?.length;
  }

  /** Restricts a query of {@link COUNTS} to the filter: '' is the key of rows without a value. */
  private applyCountFilter(query: Knex.QueryBuilder, filter: DriftFilter) {
    for (const key of COUNT_KEYS) {
      const values = filter[key];
      if (values && values.length > 0) {
        query.whereIn(`${COUNTS}.${key}`, [...values]);
      }
    }
  }

  private hasFilter(filter: DriftFilter): boolean {
    return (
      !this.countable(filter) ||
      COUNT_KEYS.some(key => (filter[key]?.length ?? 0) > 0)
    );
  }

  async queryDrift(query: DriftQuery): Promise<DriftPage> {
    const { offset, limit } = pageOf(query);
    const direction = query.order === 'desc' ? 'desc' : 'asc';

    let countQuery: Knex.QueryBuilder;
    if (this.countable(query)) {
      countQuery = this.db(COUNTS).sum({ count: 'count' });
      this.applyCountFilter(countQuery, query);
    } else {
      countQuery = this.db(DRIFT_ROWS).count({ count: '*' });
      this.applyFilter(countQuery, query);
    }

    const order = (q: Knex.QueryBuilder) => {
      const columns = [
        ...(sortColumns[query.sort ?? 'entity'] ?? sortColumns.entity),
      ];
      for (const column of columns) {
        // Rows without a value come last in either direction, on both databases.
        if (!NOT_NULL_COLUMNS.has(column)) {
          q.orderByRaw('case when ?? is null then 1 else 0 end', [column]);
        }
        q.orderBy(column, direction);
      }
      // Then by entity, file, line and id; each column once, so that an index in this order
      // serves it (a repeated column made SQLite sort).
      for (const column of ['entity_ref', 'file', 'line', 'id']) {
        if (!columns.includes(column)) {
          q.orderBy(column);
        }
      }
      return q;
    };
    // The page's ids first, then only those rows: skipping `offset` rows reads the index of
    // the order (or sorts narrow records) instead of whole rows.
    const pageIds = order(this.db(DRIFT_ROWS).select('id'));
    this.applyFilter(pageIds, query);
    pageIds.offset(offset).limit(limit);
    const itemsQuery = order(
      this.db<DriftRowRow>(DRIFT_ROWS)
        .select(DRIFT_COLUMNS)
        .whereIn('id', pageIds),
    );

    const [[{ count }], rows] = (await Promise.all([
      countQuery,
      limit > 0 ? itemsQuery : [],
    ])) as [Array<{ count: unknown }>, DriftRowRow[]];

    return {
      items: rows.map(toDriftRow),
      totalCount: Number(count ?? 0),
      offset,
      limit,
    };
  }

  async getReportGeneration(): Promise<string> {
    const row = await this.db(REPORT_STATE).where('id', 1).first('generation');
    return String(row?.generation ?? 0);
  }

  async loadReportData(
    onRows: (rows: DriftRow[]) => void,
  ): Promise<DriftReportSource> {
    // The generation first: rows written meanwhile only make the next check load again.
    const generation = await this.getReportGeneration();
    const modules = await this.listModules();
    // In pages by id: each a short read, so that a scan writing meanwhile is not held up, and
    // only one page of row objects is alive at a time.
    for (let after = -1; ; ) {
      const page = (await this.db(DRIFT_ROWS)
        .select(DRIFT_COLUMNS)
        .where('id', '>', after)
        .orderBy('id')
        .limit(REPORT_PAGE_SIZE)) as DriftRowRow[];
      onRows(page.map(toDriftRow));
      if (page.length < REPORT_PAGE_SIZE) {
        break;
      }
      after = Number(page[page.length - 1].id);
    }
    return { generation, modules };
  }

  async getSummary(filter: DriftFilter): Promise<DriftSummary> {
    const [totalRow, verdictRows, moduleRows] = this.countable(filter)
      ? await this.summaryFromCounts(filter)
      : await this.summaryFromRows(filter);
    const byVerdict: DriftSummary['byVerdict'] = {};
    for (const row of verdictRows) {
      byVerdict[row.verdict] = Number(row.count);
    }
    const byModule = moduleRows
      .map(row => ({
        module: row.module,
        total: Number(row.total),
        drifted: Number(row.drifted),
      }))
      .sort(byDriftedModules);

    return {
      total: Number(totalRow?.total ?? 0),
      services: Number(totalRow?.services ?? 0),
      byVerdict,
      byModule,
    };
  }

  private async summaryFromRows(filter: DriftFilter) {
    const totals = this.db(DRIFT_ROWS)
      .count({ total: '*' })
      .countDistinct({ services: 'entity_ref' });
    this.applyFilter(totals, filter);

    const verdicts = this.db(DRIFT_ROWS)
      .select('verdict')
      .count({ count: '*' })
      .groupBy('verdict');
    this.applyFilter(verdicts, filter);

    const drifted = this.db.raw(
      `sum(case when ?? in (${NOT_DRIFTED.map(() => '?').join(', ')}) ` +
        `then 0 else 1 end)`,
      ['verdict', ...NOT_DRIFTED],
    );
    const modules = this.db(DRIFT_ROWS)
      .select('module')
      .count({ total: '*' })
      .select({ drifted })
      .whereNotNull('module')
      .groupBy('module');
    this.applyFilter(modules, filter);

    const [[totalRow], verdictRows, moduleRows] = (await Promise.all([
      totals,
      verdicts,
      modules,
    ])) as [
      Array<{ total: unknown; services: unknown }>,
      Array<{ verdict: DriftVerdict; count: unknown }>,
      Array<{ module: string; total: unknown; drifted: unknown }>,
    ];
    return [totalRow, verdictRows, moduleRows] as const;
  }

  /** The summary from {@link COUNTS}, and the services from the repositories or an index. */
  private async summaryFromCounts(filter: DriftFilter) {
    const countsQuery = this.db(COUNTS)
      .select('module', 'verdict')
      .sum({ count: 'count' })
      .groupBy('module', 'verdict');
    this.applyCountFilter(countsQuery, filter);
    let servicesQuery: Knex.QueryBuilder;
    if (this.hasFilter(filter)) {
      servicesQuery = this.db(DRIFT_ROWS).countDistinct({
        services: 'entity_ref',
      });
      this.applyFilter(servicesQuery, filter);
    } else {
      servicesQuery = this.db(REPOSITORIES)
        .count({ services: '*' })
        .where('reference_count', '>', 0);
    }
    const [counts, [{ services }]] = (await Promise.all([
      countsQuery,
      servicesQuery,
    ])) as [
      Array<{ module: string; verdict: DriftVerdict; count: unknown }>,
      Array<{ services: unknown }>,
    ];

    let total = 0;
    const verdicts = new Map<DriftVerdict, number>();
    const modules = new Map<string, { total: number; drifted: number }>();
    for (const row of counts) {
      const count = Number(row.count);
      if (count === 0) {
        continue;
      }
      total += count;
      verdicts.set(row.verdict, (verdicts.get(row.verdict) ?? 0) + count);
      if (row.module !== '') {
        const module = modules.get(row.module) ?? { total: 0, drifted: 0 };
        module.total += count;
        if (!NOT_DRIFTED.includes(row.verdict)) {
          module.drifted += count;
        }
        modules.set(row.module, module);
      }
    }
    return [
      { total, services },
      [...verdicts].map(([verdict, count]) => ({ verdict, count })),
      [...modules].map(([module, entry]) => ({ module, ...entry })),
    ] as const;
  }

  async getEntityDrift(entityRef: string): Promise<EntityDrift> {
    const [repository, rows, problems] = await Promise.all([
      this.getRepositoryStatus(entityRef),
      this.db<DriftRowRow>(DRIFT_ROWS)
        .where('entity_ref', entityRef)
        .orderBy('file')
        .orderBy('line')
        .orderBy('column')
        .orderBy('id'),
      this.listProblems(entityRef),
    ]);
    return entityDrift(entityRef, repository, rows.map(toDriftRow), problems);
  }

  private async listProblems(entityRef: string): Promise<ScanProblem[]> {
    const rows = await this.db<ProblemRow>(PROBLEMS)
      .where('entity_ref', entityRef)
      .orderBy('file')
      .orderBy('id');
    return rows.map(toProblem);
  }

  async listProblemsByEntity(): Promise<Map<string, ScanProblem[]>> {
    const rows = await this.db<ProblemRow>(PROBLEMS)
      .orderBy('entity_ref')
      .orderBy('file')
      .orderBy('id');
    const problems = new Map<string, ScanProblem[]>();
    for (const row of rows) {
      const list = problems.get(row.entity_ref) ?? [];
      list.push(toProblem(row));
      problems.set(row.entity_ref, list);
    }
    return problems;
  }

  async getModuleAdoption(
    module: string,
    platform?: string,
  ): Promise<ModuleAdoption | undefined> {
    const moduleQuery = this.db<ModuleRow>(MODULES).where('name', module);
    if (platform) {
      moduleQuery.andWhere('platform', platform);
    }
    const moduleRow = await moduleQuery.orderBy('platform').first();
    if (!moduleRow) {
      return undefined;
    }

    const rows: Array<
      Pick<
        DriftRowRow,
        'entity_ref' | 'owner' | 'environment' | 'version' | 'verdict'
      >
    > = await this.db<DriftRowRow>(DRIFT_ROWS)
      .select('entity_ref', 'owner', 'environment', 'version', 'verdict')
      .where({ module, platform: moduleRow.platform })
      .orderBy('entity_ref')
      // Rows without an environment first, on both databases.
      .orderByRaw('case when ?? is null then 0 else 1 end', ['environment'])
      .orderBy('environment')
      .orderBy('id');
    return adoptionOf(
      toModule(moduleRow),
      rows.map(row => ({
        entityRef: row.entity_ref,
        verdict: row.verdict,
        ...defined<Pick<AdoptionRow, 'owner' | 'environment' | 'version'>>({
          owner: row.owner,
          environment: row.environment,
          version: row.version,
        }),
      })),
    );
  }

  async getFacets(): Promise<DriftFacets> {
    const distinct = async (column: string): Promise<string[]> => {
      const rows: Array<Record<string, string | null>> = await this.db(COUNTS)
        .distinct(column)
        .where('count', '>', 0)
        .orderBy(column);
      return rows.map(row => row[column]).filter((v): v is string => !!v);
    };
    const [owners, modules, environments, kinds] = await Promise.all([
      distinct('owner'),
      distinct('module'),
      distinct('environment'),
      distinct('kind'),
    ]);
    return {
      owners,
      modules,
      environments,
      kinds: kinds as ReferenceKind[],
    };
  }

  async listDependencies(): Promise<
    Array<{
      entityRef: string;
      modules: Array<{ platform: string; module: string }>;
    }>
  > {
    const rows: Array<{
      entity_ref: string;
      platform: string;
      module: string;
    }> = await this.db(DRIFT_ROWS)
      .distinct('entity_ref', 'platform', 'module')
      .whereNotNull('platform')
      .whereNotNull('module')
      .orderBy('entity_ref')
      .orderBy('platform')
      .orderBy('module');
    const byEntity = new Map<
      string,
      Array<{ platform: string; module: string }>
    >();
    for (const row of rows) {
      let modules = byEntity.get(row.entity_ref);
      if (!modules) {
        modules = [];
        byEntity.set(row.entity_ref, modules);
      }
      modules.push({ platform: row.platform, module: row.module });
    }
    return [...byEntity.entries()].map(([entityRef, modules]) => ({
      entityRef,
      modules,
    }));
  }

  // History

  async recordDailyCounts(day: string): Promise<void> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) {
      throw new TypeError(`Expected a day as YYYY-MM-DD, got '${day}'`);
    }
    await this.db.transaction(async trx => {
      await trx(DAILY_COUNTS).where({ day }).delete();
      await trx.raw(
        `insert into ?? (??, ??, ??, ??) ` +
          `select ?, coalesce(??, ''), ??, count(*) from ?? ` +
          `group by coalesce(??, ''), ??`,
        [
          DAILY_COUNTS,
          'day',
          'module',
          'verdict',
          'count',
          day,
          'module',
          'verdict',
          DRIFT_ROWS,
          'module',
          'verdict',
        ],
      );
    });
  }

  /**
   * Days are counted back from the newest recorded day (not from today), so a chart still shows
   * `days` days of history when scanning has paused; only days with recorded counts appear.
   */
  async getTrends(options: {
    days: number;
    module?: string;
  }): Promise<TrendPoint[]> {
    const days = Math.floor(options.days);
    if (!(days > 0)) {
      return [];
    }
    const newest = await this.db(DAILY_COUNTS).max({ day: 'day' }).first();
    if (!newest?.day) {
      return [];
    }
    const from = dayBefore(String(newest.day), days - 1);

    const query = this.db(DAILY_COUNTS)
      .select('day', 'verdict')
      .sum({ count: 'count' })
      .where('day', '>=', from)
      .groupBy('day', 'verdict')
      .orderBy('day');
    if (options.module !== undefined) {
      query.andWhere('module', options.module);
    }
    const rows = (await query) as Array<{
      day: string;
      verdict: DriftVerdict;
      count: unknown;
    }>;

    const points = new Map<string, TrendPoint>();
    for (const row of rows) {
      let point = points.get(row.day);
      if (!point) {
        point = { day: row.day, counts: {} };
        points.set(row.day, point);
      }
      point.counts[row.verdict] = Number(row.count);
    }
    return [...points.values()];
  }
}
