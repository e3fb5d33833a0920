import {
  CatalogTable,
  CatalogTableColumnsFunc,
  DefaultCatalogPageProps,
} from '@backstage/plugin-catalog';

/**
 * Where the catalog opens: every component of type service, whoever owns it. Modules and the
 * portal's own packages are components too, but a platform engineer comes to the catalog for the
 * services.
 */
export const CATALOG_DEFAULT_FILTERS = {
  kind: 'component',
  type: 'service',
  user: 'all',
} as const;

/**
 * The query string of the catalog's default filters, in the form the catalog's entity list reads
 * and writes (`filters[kind]=component&...`).
 */
export function defaultCatalogSearch(): string {
  return new URLSearchParams(
    Object.entries(CATALOG_DEFAULT_FILTERS).map(([key, value]) => [
      `filters[${key}]`,
      value,
    ]),
  ).toString();
}

/** Whether a query string already chooses catalog filters, which the catalog then keeps. */
export function hasCatalogFilters(search: string): boolean {
  return [...new URLSearchParams(search).keys()].some(key =>
    key.startsWith('filters['),
  );
}

/**
 * The catalog's default columns, with names kept whole: the theme lets table cells break words
 * anywhere, which squeezed names into a letter or two per line next to long descriptions.
 */
export const catalogColumns: CatalogTableColumnsFunc = context =>
  CatalogTable.defaultColumnsFunc(context).map(column =>
    column.field === 'resolved.entityRef'
      ? {
          ...column,
          cellStyle: { wordBreak: 'normal', whiteSpace: 'nowrap' },
        }
      : column,
  );

/**
 * The catalog table's options: its column headers are sort buttons only. Reordering columns by
 * dragging puts a focusable drag handle inside each sort button, which screen readers do not
 * announce (axe-core's nested-interactive).
 */
export const catalogTableOptions: DefaultCatalogPageProps['tableOptions'] = {
  draggable: false,
};
