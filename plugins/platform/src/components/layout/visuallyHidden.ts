/**
 * Hides an element from sight but not from screen readers: taken out of the flow, clipped to
 * nothing and one pixel in size, as MUI's `visuallyHidden` does (in `@mui/utils`, which this
 * package does not depend on).
 */
export const visuallyHidden = {
  position: 'absolute',
  clip: 'rect(0 0 0 0)',
  overflow: 'hidden',
  whiteSpace: 'nowrap',
  width: '1px',
  height: '1px',
  margin: '-1px',
  padding: 0,
  border: 0,
} as const;
