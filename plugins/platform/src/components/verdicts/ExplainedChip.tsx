import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import { VerdictLook } from './verdictPalette';
import { VerdictMark } from './VerdictMark';

/**
 * A verdict as a chip in its colour, marked with its shape, outlined for verdicts that ask
 * nothing of anyone; the explanation shows on hover and focus, and is the chip's accessible
 * description.
 */
export function ExplainedChip(props: {
  /** The verdict as data, in the chip's `data-verdict`. */
  verdict: string;
  label: string;
  look: VerdictLook;
  /** Outlined: a verdict that needs no action. */
  quiet?: boolean;
  explanation?: string;
}) {
  const { verdict, label, look, quiet, explanation } = props;
  const chip = (
    <Chip
      size="small"
      variant={quiet ? 'outlined' : 'filled'}
      label={label}
      icon={
        <VerdictMark
          shape={look.shape}
          color={quiet ? look.color : look.contrastText}
        />
      }
      aria-description={explanation}
      tabIndex={explanation ? 0 : undefined}
      data-verdict={verdict}
      sx={
        quiet
          ? { borderColor: look.color }
          : { bgcolor: look.color, color: look.contrastText }
      }
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
