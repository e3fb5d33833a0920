import {
  ScanRun,
  ScanRunStatus,
  ScanTrigger,
} from '@platform-portal/plugin-platform-common';
import { Knex } from 'knex';
import { ScanRunCounts, ScanRunStore } from './ScanRunStore';
import { SCAN_RUNS, Timestamp, defined, toIso } from './tableRows';

const INTERRUPTED_ERROR =
  'the backend instance running the scan stopped before the scan ended';
/** The running scope of a run over every service; a one-entity run's scope is its entity ref. */
const EVERY_SERVICE = '*';

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
  heartbeat_at?: Timestamp | null;
  running_scope?: string | null;
  repositories_waiting?: number | string;
  waiting_until?: Timestamp | null;
  waiting_host?: string | null;
};

/** What an ended run holds of rate-limit waits: none, whatever its instances left counted. */
const NO_WAIT = {
  repositories_waiting: 0,
  waiting_until: null,
  waiting_host: null,
};

/** The wait of a running run, when any of its repositories waits for a rate limit. */
function rateLimitWait(
  row: ScanRunRow,
): Pick<ScanRun, 'repositoriesWaiting' | 'waitingUntil' | 'waitingHost'> {
  const waiting = Number(row.repositories_waiting ?? 0);
  if (row.status !== 'running' || waiting <= 0 || !row.waiting_until) {
    return {};
  }
  return {
    repositoriesWaiting: waiting,
    waitingUntil: toIso(row.waiting_until),
    ...(row.waiting_host ? { waitingHost: row.waiting_host } : {}),
  };
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
    ...rateLimitWait(row),
    ...(row.error ? { error: row.error } : {}),
  };
}

/**
 * The scan runs in the plugin's database (SQLite or PostgreSQL).
 *
 * @internal
 */
export class DatabaseScanRunStore implements ScanRunStore {
  /** On a client whose tables are migrated (see openPlatformDatabase). */
  constructor(private readonly db: Knex) {}

  async ping(): Promise<void> {
    await this.db.raw('select 1');
  }

