import { ChannelSkewVerdict } from '@platform-portal/plugin-platform-common';
import { useTheme } from '@mui/material/styles';
import { ExplainedChip, skewVerdictLook } from '../verdicts';
import { notYetPublishedLabel, skewLabels } from './skewPresentation';

/**
 * A skew verdict as a chip in the verdict's colour; the explanation shows on hover and focus,
 * and is the chip's accessible description.
 */
export function SkewVerdictChip(props: {
  verdict: ChannelSkewVerdict;
  explanation?: string;
  /** Nothing released on any channel yet: reads "Not yet published", in a neutral colour. */
  notYetPublished?: boolean;
}) {
  const { verdict, explanation, notYetPublished } = props;
  const theme = useTheme();
  return (
    <ExplainedChip
      verdict={verdict}
      label={notYetPublished ? notYetPublishedLabel : skewLabels[verdict]}
      // Neither in sync nor skewed: the neutral look of a verdict not known.
      look={skewVerdictLook(notYetPublished ? 'unreachable' : verdict, theme)}
      explanation={explanation}
    />
  );
}
