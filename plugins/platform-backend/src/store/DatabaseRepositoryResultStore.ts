import { NotFoundError } from '@backstage/errors';
import {
  DriftRow,
  EnvironmentOrder,
  PlatformModuleInfo,
  RepositoryStatus,
  ScanProblem,
  nextPromotionLagRecords,
  servicePromotionLagKey,
} from '@platform-portal/plugin-platform-common';
import { Knex } from 'knex';
import type { DriftReportSource, StoredDriftRowSink } from './DriftReportIndex';
import { GroupedWrites, GroupOutcome } from './GroupedWrites';
import { LocalWrites } from './LocalWrites';
import {
  ClaimedRepository,
  DiscoveredRepository,
  RepositoryResultStore,
  RepositoryScanResult,
  RepositoryStatusChanges,
  RepositoryStatusFilter,
} from './RepositoryResultStore';
import {
  DRIFT_COLUMNS,
  DRIFT_ROWS,
  DriftRowRow,
  MODULES,
  ModuleRow,
  PROBLEMS,
  PROMOTION_LAGS,
  ProblemRow,
  PromotionLagRow,
  REPORT_STATE,
  REPOSITORIES,
  RepositoryRow,
  chunks,
  defined,
  driftRowsReader,
  fromModule,
  toModule,
  toNewDriftRow,
  toProblem,
  toIso,
  toRepositoryStatus,
} from './tableRows';

/** One repository's results, as a scanner hands them to the store. */
type ResultWrite = { entityRef: string; result: RepositoryScanResult };

/** Rows per read when the report loads every row. */
const REPORT_PAGE_SIZE = 1000;

/** The primary key of the promotion lags, in its order. */
const PROMOTION_LAG_KEY = [
  'entity_ref',
  'platform',
  'module',
  'environment',
] as const;

function newRepositoryRow(repository: DiscoveredRepository): RepositoryRow {
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
    // Given the inserting transaction's status change once it has counted it.
    change_seq: 0,
  };
}

/**
 * Marks that the report's data changed. Last in a transaction, after the rows it locks, as every
 * writer does, so that two instances on PostgreSQL never wait for each other in a cycle.
 */
async function nextReportGeneration(trx: Knex.Transaction): Promise<void> {
  await trx(REPORT_STATE).where('id', 1).increment('generation', 1);
}

/**
 * Counts a write of repositories' statuses or problems (and of the report, with `report`; of
 * removed repositories, with `removed`), and answers the new status change number for the rows
 * written to carry. Last in the transaction as {@link nextReportGeneration} is: the row stays
 * locked until the commit, so the numbers go up in the order the writes commit, and a reader
 * that read number N and then the rows numbered above what it read before misses no write up
 * to N. After it the transaction writes only rows it has locked already.
 */
async function nextStatusChange(
  trx: Knex.Transaction,
  changes: { report?: boolean; removed?: boolean } = {},
): Promise<number> {
  const next = trx.raw('?? + 1', ['status_seq']);
  const [row] = (await trx(REPORT_STATE)
    .where('id', 1)
    .update(
      {
        status_seq: next,
        ...(changes.report && {
          generation: trx.raw('?? + 1', ['generation']),
        }),
        ...(changes.removed && { status_removal_seq: next }),
      },
      ['status_seq'],
    )) as unknown as Array<{ status_seq: number | string }>;
  return Number(row.status_seq);
}

/** Gives the repositories the status change number of the transaction that wrote them. */
async function stampStatusChange(
  trx: Knex.Transaction,
  entityRefs: string[],
  change: number,
): Promise<void> {
  for (const chunk of chunks(entityRefs)) {
    await trx<RepositoryRow>(REPOSITORIES)
      .whereIn('entity_ref', chunk)
      .update({ change_seq: change });
  }
}

/**
 * The platform modules, repositories and their results in the plugin's database (SQLite or
 * PostgreSQL).
 *
 * @internal
 */
export class DatabaseRepositoryResultStore implements RepositoryResultStore {
  /**
   * On a client whose tables are migrated (see openPlatformDatabase); `writes` counts this
   * instance's writes for the readers that keep copies of what they change.
   */
  constructor(
    private readonly db: Knex,
    private readonly writes: LocalWrites = new LocalWrites(),
    /** The order environments are promoted in, for the history of promotion lag. */
    private readonly environments?: EnvironmentOrder,
  ) {}

  // Platform modules

