import { ChannelSkewVerdict } from '@internal/plugin-platform-common';
import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import { skewColor, skewLabels } from './skewPresentation';

/**
 * A skew verdict as a coloured chip; the explanation shows on hover and focus, and is the chip's
 * accessible description.
 */
export function SkewVerdictChip(props: {
  verdict: ChannelSkewVerdict;
  explanation?: string;
}) {
  const { verdict, explanation } = props;
  const color = skewColor(verdict);
  const chip = (
    <Chip
      size="small"
      color={color}
      variant={color === 'default' ? 'outlined' : 'filled'}
      label={skewLabels[verdict]}
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
