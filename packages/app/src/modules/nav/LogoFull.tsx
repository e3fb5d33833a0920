import { makeStyles } from '@material-ui/core';
import { MarkedLogo } from './LayersMark';

const useStyles = makeStyles({
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
    <MarkedLogo width={190} height={30}>
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
    </MarkedLogo>
  );
};
