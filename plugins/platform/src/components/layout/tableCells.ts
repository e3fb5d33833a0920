/**
 * Cells of a dense table that a laptop screen shows ten rows of: narrow gutters, low padding, and
 * words kept whole (the app's theme lets table cells break inside words, which tore "Payments"
 * into "Payment/s"); long paths wrap where {@link BreakableText} allows.
 */
export const denseReadableCells = {
  '& th, & td': {
    px: 1,
    py: 0.5,
    wordBreak: 'normal',
    overflowWrap: 'normal',
  },
} as const;

/** Secondary text under or beside a cell's value (a path, a lag), in tight lines. */
export const tightLines = {
  fontSize: '0.8125rem',
  lineHeight: 1.3,
} as const;
