import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router-dom';
import { useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  DriftPage,
  DriftRow,
  DriftSortField,
} from '@internal/plugin-platform-common';
import { moduleRouteRef } from '../../routes';
import { CallStatusChip } from '../CallFindings';
import { VerdictChip } from '../verdicts';
import { DriftRowUpgrade, promotionLagText } from './DriftRowUpgrade';
import { DriftSearch, PAGE_SIZES } from './useDriftSearch';

const COLUMNS: Array<{ label: string; sort?: DriftSortField }> = [
  { label: 'Service', sort: 'entity' },
  { label: 'Owner', sort: 'owner' },
  { label: 'Module', sort: 'module' },
  { label: 'Environment', sort: 'environment' },
  { label: 'Pinned', sort: 'version' },
  { label: 'Latest' },
  { label: 'Verdict', sort: 'verdict' },
  { label: 'Call' },
  { label: 'Where', sort: 'file' },
  { label: 'Upgrade' },
];

function Pinned({ row }: { row: DriftRow }) {
  if (row.version) {
    return (
      <span title={row.ref ? `as written: ${row.ref}` : undefined}>
        {row.version}
      </span>
    );
  }
  return (
    <Typography variant="body2" color="text.secondary" component="span">
      {row.ref ?? 'no ref'}
    </Typography>
  );
}

function Environment({ row }: { row: DriftRow }) {
  const lag = promotionLagText(row);
  return (
    <>
      {row.environment ?? '—'}
      {lag && (
        <Typography
          variant="body2"
          color="text.secondary"
          component="span"
          display="block"
          sx={{ whiteSpace: 'nowrap' }}
        >
          {lag}
        </Typography>
      )}
    </>
  );
}

function Where({ row }: { row: DriftRow }) {
  const text = `${row.file}:${row.line}`;
  return row.scmUrl ? (
    <Link href={row.scmUrl} target="_blank" rel="noopener noreferrer">
      {text}
    </Link>
  ) : (
    <>{text}</>
  );
}

/** One page of drift rows, sorted and paged on the server. */
export function DriftTable(props: {
  page: DriftPage;
  search: DriftSearch;
  onChange: (change: Partial<DriftSearch>) => void;
  /** Called once an upgrade started from a row has opened its changes. */
  onUpgradeCreated?: () => void;
}) {
  const { page, search, onChange, onUpgradeCreated } = props;
  const moduleLink = useRouteRef(moduleRouteRef);

  return (
    <>
      <TableContainer>
        <Table
          size="small"
          aria-label="Drift by service and module"
          // Ten columns fit a laptop screen only with narrower gutters.
          sx={{ '& th, & td': { px: 1 } }}
        >
          <TableHead>
            <TableRow>
              {COLUMNS.map(column => (
                <TableCell
                  key={column.label}
                  sx={{ whiteSpace: 'nowrap' }}
                  sortDirection={
                    column.sort && search.sort === column.sort
                      ? search.order
                      : false
                  }
                >
                  {column.sort ? (
                    <TableSortLabel
                      active={search.sort === column.sort}
                      direction={
                        search.sort === column.sort ? search.order : 'asc'
                      }
                      onClick={() =>
                        onChange({
                          sort: column.sort,
                          order:
                            search.sort === column.sort &&
                            search.order === 'asc'
                              ? 'desc'
                              : 'asc',
                        })
                      }
                    >
                      {column.label}
                    </TableSortLabel>
                  ) : (
                    column.label
                  )}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {page.items.map(row => (
              <TableRow key={row.id} hover data-testid="drift-row">
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  <EntityRefLink
                    entityRef={row.entityRef}
                    defaultKind="component"
                  />
                </TableCell>
                <TableCell>
                  {row.owner ? (
                    <EntityRefLink entityRef={row.owner} defaultKind="group" />
                  ) : (
                    '—'
                  )}
                </TableCell>
                <TableCell>
                  {row.module && moduleLink ? (
                    <Link
                      component={RouterLink}
                      to={moduleLink({ name: row.module })}
                    >
                      {row.module}
                    </Link>
                  ) : (
                    <span title={row.source}>{row.module ?? row.name}</span>
                  )}
                </TableCell>
                <TableCell>
                  <Environment row={row} />
                </TableCell>
                <TableCell>
                  <Pinned row={row} />
                </TableCell>
                <TableCell>{row.latest ?? '—'}</TableCell>
                <TableCell>
                  <VerdictChip
                    verdict={row.verdict}
                    explanation={row.explanation}
                    releasesBehind={row.releasesBehind}
                  />
                </TableCell>
                <TableCell>
                  <CallStatusChip row={row} />
                </TableCell>
                <TableCell sx={{ wordBreak: 'break-all', minWidth: 140 }}>
                  <Where row={row} />
                </TableCell>
                <TableCell>
                  <DriftRowUpgrade row={row} onCreated={onUpgradeCreated} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <TablePagination
        component="div"
        count={page.totalCount}
        page={search.page}
        rowsPerPage={search.pageSize}
        rowsPerPageOptions={[...PAGE_SIZES]}
        onPageChange={(_, next) => onChange({ page: next })}
        onRowsPerPageChange={event =>
          onChange({ pageSize: Number(event.target.value), page: 0 })
        }
      />
    </>
  );
}