  async replacePlatformModules(
    platform: string,
    modules: PlatformModuleInfo[],
  ): Promise<void> {
    const rows = modules.map(module => fromModule(platform, module));
    await this.writes.write(['report'], () =>
      this.db.transaction(async trx => {
        // The report's row is locked first: two scans (of every service and of one entity,
        // or on two instances) replacing the same modules at once take turns, the second
        // deleting what the first inserted instead of inserting the same keys beside it.
        await nextReportGeneration(trx);
        await trx<ModuleRow>(MODULES).where({ platform }).delete();
        for (const chunk of chunks(rows)) {
          await trx<ModuleRow>(MODULES).insert(chunk);
        }
      }),
    );
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
    await this.writes.write(['report', 'repositories'], () =>
      this.db.transaction(async trx => {
        const existing = await trx<RepositoryRow>(REPOSITORIES).select(
          'entity_ref',
          'url',
          'owner',
          'system',
        );

        let changed = false;
        const gone = existing
          .filter(row => !wanted.has(row.entity_ref))
          .map(row => row.entity_ref)
          .sort();
        for (const chunk of chunks(gone)) {
          changed = true;
          await trx(REPOSITORIES).whereIn('entity_ref', chunk).delete();
          await trx(DRIFT_ROWS).whereIn('entity_ref', chunk).delete();
          await trx(PROBLEMS).whereIn('entity_ref', chunk).delete();
          await trx(PROMOTION_LAGS).whereIn('entity_ref', chunk).delete();
        }

        const known = new Map(existing.map(row => [row.entity_ref, row]));
        const added = [...wanted.values()].filter(r => !known.has(r.entityRef));
        // Those this transaction wrote, to be marked with its status change.
        const written: string[] = [];
        for (const chunk of chunks(added)) {
          const inserted = await trx<RepositoryRow>(REPOSITORIES)
            .insert(chunk.map(newRepositoryRow), ['entity_ref'])
            // Another instance may sync at the same time; the rows it added are its own.
            .onConflict('entity_ref')
            .ignore();
          written.push(...inserted.map(row => row.entity_ref));
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
            await this.updateRepositoryDetails(trx, repository);
            written.push(repository.entityRef);
          }
        }
        if (written.length > 0 || gone.length > 0) {
          const change = await nextStatusChange(trx, {
            report: changed,
            removed: gone.length > 0,
          });
          await stampStatusChange(trx, written, change);
        }
      }),
    );
  }

  async upsertRepository(repository: DiscoveredRepository): Promise<void> {
    await this.writes.write(['report', 'repositories'], () =>
      this.db.transaction(async trx => {
        await trx<RepositoryRow>(REPOSITORIES)
          .insert(newRepositoryRow(repository))
          .onConflict('entity_ref')
          .ignore();
        await this.updateRepositoryDetails(trx, repository);
        const change = await nextStatusChange(trx, { report: true });
        await stampStatusChange(trx, [repository.entityRef], change);
      }),
    );
  }

  /**
   * Sets URL, owner and system of a repository, and owner and system of its rows: the
   * repository first, as every writer locks it before its rows.
   */
  private async updateRepositoryDetails(
    trx: Knex.Transaction,
    repository: DiscoveredRepository,
  ): Promise<void> {
    const owner = repository.owner ?? null;
    const system = repository.system ?? null;
    await trx<RepositoryRow>(REPOSITORIES)
      .where('entity_ref', repository.entityRef)
      .update({ url: repository.url, owner, system });
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
        | 'entity_ref'
        | 'url'
        | 'owner'
        | 'system'
        | 'commit'
        | 'platform_fingerprint'
      >
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

  async hasLiveClaims(holderPrefix: string): Promise<boolean> {
    const row = await this.heldBy(holderPrefix)
      .andWhere('lease_until', '>=', new Date())
      .first('entity_ref');
    return row !== undefined;
  }

  async releaseClaimsStartingWith(holderPrefix: string): Promise<number> {
    return this.heldBy(holderPrefix).update({
      lease_holder: null,
      lease_until: null,
    });
  }

  /** The repositories whose holder's name starts with the prefix. */
  private heldBy(holderPrefix: string) {
    // A prefix compared as a string, not a LIKE pattern: a run id may hold `_`.
    return this.db<RepositoryRow>(REPOSITORIES).whereRaw(
      'substr(??, 1, ?) = ?',
      ['lease_holder', holderPrefix.length, holderPrefix],
    );
  }

  async releaseClaims(holders: string[]): Promise<number> {
    let released = 0;
    for (const chunk of chunks([...new Set(holders)])) {
      released += await this.db<RepositoryRow>(REPOSITORIES)
        .whereIn('lease_holder', chunk)
        .update({ lease_holder: null, lease_until: null });
    }
    return released;
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
    await this.writes.write(['repositories'], () =>
      this.db.transaction(async trx => {
        const written: string[] = [];
        for (const chunk of chunks(entityRefs)) {
          // The head was read: a failure recorded since the last scan no longer applies.
          const rows = await trx<RepositoryRow>(REPOSITORIES)
            .whereIn('entity_ref', chunk)
            .update(
              {
                checked_at: checkedAt,
                status: trx.raw(
                  "case when ?? = 'pending' then 'pending' else 'ok' end",
                  ['status'],
                ) as unknown as RepositoryRow['status'],
                error: null,
                lease_holder: null,
                lease_until: null,
              },
              ['entity_ref'],
            );
          written.push(...rows.map(row => row.entity_ref));
        }
        await this.countStatusChange(trx, written);
      }),
    );
  }

  /**
   * Writes of results that arrive together (a scanner hands in a batch of repositories at once)
   * share one transaction; see GroupedWrites.
   */
  private readonly resultWrites = new GroupedWrites<ResultWrite>(group =>
    this.writes.write(['report', 'repositories'], () =>
      this.db.transaction(trx => this.writeResults(trx, group)),
    ),
  );

  async replaceRepositoryResults(
    entityRef: string,
    result: RepositoryScanResult,
  ): Promise<void> {
    await this.resultWrites.add({ entityRef, result });
  }

  /**
   * Replaces the rows, problems and lag records of several repositories with a handful of
   * statements for all of them, and refuses those it does not know.
   */
  private async writeResults(
    trx: Knex.Transaction,
    group: ResultWrite[],
  ): Promise<GroupOutcome<ResultWrite>> {
    // Of two results for one repository, the later is the one written.
    const latest = new Map(group.map(write => [write.entityRef, write]));
    // Locked in one order, as every writer locks repositories (see nextReportGeneration).
    const refs = [...latest.keys()].sort();
    const known = new Map<string, Pick<RepositoryRow, 'owner' | 'system'>>();
    for (const chunk of chunks(refs)) {
      const select = trx<RepositoryRow>(REPOSITORIES)
        .whereIn('entity_ref', chunk)
        .orderBy('entity_ref')
        .select('entity_ref', 'owner', 'system');
      if (this.db.client.dialect === 'postgresql') {
        select.forUpdate();
      }
      for (const row of await select) {
        known.set(row.entity_ref, row);
      }
    }
    const refused = group
      .filter(write => !known.has(write.entityRef))
      .map(item => ({
        item,
        error: new NotFoundError(
          `No repository is known for ${item.entityRef}`,
        ),
      }));
    const writes = refs
      .filter(ref => known.has(ref))
      .map(ref => latest.get(ref)!);
    if (writes.length === 0) {
      return { refused };
    }
    const written = writes.map(write => write.entityRef);

    for (const chunk of chunks(written)) {
      await trx(DRIFT_ROWS).whereIn('entity_ref', chunk).delete();
      await trx(PROBLEMS).whereIn('entity_ref', chunk).delete();
    }
    const rows = writes.flatMap(({ entityRef, result }) => {
      const { owner, system } = known.get(entityRef)!;
      const repository = {
        entity_ref: entityRef,
        owner: owner ?? null,
        system: system ?? null,
      };
      return result.rows.map(row => toNewDriftRow(repository, row));
    });
    for (const chunk of chunks(rows)) {
      await trx(DRIFT_ROWS).insert(chunk);
    }
    const problems: Omit<ProblemRow, 'id'>[] = writes.flatMap(
      ({ entityRef, result }) =>
        result.problems.map(p => ({
          entity_ref: entityRef,
          file: p.file,
          line: p.line ?? null,
          column: p.column ?? null,
          message: p.message,
        })),
    );
    for (const chunk of chunks(problems)) {
      await trx(PROBLEMS).insert(chunk);
    }
    await this.recordPromotionLags(trx, writes);
    // The repositories' rows were locked first: after the change number, only they are written.
    const change = await nextStatusChange(trx, { report: true });
    await this.markScanned(trx, writes, change);
    return { refused };
  }

  /**
   * Sets what each repository's scan found on its row with the transaction's status change, and
   * releases its lease.
   */
  private async markScanned(
    trx: Knex.Transaction,
    writes: ResultWrite[],
    change: number,
  ): Promise<void> {
    if (this.db.client.dialect !== 'postgresql') {
      // An embedded database: a statement costs no round trip.
      for (const { entityRef, result } of writes) {
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
            change_seq: change,
          });
      }
      return;
    }
    // One statement for them all: each repository's values from parallel arrays.
    for (const chunk of chunks(writes)) {
      await trx.raw(
        `update ?? as r set "commit" = v."commit", branch = v.branch,
           platform_fingerprint = v.fingerprint, scanned_at = v.scanned_at,
           checked_at = v.scanned_at, files_scanned = v.files_scanned,
           status = 'ok', error = null, lease_holder = null, lease_until = null,
           change_seq = ?
         from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::integer[])
           as v(entity_ref, "commit", branch, fingerprint, scanned_at, files_scanned)
         where r.entity_ref = v.entity_ref`,
        [
          REPOSITORIES,
          change,
          chunk.map(w => w.entityRef),
          chunk.map(w => w.result.commit),
          // Nulls in an array binding are SQL nulls; knex's types allow no null there.
          chunk.map(w => w.result.branch ?? null) as string[],
          chunk.map(w => w.result.platformFingerprint),
          chunk.map(w => w.result.scannedAt),
          chunk.map(w => w.result.filesScanned),
        ],
      );
    }
  }

  /** Replaces the services' lag records, keeping the start of each lag that lasts. */
  private async recordPromotionLags(
    trx: Knex.Transaction,
    writes: ResultWrite[],
  ): Promise<void> {
    const refs = writes.map(write => write.entityRef);
    const previous = new Map<string, PromotionLagRow[]>();
    for (const chunk of chunks(refs)) {
      const rows = await trx<PromotionLagRow>(PROMOTION_LAGS)
        .whereIn('entity_ref', chunk)
        .select('entity_ref', 'platform', 'module', 'environment', 'since');
      for (const row of rows) {
        previous.set(row.entity_ref, [
          ...(previous.get(row.entity_ref) ?? []),
          row,
        ]);
      }
      await trx(PROMOTION_LAGS).whereIn('entity_ref', chunk).delete();
    }
    const rows: PromotionLagRow[] = writes.flatMap(({ entityRef, result }) =>
      nextPromotionLagRecords(
        result.rows.map(row => ({ ...row, entityRef })),
        (previous.get(entityRef) ?? []).map(row => ({
          platform: row.platform,
          module: row.module,
          environment: row.environment,
          since: toIso(row.since),
        })),
        result.scannedAt,
        this.environments,
      ).map(record => ({
        entity_ref: entityRef,
        ...record,
        since: new Date(record.since),
      })),
    );
    for (const chunk of chunks(rows)) {
      await trx(PROMOTION_LAGS).insert(chunk);
    }
  }

  async recordRepositoryFailure(
    entityRef: string,
    failure: { error: string; checkedAt: Date },
  ): Promise<void> {
    await this.writes.write(['repositories'], () =>
      this.db.transaction(async trx => {
        const written = await trx<RepositoryRow>(REPOSITORIES)
          .where('entity_ref', entityRef)
          .update(
            {
              status: 'failed',
              error: failure.error,
              checked_at: failure.checkedAt,
              lease_holder: null,
              lease_until: null,
            },
            ['entity_ref'],
          );
        await this.countStatusChange(
          trx,
          written.map(row => row.entity_ref),
        );
      }),
    );
  }

  /**
   * Counts a change of the statuses of these repositories, which the transaction has written
   * (and so locked): only those, as a row locked after the count could wait for a transaction
   * that waits for the count.
   */
  private async countStatusChange(
    trx: Knex.Transaction,
    written: string[],
  ): Promise<void> {
    if (written.length > 0) {
      await stampStatusChange(trx, written, await nextStatusChange(trx));
    }
  }

  async getRepositoryStatus(
    entityRef: string,
  ): Promise<RepositoryStatus | undefined> {
    const row = await this.db<RepositoryRow>(REPOSITORIES)
      .where('entity_ref', entityRef)
      .first();
    return row ? toRepositoryStatus(row) : undefined;
  }

  async listRepositoryStatuses(
    filter: RepositoryStatusFilter = {},
  ): Promise<RepositoryStatus[]> {
    const query = this.db<RepositoryRow>(REPOSITORIES).orderBy('entity_ref');
    if (filter.status) {
      query.whereIn('status', filter.status);
    }
    const rows = await query;
    return rows.map(toRepositoryStatus);
  }

  // What the report reads

  async getReportGeneration(): Promise<string> {
    const row = await this.db(REPORT_STATE).where('id', 1).first('generation');
    return String(row?.generation ?? 0);
  }

  async loadReportData(
    into: ((rows: DriftRow[]) => void) | StoredDriftRowSink,
  ): Promise<DriftReportSource> {
    // The generation first: rows written meanwhile only make the next check load again.
    const generation = await this.getReportGeneration();
    const modules = await this.listModules();
    let addPage: (page: DriftRowRow[]) => void;
    if (typeof into === 'function') {
      const toRows = driftRowsReader();
      addPage = page => into(toRows(page));
    } else {
      const [{ count }] = await this.db(DRIFT_ROWS).count({ count: '*' });
      into.expect(Number(count));
      addPage = page => into.addStored(page);
    }
    // In pages by id: each a short read, so that a scan writing meanwhile is not held up, and
    // only one page of rows is alive at a time.
    for (let after = -1; ; ) {
      const page = (await this.db(DRIFT_ROWS)
        .select(DRIFT_COLUMNS)
        .where('id', '>', after)
        .orderBy('id')
        .limit(REPORT_PAGE_SIZE)) as DriftRowRow[];
      addPage(page);
      if (page.length < REPORT_PAGE_SIZE) {
        break;
      }
      after = Number(page[page.length - 1].id);
    }
    const lagSince = await this.readLagSince();
    return { generation, modules, lagSince };
  }

  /**
   * Since when each promotion lag has lasted, read in pages by key as the rows are: read at
   * once, 156,000 lags of 1,000,000 rows held 90 MB of row objects at the end of the report's
   * read, its peak. Each date is kept once (the lags of a scan share its start).
   */
  private async readLagSince(): Promise<Map<string, string>> {
    const lagSince = new Map<string, string>();
    const dates = new Map<number, string>();
    for (let after: PromotionLagRow | undefined; ; ) {
      const query = this.db<PromotionLagRow>(PROMOTION_LAGS)
        .select([...PROMOTION_LAG_KEY, 'since'])
        .orderBy([...PROMOTION_LAG_KEY])
        .limit(REPORT_PAGE_SIZE);
      if (after) {
        const last = after;
        // After the last key read, compared as a row value, in the order the key is read.
        query.whereRaw('(??, ??, ??, ??) > (?, ?, ?, ?)', [
          ...PROMOTION_LAG_KEY,
          ...PROMOTION_LAG_KEY.map(column => last[column]),
        ]);
      }
      const page: PromotionLagRow[] = await query;
      for (const row of page) {
        const time = new Date(row.since).getTime();
        let since = dates.get(time);
        if (since === undefined) {
          since = toIso(row.since);
          dates.set(time, since);
        }
        lagSince.set(servicePromotionLagKey(row.entity_ref, row), since);
      }
      if (page.length < REPORT_PAGE_SIZE) {
        return lagSince;
      }
      after = page[page.length - 1];
    }
  }

  async readStatusChanges(since?: string): Promise<RepositoryStatusChanges> {
    const state = await this.db(REPORT_STATE)
      .where('id', 1)
      .first('status_seq', 'status_removal_seq');
    const change = Number(state?.status_seq ?? 0);
    const removal = Number(state?.status_removal_seq ?? 0);
    const after = since === undefined ? NaN : Number(since);
    // A marker from a later change than the database's (one restored from a backup) or not one
    // of ours reads everything, as does a removal since: no row says what is gone.
    const all = !(after >= removal && after <= change);
    if (!all && after === change) {
      return {
        marker: String(change),
        all,
        statuses: [],
        problems: new Map(),
      };
    }
    const changed = (query: Knex.QueryBuilder) =>
      all ? query : query.where('change_seq', '>', after);
    const rows: RepositoryRow[] = await changed(
      this.db<RepositoryRow>(REPOSITORIES).orderBy('entity_ref'),
    );
    // Of the same repositories: a write committed between the two reads moved their number
    // too, so the next read takes them again.
    const problems = await this.readProblems(query =>
      all
        ? query
        : query.whereIn(
            'entity_ref',
            changed(this.db(REPOSITORIES).select('entity_ref')),
          ),
    );
    return {
      marker: String(change),
      all,
      statuses: rows.map(toRepositoryStatus),
      problems,
    };
  }

  /** The problems of the repositories `where` selects, by entity, then by file. */
  private async readProblems(
    where: (query: Knex.QueryBuilder) => Knex.QueryBuilder,
  ): Promise<Map<string, ScanProblem[]>> {
    const rows: ProblemRow[] = await where(
      this.db<ProblemRow>(PROBLEMS)
        .orderBy('entity_ref')
        .orderBy('file')
        .orderBy('id'),
    );
    const problems = new Map<string, ScanProblem[]>();
    for (const row of rows) {
      const list = problems.get(row.entity_ref) ?? [];
      list.push(toProblem(row));
      problems.set(row.entity_ref, list);
    }
    return problems;
  }
}
