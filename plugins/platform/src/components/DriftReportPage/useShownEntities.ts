import { DriftPage } from '@platform-portal/plugin-platform-common';
import { EntityTitles, useEntityTitles } from '../layout/useEntityTitles';
import { useDriftPage, useDriftRows } from './useDriftRows';
import { DriftSearch } from './useDriftSearch';

/**
 * The page of rows to show, with the catalog's names of the owners (all of them, for the owner
 * filter and for sorting) and of the page's services. Both are asked for in the same render once
 * the owners and the first rows are known, so that the app's entity presentation reads them from
 * the catalog in one request instead of one per link.
 */
export function useShownEntities(
  facetOwners: readonly string[] | undefined,
  rows: ReturnType<typeof useDriftRows>,
  search: DriftSearch,
): { owners: EntityTitles; services: EntityTitles; page?: DriftPage } {
  const fetched = rows.whole ?? rows.served?.items;
  const ready = facetOwners !== undefined && fetched !== undefined;
  const owners = useEntityTitles(
    ready
      ? [
          ...facetOwners,
          // An owner the facets miss (they failed, or changed since) is still named.
          ...(rows.served?.items ?? []).flatMap(row =>
            row.owner ? [row.owner] : [],
          ),
        ]
      : [],
    'group',
  );
  const page = useDriftPage(rows, search, owners);
  const services = useEntityTitles(
    ready && page ? page.items.map(row => row.entityRef) : [],
    'component',
  );
  return { owners, services, page };
}
