import { makeStyles } from '@material-ui/core';
import { LayersMark } from './LayersMark';

const useStyles = makeStyles({
  svg: {
    width: 'auto',
    height: 28,
  },
  mark: {
    fill: '#7df3e1',
  },
});

/** The portal's mark alone, for the closed sidebar. */
export const LogoIcon = () => {
  const classes = useStyles();

  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 36 36"
      role="img"
      aria-label="Platform Portal"
    >
      <LayersMark className={classes.mark} />
    </svg>
  );
};
