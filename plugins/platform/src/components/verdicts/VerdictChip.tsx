import { DriftVerdict } from '@internal/plugin-platform-common';
import { ExplainedChip } from './ExplainedChip';
import { verdictColor, verdictLabels } from './verdictPresentation';

/**
 * A drift verdict as a coloured chip, with how many releases the pin is behind; the explanation
 * shows on hover and focus, and is the chip's accessible description.
 */
export function VerdictChip(props: {
  verdict: DriftVerdict;
  explanation?: string;
  releasesBehind?: number;
}) {
  const { verdict, explanation, releasesBehind } = props;
  const behind =
    releasesBehind && releasesBehind > 0
      ? ` · ${releasesBehind} release${releasesBehind === 1 ? '' : 's'}`
      : '';
  return (
    <ExplainedChip
      verdict={verdict}
      label={`${verdictLabels[verdict]}${behind}`}
      color={verdictColor(verdict)}
      explanation={explanation}
    />
  );
}
