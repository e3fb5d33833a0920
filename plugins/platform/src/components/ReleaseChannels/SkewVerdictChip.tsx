import { ChannelSkewVerdict } from '@internal/plugin-platform-common';
import { ExplainedChip } from '../verdicts';
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
  return (
    <ExplainedChip
      verdict={verdict}
      label={skewLabels[verdict]}
      color={skewColor(verdict)}
      explanation={explanation}
    />
  );
}
