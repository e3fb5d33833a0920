import { makeStyles } from '@material-ui/core';
import { ReactNode } from 'react';

const useStyles = makeStyles({
  svg: {
    width: 'auto',
  },
  mark: {
    fill: '#7df3e1',
  },
});

/**
 * The portal's mark: three stacked layers, the versioned building blocks that project teams
 * build on. Drawn in a 36×36 box.
 */
export const LayersMark = (props: { className?: string }) => (
  <g className={props.className}>
    <path d="M18 3 L34 11 L18 19 L2 11 Z" />
    <path
      d="M5.5 16.2 L18 22.5 L30.5 16.2 L34 18 L18 26 L2 18 Z"
      opacity="0.8"
    />
    <path
      d="M5.5 23.2 L18 29.5 L30.5 23.2 L34 25 L18 33 L2 25 Z"
      opacity="0.6"
    />
  </g>
);

/**
 * The mark as an image named after the portal, `width` wide in the mark's units; `children` draw
 * beside it.
 */
export const MarkedLogo = (props: {
  width: number;
  height: number;
  children?: ReactNode;
}) => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      style={{ height: props.height }}
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${props.width} 36`}
      role="img"
      aria-label="Platform Portal"
    >
      <LayersMark className={classes.mark} />
      {props.children}
    </svg>
  );
};
