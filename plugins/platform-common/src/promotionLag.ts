import type { PromotionLag } from './types';
import {
  DEFAULT_ENVIRONMENT_ORDER,
  EnvironmentOrder,
  PromotionReference,
  findPromotionLags,
} from './drift';

/**
 * Since when one environment of a service has lagged an earlier one on a module: what the store
 * keeps of past scans to answer "for how long".
 *
 * @public
 */
export interface PromotionLagRecord {
  /** The platform (manifest name); `''` for a reference that names none. */
  platform: string;
  module: string;
  /** The lagging environment, as the service's paths name it. */
  environment: string;
  /** The first scan (ISO 8601) at which the lag was seen. */
  since: string;
}

/**
 * A lag in words, as the report's table and CSV export write it: `behind staging (2.1.1)`, and
 * ` since 2026-11-30` (the day, UTC, of the first scan that saw it) when that was recorded.
 *
 * @public
 */
export function promotionLagWords(lag: PromotionLag): string {
  const since = lag.since ? ` since ${lag.since.slice(0, 10)}` : '';
  return `behind ${lag.environment} (${lag.version})${since}`;
}

/**
 * The key of a lag record of one service: its platform, module and lagging environment.
 *
 * @public
 */
export function promotionLagKey(record: {
  platform?: string;
  module?: string;
  environment?: string;
}): string {
  return JSON.stringify([
    record.platform ?? '',
    record.module ?? '',
    record.environment ?? '',
  ]);
}

/**
 * The key of a lag record among those of every service.
 *
 * @public
 */
export function servicePromotionLagKey(
  entityRef: string,
  record: { platform?: string; module?: string; environment?: string },
): string {
  return JSON.stringify([entityRef, promotionLagKey(record)]);
}

/**
 * The lag records of one service after a scan at `scannedAt`: one per module and environment
 * that lags now, keeping the `since` of the previous record of the same module and environment,
 * so a lag that lasts keeps its start even while both environments move on (prod promoted from
 * 2.0.0 to 2.1.0 while staging went to 2.2.0 is still behind); a lag that ended is dropped, so
 * one that comes back starts again. References of other services are never compared.
 *
 * @public
 */
export function nextPromotionLagRecords(
  references: readonly PromotionReference[],
  previous: readonly PromotionLagRecord[],
  scannedAt: Date,
  order: EnvironmentOrder = DEFAULT_ENVIRONMENT_ORDER,
): PromotionLagRecord[] {
  const before = new Map(
    previous.map(record => [promotionLagKey(record), record.since]),
  );
  const records = new Map<string, PromotionLagRecord>();
  for (const index of findPromotionLags(references, order).keys()) {
    const { platform = '', module, environment } = references[index];
    const key = promotionLagKey({ platform, module, environment });
    if (!records.has(key)) {
      records.set(key, {
        platform,
        module: module!,
        environment: environment!,
        since: before.get(key) ?? scannedAt.toISOString(),
      });
    }
  }
  return [...records.values()];
}
