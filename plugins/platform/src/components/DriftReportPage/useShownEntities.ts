import { useCallback, useState } from 'react';
import { DriftPage } from '@platform-portal/plugin-platform-common';
import { EntityTitles, useEntityTitles } from '../layout/useEntityTitles';
import { useDriftPage, useDriftRows } from './useDriftRows';
import { DriftSearch } from './useDriftSearch';

/** The rows' owners. */
function ownersOf(rows: readonly { owner?: string }[]): string[] {
  return rows.flatMap(row => (row.owner ? [row.owner] : []));
}

/**
 * The page of rows to show, with the catalog's names of the owners and the services on screen:
 * the page's rows (all the rows when they are sorted by owner name here, which their order
 * needs), the owners the filter holds, and every owner the facets list once the owner filter's
 * menu is opened (`nameOwnerOptions`). An organisation has over a thousand teams, a dozen catalog
 * requests that the first view need not wait for. What is on screen is asked for in the same
 * render once the first rows are known, so that the app's entity presentation reads it from the
 * catalog in one request instead of one per link; names read once stay for the page.
 */
export function useShownEntities(
  facetOwners: readonly string[] | undefined,
  rows: ReturnType<typeof useDriftRows>,
  search: DriftSearch,
): {
  owners: EntityTitles;
  services: EntityTitles;
  page?: DriftPage;
  nameOwnerOptions: () => void;
} {
  const [optionsWanted, setOptionsWanted] = useState(false);
  const nameOwnerOptions = useCallback(() => setOptionsWanted(true), []);
  const fetched = rows.whole ?? rows.served?.items;
  const owners = useEntityTitles(
    [
      ...(fetched ? [...ownersOf(fetched), ...search.owner] : []),
      ...(optionsWanted ? facetOwners ?? [] : []),
    ],
    'group',
  );
  const page = useDriftPage(rows, search, owners);
  const services = useEntityTitles(
    fetched && page ? page.items.map(row => row.entityRef) : [],
    'component',
  );
  return { owners, services, page, nameOwnerOptions };
}
