import { useMemo } from 'react';
import {
  DriftFilter,
  DriftSummary,
} from '@platform-portal/plugin-platform-common';
import { PlatformApi } from '../../api';

/** The filter without its empty parts, in a fixed order: equal filters give equal keys. */
function keyOf(filter: DriftFilter): string {
  return JSON.stringify(
    Object.entries(filter)
      .filter(([, value]) =>
        Array.isArray(value) ? value.length > 0 : value !== undefined,
      )
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

/**
 * Reads drift summaries, sharing a request with one for the same filter still under way: with no
 * filter set, the report's counts and the organisation's figures are the same summary, which the
 * backend then computes once instead of twice at once (at 50,000 services, most of the first
 * view's wait).
 */
export function useSummaryReader(
  api: PlatformApi,
): (filter: DriftFilter) => Promise<DriftSummary> {
  return useMemo(() => {
    const underWay = new Map<string, Promise<DriftSummary>>();
    return filter => {
      const key = keyOf(filter);
      let summary = underWay.get(key);
      if (!summary) {
        summary = api.getSummary(filter).finally(() => underWay.delete(key));
        underWay.set(key, summary);
      }
      return summary;
    };
  }, [api]);
}
