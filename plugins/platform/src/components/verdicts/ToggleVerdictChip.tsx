import Chip from '@mui/material/Chip';
import { VerdictLook } from './verdictPalette';
import { VerdictMark } from './VerdictMark';

/**
 * A count by verdict that filters by the verdict when pressed: outlined in the verdict's colour
 * with its shape, filled with the colour while pressed.
 */
export function ToggleVerdictChip(props: {
  verdict: string;
  label: string;
  look: VerdictLook;
  pressed: boolean;
  onClick: () => void;
}) {
  const { verdict, label, look, pressed, onClick } = props;
  return (
    <Chip
      size="small"
      label={label}
      variant={pressed ? 'filled' : 'outlined'}
      icon={
        <VerdictMark
          shape={look.shape}
          color={pressed ? look.contrastText : look.color}
        />
      }
      onClick={onClick}
      aria-pressed={pressed}
      data-verdict={verdict}
      sx={
        pressed
          ? {
              bgcolor: look.color,
              color: look.contrastText,
              // MUI darkens a clickable chip on hover; keep the verdict's colour readable.
              '&:hover, &.MuiChip-clickable:hover': {
                bgcolor: look.color,
                boxShadow: 2,
              },
            }
          : { borderColor: look.color, borderWidth: 2 }
      }
    />
  );
}
