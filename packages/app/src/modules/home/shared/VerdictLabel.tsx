import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { DriftVerdict } from '@platform-portal/plugin-platform-common';
import { verdictLabels } from '@platform-portal/plugin-platform';
import { severityColor } from './verdicts';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    whiteSpace: 'nowrap',
  },
  marker: {
    width: 10,
    height: 10,
    borderRadius: '50%',
    flex: 'none',
    backgroundColor: ({ severity }: { severity: number }) =>
      severityColor(theme, severity),
  },
}));

/** A verdict in words, with a marker coloured by how much it matters. */
export function VerdictLabel(props: {
  verdict: DriftVerdict;
  severity: number;
}) {
  const classes = useStyles({ severity: props.severity });
  return (
    <Typography
      variant="body2"
      component="span"
      className={classes.root}
      data-verdict={props.verdict}
    >
      <span className={classes.marker} aria-hidden />
      {verdictLabels[props.verdict]}
    </Typography>
  );
}
