import { ChannelSkewVerdict } from '@internal/plugin-platform-common';
import { useTheme } from '@mui/material/styles';
import { ExplainedChip, skewVerdictLook } from '../verdicts';
import { skewLabels } from './skewPresentation';

/**
 * A skew verdict as a chip in the verdict's colour; the explanation shows on hover and focus,
 * and is the chip's accessible description.
 */
export function SkewVerdictChip(props: {
  verdict: ChannelSkewVerdict;
  explanation?: string;
}) {
  const { verdict, explanation } = props;
  const theme = useTheme();
  return (
    <ExplainedChip
      verdict={verdict}
      label={skewLabels[verdict]}
      look={skewVerdictLook(verdict, theme)}
      explanation={explanation}
    />
  );
}
