import { memo } from 'react';
import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutline';
import { Link as RouterLink } from 'react-router-dom';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  EntityRefPresentationSnapshot,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import {
  DriftPage,
  DriftRow,
  DriftSortField,
} from '@platform-portal/plugin-platform-common';
import { moduleRouteRef } from '../../routes';
import { CallStatusChip } from '../CallFindings';
import { BreakableText } from '../layout/BreakableText';
import { EntityTitles } from '../layout/useEntityTitles';
import { EntityTitleLink, samePresentation } from '../tables';
import { denseReadableCells, tightLines } from '../layout/tableCells';
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

const SHA = /^[0-9a-f]{12,40}$/i;

function Pinned({ row }: { row: DriftRow }) {
  if (row.version) {
    return (
      <span title={row.ref ? `as written: ${row.ref}` : undefined}>
        {row.version}
      </span>
    );
  }
  // A commit is told apart by its first characters, as git shows it; the whole one on hover.
  const ref = row.ref && SHA.test(row.ref) ? row.ref.slice(0, 7) : row.ref;
  return (
    <Typography
      variant="body2"
      color="text.secondary"
      component="span"
      title={ref !== row.ref ? row.ref : undefined}
    >
      {ref ?? 'no ref'}
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
          sx={tightLines}
        >
          {lag}
        </Typography>
      )}
    </>
  );
}

function Where({ row }: { row: DriftRow }) {
  const text = <BreakableText>{`${row.file}:${row.line}`}</BreakableText>;
  return row.scmUrl ? (
    <Link href={row.scmUrl} target="_blank" rel="noopener noreferrer">
      {text}
    </Link>
  ) : (
    text
  );
}

/** The service, marked when its repository could not be read at its last scan. */
function Service(props: {
  to: string;
  service: EntityRefPresentationSnapshot;
  failure?: string;
}) {
  const { to, service, failure } = props;
  return (
    <>
      <EntityTitleLink to={to} presentation={service} />
      {failure && (
        // The tooltip's words are the mark's accessible name, for keyboard and screen readers.
        <Tooltip title={`Last scan failed: ${failure}`}>
          <Box
            component="span"
            role="img"
            tabIndex={0}
            sx={{
              display: 'inline-flex',
              ml: 0.5,
              verticalAlign: 'text-bottom',
              color: 'error.main',
            }}
          >
            <ErrorOutlineIcon fontSize="small" />
          </Box>
        </Tooltip>
      )}
    </>
  );
}

/** What a row of the table shows, by the names of its service and owner. */
interface DriftTableRowProps {
  row: DriftRow;
  owner?: EntityRefPresentationSnapshot;
  service: EntityRefPresentationSnapshot;
  failure?: string;
  onUpgradeCreated?: () => void;
  /** The pages the row links to, worked out once for the table (see EntityTitleLink). */
  serviceLink: string;
  ownerLink?: string;
  moduleLink?: string;
}

/**
 * One row, drawn again only when what it shows changes: not when the report renders again for a
 * click on a filter, nor when the catalog answers with the names the row already shows. A row is
 * dozens of styled components, and the table's 25 to 100 of them took most of the page's time to
 * answer its first click. It uses no hook that follows the browser's location (its links come
 * worked out), which would draw it again at each change of the URL, that is at each click.
 */
const DriftTableRow = memo(
  function DriftTableRowCells(props: DriftTableRowProps) {
    const {
      row,
      owner,
      service,
      failure,
      onUpgradeCreated,
      serviceLink,
      ownerLink,
      moduleLink,
    } = props;
    return (
      <TableRow hover data-testid="drift-row">
        <TableCell sx={{ whiteSpace: 'nowrap' }}>
          <Service to={serviceLink} service={service} failure={failure} />
        </TableCell>
        <TableCell>
          {owner && ownerLink ? (
            <EntityTitleLink to={ownerLink} presentation={owner} />
          ) : (
            '—'
          )}
        </TableCell>
        <TableCell>
          {moduleLink ? (
            <Link component={RouterLink} to={moduleLink}>
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
        <TableCell sx={{ minWidth: 140, ...tightLines }}>
          <Where row={row} />
        </TableCell>
        <TableCell>
          <DriftRowUpgrade row={row} onCreated={onUpgradeCreated} />
        </TableCell>
      </TableRow>
    );
  },
  (before, after) =>
    before.row === after.row &&
    before.failure === after.failure &&
    before.onUpgradeCreated === after.onUpgradeCreated &&
    before.serviceLink === after.serviceLink &&
    before.ownerLink === after.ownerLink &&
    before.moduleLink === after.moduleLink &&
    samePresentation(before.owner, after.owner) &&
    samePresentation(before.service, after.service),
);

/**
 * One page of drift rows, sorted and paged as the search says. Memoised: the report re-renders
 * as each of its requests answers, and the rows need not.
 */
export const DriftTable = memo(function DriftTableRows(props: {
  page: DriftPage;
  /** The owners' and the services' names, read at once for the page. */
  owners: EntityTitles;
  services: EntityTitles;
  search: DriftSearch;
  onChange: (change: Partial<DriftSearch>) => void;
  /** Why a service's repository could not be read at its last scan, by entity ref. */
  failures?: ReadonlyMap<string, string>;
  /** Called once an upgrade started from a row has opened its changes. */
  onUpgradeCreated?: () => void;
}) {
  const {
    page,
    owners,
    services,
    search,
    onChange,
    failures,
    onUpgradeCreated,
  } = props;
  const entityLink = useEntityRefLink();
  const moduleLink = useRouteRef(moduleRouteRef);

  return (
    <>
      <TableContainer>
        <Table
          size="small"
          aria-label="Drift by service and module"
          sx={denseReadableCells}
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
              <DriftTableRow
                key={row.id}
                row={row}
                serviceLink={entityLink(row.entityRef)}
                ownerLink={row.owner ? entityLink(row.owner) : undefined}
                moduleLink={
                  row.module && moduleLink
                    ? moduleLink({ name: row.module })
                    : undefined
                }
                owner={row.owner ? owners.presentationOf(row.owner) : undefined}
                service={services.presentationOf(row.entityRef)}
                failure={failures?.get(row.entityRef)}
                onUpgradeCreated={onUpgradeCreated}
              />
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
});
