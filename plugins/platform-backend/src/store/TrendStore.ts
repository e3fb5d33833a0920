import { TrendPoint } from '@platform-portal/plugin-platform-common';

/**
 * The history of the drift report: verdict counts per module and day.
 *
 * @internal
 */
export interface TrendStore {
  /** Stores today's verdict counts per module (replacing earlier ones of the same day). */
  recordDailyCounts(day: string): Promise<void>;
  /** Verdict counts per day over the last `days` days, oldest first, optionally for one module. */
  getTrends(options: { days: number; module?: string }): Promise<TrendPoint[]>;
}

/** The day `days` days before `day` (both YYYY-MM-DD). */
export function dayBefore(day: string, days: number): string {
  const time = Date.parse(`${day}T00:00:00Z`) - days * 86_400_000;
  return new Date(time).toISOString().slice(0, 10);
}
