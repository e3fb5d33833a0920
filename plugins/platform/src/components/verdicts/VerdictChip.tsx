import { DriftVerdict } from '@platform-portal/plugin-platform-common';
import { useTheme } from '@mui/material/styles';
import { countOf } from '../layout/plural';
import { ExplainedChip } from './ExplainedChip';
import { driftVerdictLook } from './verdictPalette';
import { quietVerdicts, verdictLabels } from './verdictPresentation';

/**
 * A drift verdict as a chip in the verdict's colour, with how many releases the pin is behind;
 * the explanation shows on hover and focus, and is the chip's accessible description.
 */
export function VerdictChip(props: {
  verdict: DriftVerdict;
  explanation?: string;
  releasesBehind?: number;
}) {
  const { verdict, explanation, releasesBehind } = props;
  const theme = useTheme();
  const behind =
    releasesBehind && releasesBehind > 0
      ? ` · ${countOf(releasesBehind, 'release')}`
      : '';
  return (
    <ExplainedChip
      verdict={verdict}
      label={`${verdictLabels[verdict]}${behind}`}
      look={driftVerdictLook(verdict, theme)}
      quiet={quietVerdicts.includes(verdict)}
      explanation={explanation}
    />
  );
}
