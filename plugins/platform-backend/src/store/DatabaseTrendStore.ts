import {
  DriftVerdict,
  TrendPoint,
} from '@platform-portal/plugin-platform-common';
import { Knex } from 'knex';
import { LocalWrites } from './LocalWrites';
import { DAILY_COUNTS, DRIFT_ROWS } from './tableRows';
import { TrendStore, dayBefore } from './TrendStore';

/**
 * The trends in the plugin's database (SQLite or PostgreSQL): each day's counts are taken from
 * the drift rows as they are at the end of that day's scan.
 *
 * @internal
 */
export class DatabaseTrendStore implements TrendStore {
  /** On a client whose tables are migrated (see openPlatformDatabase). */
  constructor(
    private readonly db: Knex,
    private readonly writes: LocalWrites = new LocalWrites(),
  ) {}

  async recordDailyCounts(day: string): Promise<void> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) {
      throw new TypeError(`Expected a day as YYYY-MM-DD, got '${day}'`);
    }
    await this.writes.write(['trends'], () =>
      this.db.transaction(async trx => {
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
      }),
    );
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
