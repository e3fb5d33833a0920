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
