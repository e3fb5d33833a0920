import { useCallback, useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  DriftPage,
  DriftQuery,
  DriftRow,
} from '@platform-portal/plugin-platform-common';
import { PlatformApi } from '../../api';
import { EntityTitles } from '../layout/useEntityTitles';
import { DriftSearch, toQuery } from './useDriftSearch';

/** The most rows the API gives at once. */
const API_PAGE = 500;
/** The most rows sorted by owner name here; beyond, they keep the backend's order of owner refs. */
export const MAX_SORTED_BY_OWNER_NAME = 2000;

/** Every row the query matches; undefined when there are more than `max`. */
async function allRows(
  api: PlatformApi,
  query: DriftQuery,
  max: number,
): Promise<DriftRow[] | undefined> {
  const first = await api.getDrift({ ...query, offset: 0, limit: API_PAGE });
  if (first.totalCount > max) {
    return undefined;
  }
  const rest = await Promise.all(
    Array.from(
      { length: Math.ceil(first.totalCount / API_PAGE) - 1 },
      (_, index) =>
        api.getDrift({
          ...query,
          offset: (index + 1) * API_PAGE,
          limit: API_PAGE,
        }),
    ),
  );
  return [first.items, ...rest.map(page => page.items)].flat();
}

function sortByOwner(
  rows: DriftRow[],
  owners: EntityTitles,
  order: 'asc' | 'desc',
): DriftRow[] {
  const sign = order === 'desc' ? -1 : 1;
  return [...rows].sort((a, b) => {
    if (!a.owner || !b.owner) {
      // Rows without an owner come last either way.
      return (a.owner ? 0 : 1) - (b.owner ? 0 : 1);
    }
    return sign * owners.compare(a.owner, b.owner);
  });
}

/**
 * The drift rows the search asks for. The backend sorts owners by their refs, but people know
 * owners by their names: sorted by owner, the rows are read whole (up to
 * {@link MAX_SORTED_BY_OWNER_NAME}) and {@link useDriftPage} sorts and pages them by the owners'
 * names; else the backend's page is read.
 */
export function useDriftRows(api: PlatformApi, search: DriftSearch) {
  const query = toQuery(search);
  const byOwner = search.sort === 'owner';
  // Sorted by owner name, the rows depend on the filters only: paging happens in useDriftPage.
  const wholeKey = byOwner
    ? JSON.stringify({ ...query, offset: 0, limit: 0, order: 'asc' })
    : '';
  const whole = useAsyncRetry(
    async () =>
      wholeKey
        ? allRows(api, JSON.parse(wholeKey), MAX_SORTED_BY_OWNER_NAME)
        : undefined,
    [api, wholeKey],
  );
  const tooMany =
    byOwner && !whole.loading && !whole.error && whole.value === undefined;
  const pageKey = !byOwner || tooMany ? JSON.stringify(query) : '';
  const served = useAsyncRetry(
    async () => (pageKey ? api.getDrift(JSON.parse(pageKey)) : undefined),
    [api, pageKey],
  );

  const { retry: retryWhole } = whole;
  const { retry: retryServed } = served;
  const retry = useCallback(() => {
    retryWhole();
    retryServed();
  }, [retryWhole, retryServed]);

  return {
    /** Every row the filters match, when they are sorted by owner name here. */
    whole: byOwner ? whole.value : undefined,
    /** The backend's page, when it sorts. */
    served: served.value,
    loading: whole.loading || served.loading,
    error: whole.error ?? served.error,
    retry,
    /** Sorted by owner, but by their refs: too many rows to sort by name here. */
    ownerRefOrder: tooMany,
  };
}

/** The page the search asks for: the backend's, or the whole rows sorted by the owners' names. */
export function useDriftPage(
  rows: Pick<ReturnType<typeof useDriftRows>, 'whole' | 'served'>,
  search: DriftSearch,
  owners: EntityTitles,
): DriftPage | undefined {
  const { whole, served } = rows;
  const sorted = useMemo(
    () => (whole ? sortByOwner(whole, owners, search.order) : undefined),
    [whole, owners, search.order],
  );
  return useMemo((): DriftPage | undefined => {
    if (!sorted) {
      return served;
    }
    const offset = search.page * search.pageSize;
    return {
      items: sorted.slice(offset, offset + search.pageSize),
      totalCount: sorted.length,
      offset,
      limit: search.pageSize,
    };
  }, [sorted, served, search.page, search.pageSize]);
}
