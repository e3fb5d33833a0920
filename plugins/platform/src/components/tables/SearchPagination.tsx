import TablePagination from '@mui/material/TablePagination';

/** Where a paged list is: its page (from 0) and how many rows a page holds. */
export interface PageSearch {
  page: number;
  pageSize: number;
}

/**
 * The pagination under a table whose page and page size are part of the page's search; a new
 * page size starts again at the first page.
 */
export function SearchPagination(props: {
  count: number;
  search: PageSearch;
  pageSizes: readonly number[];
  onChange: (change: Partial<PageSearch>) => void;
}) {
  const { count, search, pageSizes, onChange } = props;
  return (
    <TablePagination
      component="div"
      count={count}
      page={search.page}
      rowsPerPage={search.pageSize}
      rowsPerPageOptions={[...pageSizes]}
      onPageChange={(_, next) => onChange({ page: next })}
      onRowsPerPageChange={event =>
        onChange({ pageSize: Number(event.target.value), page: 0 })
      }
    />
  );
}
