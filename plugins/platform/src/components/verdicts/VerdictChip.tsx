import Tooltip from '@mui/material/Tooltip';
import { DriftVerdict } from '@internal/plugin-platform-common';
import { verdictColor, verdictLabels } from './verdictPresentation';
import { ReadableChip } from './ReadableChip';

/**
 * A verdict as a coloured chip; the explanation shows on hover and focus, and is the chip's
 * accessible description.
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
  const chip = (
    <ReadableChip
      size="small"
      color={verdictColor(verdict)}
      variant={verdictColor(verdict) === 'default' ? 'outlined' : 'filled'}
      label={`${verdictLabels[verdict]}${behind}`}
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
