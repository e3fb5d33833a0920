import { VerdictShape } from './verdictPalette';

const PATHS: Record<VerdictShape, string> = {
  circle: 'M12 4a8 8 0 1 1 0 16a8 8 0 1 1 0-16z',
  triangle: 'M12 3l9 16H3z',
  diamond: 'M12 2l10 10l-10 10L2 12z',
  square: 'M4 4h16v16H4z',
};

/**
 * The shape that marks a verdict, in its colour: with the verdict's words it tells verdicts apart
 * for those who do not see the colours. Decorative; the words carry the meaning.
 */
export function VerdictMark(props: {
  shape: VerdictShape;
  color: string;
  /** For MUI's chip, which styles the icon it is given. */
  className?: string;
}) {
  return (
    <svg
      viewBox="0 0 24 24"
      width="1em"
      height="1em"
      aria-hidden
      focusable="false"
      className={props.className}
      data-shape={props.shape}
    >
      <path d={PATHS[props.shape]} fill={props.color} />
    </svg>
  );
}
