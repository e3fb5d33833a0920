export { HeaderRow } from './HeaderRow';
export { OwnerLink } from './OwnerLink';
export { SearchPagination } from './SearchPagination';
export type { PageSearch } from './SearchPagination';
export { EntityTitleLink, samePresentation } from './EntityTitleLink';
