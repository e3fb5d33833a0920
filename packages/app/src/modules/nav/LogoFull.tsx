import { makeStyles } from '@material-ui/core';
import { LayersMark } from './LayersMark';

const useStyles = makeStyles({
  svg: {
    width: 'auto',
    height: 30,
  },
  mark: {
    fill: '#7df3e1',
  },
  text: {
    // The sidebar is dark in both themes.
    fill: '#ffffff',
    fontFamily: 'inherit',
    fontSize: 19,
    fontWeight: 700,
  },
});

/** The portal's name with its mark, for the open sidebar. */
export const LogoFull = () => {
  const classes = useStyles();

  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 190 36"
      role="img"
      aria-label="Platform Portal"
    >
      <LayersMark className={classes.mark} />
      {/* Fitted to its box, so that no font makes the name overflow the sidebar. */}
      <text
        x="44"
        y="25"
        textLength="144"
        lengthAdjust="spacingAndGlyphs"
        className={classes.text}
      >
        Platform Portal
      </text>
    </svg>
  );
};
