import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { ReactNode } from 'react';
import { UpgradeChange } from '../../api';
import { RelativeTime } from '../RelativeTime';
import { ChangeLink } from './ChangeLink';
import { UpgradeStateChip } from './UpgradeStateChip';

/** A column a table of upgrade changes may show. */
export type ChangeColumn =
  | 'service'
  | 'module'
  | 'release'
  | 'environment'
  | 'state'
  | 'change'
  | 'updated';

const columns: Record<
  ChangeColumn,
  { title: string; cell: (change: UpgradeChange) => ReactNode; wrap?: true }
> = {
  service: {
    title: 'Service',
    cell: change => <EntityRefLink entityRef={change.entityRef} />,
  },
  module: { title: 'Module', cell: change => change.module },
  release: { title: 'Release', cell: change => change.version },
  environment: {
    title: 'Environment',
    cell: change => change.environment ?? 'All',
  },
  state: {
    title: 'State',
    cell: change => <UpgradeStateChip state={change.state} />,
  },
  // A branch name or compare URL has no spaces to wrap at.
  change: {
    title: 'Change',
    cell: change => <ChangeLink change={change} />,
    wrap: true,
  },
  updated: {
    title: 'Updated',
    cell: change => <RelativeTime value={change.updatedAt} />,
  },
};

/** Upgrade changes in a small table, one row each, with the columns asked for. */
export function ChangesTable(props: {
  changes: UpgradeChange[];
  label: string;
  columns: ChangeColumn[];
}) {
  const { changes, label } = props;
  const shown = props.columns.map(column => columns[column]);
  return (
    <TableContainer>
      <Table size="small" aria-label={label}>
        <TableHead>
          <TableRow>
            {shown.map(column => (
              <TableCell key={column.title}>{column.title}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {changes.map(change => (
            <TableRow key={change.id}>
              {shown.map(column => (
                <TableCell
                  key={column.title}
                  sx={column.wrap && { wordBreak: 'break-all' }}
                >
                  {column.cell(change)}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