  async createScanRun(run: {
    id: string;
    trigger: ScanTrigger;
    entityRef?: string;
  }): Promise<ScanRun> {
    const scope = run.entityRef ?? EVERY_SERVICE;
    // The running run found may end before it is read; then the insert is tried again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = new Date();
      const row: ScanRunRow = {
        id: run.id,
        started_at: now,
        finished_at: null,
        status: 'running',
        trigger: run.trigger,
        entity_ref: run.entityRef ?? null,
        repositories_total: 0,
        repositories_scanned: 0,
        repositories_skipped: 0,
        repositories_failed: 0,
        error: null,
        heartbeat_at: now,
        running_scope: scope,
      };
      // The unique scope decides between instances inserting at the same moment.
      await this.db<ScanRunRow>(SCAN_RUNS)
        .insert(row)
        .onConflict('running_scope')
        .ignore();
      const [created] = await this.db<ScanRunRow>(SCAN_RUNS)
        .where({ id: run.id })
        .orWhere({ running_scope: scope })
        .orderBy('started_at', 'desc');
      if (created) {
        return toScanRun(created);
      }
    }
    throw new Error(`Could not start a scan run for ${scope}`);
  }

  async updateScanRun(id: string, counts: ScanRunCounts): Promise<void> {
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

  async addScanRunCounts(
    id: string,
    counts: Omit<ScanRunCounts, 'repositoriesTotal'>,
  ): Promise<void> {
    const columns = defined<Record<string, number>>({
      repositories_scanned: counts.repositoriesScanned,
      repositories_skipped: counts.repositoriesSkipped,
      repositories_failed: counts.repositoriesFailed,
    });
    const update = Object.fromEntries(
      Object.entries(columns)
        .filter(([, added]) => added !== 0)
        // Added in SQL, not read and written back: instances sharing the run count at once.
        .map(([column, added]) => [
          column,
          this.db.raw('?? + ?', [column, added]),
        ]),
    );
    if (Object.keys(update).length === 0) {
      return;
    }
    await this.db<ScanRunRow>(SCAN_RUNS)
      .where({ id, status: 'running' })
      .update(update);
  }

  async countRestAsSkipped(id: string): Promise<void> {
    const counted = this.db.raw('?? + ?? + ??', [
      'repositories_scanned',
      'repositories_skipped',
      'repositories_failed',
    ]);
    await this.db<ScanRunRow>(SCAN_RUNS)
      .where({ id, status: 'running' })
      .andWhere('repositories_total', '>', counted)
      .update({
        repositories_skipped: this.db.raw('?? + (?? - (?))', [
          'repositories_skipped',
          'repositories_total',
          counted,
        ]),
      });
  }

  async startRateLimitWait(
    id: string,
    wait: { host: string; until: Date },
  ): Promise<void> {
    // Added in SQL, not read and written back: instances sharing the run count at once.
    await this.db<ScanRunRow>(SCAN_RUNS)
      .where({ id, status: 'running' })
      .update({
        repositories_waiting: this.db.raw('?? + 1', ['repositories_waiting']),
        waiting_until: this.db.raw(
          'case when ?? is null or ?? < ? then ? else ?? end',
          [
            'waiting_until',
            'waiting_until',
            wait.until,
            wait.until,
            'waiting_until',
          ],
        ),
        waiting_host: wait.host,
      });
  }

  async endRateLimitWait(id: string): Promise<void> {
    // The right-hand columns are the row's values before this update, in both databases; the
    // last repository's end clears the reset and the host (a case with no else gives null).
    const whileOthersWait = (column: string) =>
      this.db.raw('case when ?? > 1 then ?? end', [
        'repositories_waiting',
        column,
      ]);
    await this.db<ScanRunRow>(SCAN_RUNS)
      .where({ id })
      .andWhere('repositories_waiting', '>', 0)
      .update({
        repositories_waiting: this.db.raw(
          'case when ?? > 1 then ?? - 1 else 0 end',
          ['repositories_waiting', 'repositories_waiting'],
        ),
        waiting_until: whileOthersWait('waiting_until'),
        waiting_host: whileOthersWait('waiting_host'),
      });
  }

  async renewScanRun(id: string): Promise<boolean> {
    const renewed = await this.db<ScanRunRow>(SCAN_RUNS)
      .where({ id, status: 'running' })
      .update({ heartbeat_at: new Date() });
    return renewed > 0;
  }

  async finishScanRun(
    id: string,
    result: { status: 'succeeded' | 'failed'; error?: string },
  ): Promise<void> {
    await this.db<ScanRunRow>(SCAN_RUNS)
      .where({ id, status: 'running' })
      .update({
        status: result.status,
        error: result.error ?? null,
        finished_at: new Date(),
        running_scope: null,
        ...NO_WAIT,
      });
  }

  async getLatestScanRun(
    options: { organisationWide?: boolean } = {},
  ): Promise<ScanRun | undefined> {
    const query = this.db<ScanRunRow>(SCAN_RUNS);
    if (options.organisationWide) {
      query.whereNull('entity_ref');
    }
    const row = await query
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .first();
    return row ? toScanRun(row) : undefined;
  }

  async getScanRun(id: string): Promise<ScanRun | undefined> {
    const row = await this.db<ScanRunRow>(SCAN_RUNS).where({ id }).first();
    return row ? toScanRun(row) : undefined;
  }

  async interruptStaleScanRuns(
    renewedBefore: Date,
    except: string[] = [],
  ): Promise<string[]> {
    // One conditional UPDATE: of two instances finding the same stale run, one changes it.
    const interrupted = (await this.db<ScanRunRow>(SCAN_RUNS)
      .where('status', 'running')
      .whereNotIn('id', except)
      .andWhere(stale =>
        stale
          .where('heartbeat_at', '<', renewedBefore)
          .orWhere(never =>
            never
              .whereNull('heartbeat_at')
              .andWhere('started_at', '<', renewedBefore),
          ),
      )
      .update(
        {
          status: 'interrupted',
          error: INTERRUPTED_ERROR,
          finished_at: new Date(),
          running_scope: null,
          ...NO_WAIT,
        },
        ['id'],
      )) as unknown as Array<Pick<ScanRunRow, 'id'>>;
    return interrupted.map(row => row.id);
  }
}
