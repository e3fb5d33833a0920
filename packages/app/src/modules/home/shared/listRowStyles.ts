import { makeStyles } from '@material-ui/core/styles';

/**
 * A row of a home page widget's list: what it names on the left, taking what room is left, its
 * figure on the right; flush with the card's edges.
 */
export const useListRowStyles = makeStyles(theme => ({
  row: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) auto',
    columnGap: theme.spacing(2),
    alignItems: 'center',
    paddingLeft: 0,
    paddingRight: 0,
  },
}));
