import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';

/** A table's head: one row, a cell per column name. */
export function HeaderRow(props: { columns: readonly string[] }) {
  return (
    <TableHead>
      <TableRow>
        {props.columns.map(column => (
          <TableCell key={column}>{column}</TableCell>
        ))}
      </TableRow>
    </TableHead>
  );
}
