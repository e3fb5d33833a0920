import { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { defaultCatalogSearch, hasCatalogFilters } from './catalogDefaults';

/**
 * Opens the catalog on its default filters when the address chooses none. Once a person picks
 * filters, the catalog writes them into the address, so going back keeps their choice.
 */
export function CatalogOpensOnServices(props: { children: ReactNode }) {
  const location = useLocation();
  if (hasCatalogFilters(location.search)) {
    return <>{props.children}</>;
  }
  return (
    <Navigate replace to={`${location.pathname}?${defaultCatalogSearch()}`} />
  );
}
