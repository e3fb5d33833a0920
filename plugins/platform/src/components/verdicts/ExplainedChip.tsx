import Tooltip from '@mui/material/Tooltip';
import { ReadableChip } from './ReadableChip';
import { VerdictColor } from './verdictPresentation';

/**
 * A verdict as a coloured chip, outlined when it has no colour; the explanation shows on hover
 * and focus, and is the chip's accessible description.
 */
export function ExplainedChip(props: {
  /** The verdict as data, in the chip's `data-verdict`. */
  verdict: string;
  label: string;
  color: VerdictColor;
  explanation?: string;
}) {
  const { verdict, label, color, explanation } = props;
  const chip = (
    <ReadableChip
      size="small"
      color={color}
      variant={color === 'default' ? 'outlined' : 'filled'}
      label={label}
      aria-description={explanation}
      tabIndex={explanation ? 0 : undefined}
      data-verdict={verdict}
    />
  );
  return explanation ? (
    <Tooltip title={explanation} describeChild>
      {chip}
    </Tooltip>
  ) : (
    chip
  );
}
