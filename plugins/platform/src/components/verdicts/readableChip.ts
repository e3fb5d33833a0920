import { getContrastRatio, Theme } from '@mui/material/styles';

/** The colours of the palette a chip can take. */
export type ChipColor =
  | 'default'
  | 'primary'
  | 'secondary'
  | 'success'
  | 'info'
  | 'warning'
  | 'error';

/**
 * Text colours that keep a coloured chip's label readable (WCAG AA, 4.5:1) in both themes: the
 * app theme gives every colour white text, which is too faint on orange, light blue or, in the
 * dark theme, light red. A filled chip gets black or white, whichever contrasts more with its
 * colour; an outlined one keeps its coloured border and takes the page's text colour.
 */
export function readableChipSx(
  color: ChipColor,
  variant: 'filled' | 'outlined' = 'filled',
) {
  return (theme: Theme) => {
    if (color === 'default') {
      return {};
    }
    if (variant === 'outlined') {
      return { color: theme.palette.text.primary };
    }
    const background = theme.palette[color].main;
    const { black, white } = theme.palette.common;
    return {
      color:
        getContrastRatio(background, white) >=
        getContrastRatio(background, black)
          ? white
          : black,
    };
  };
}
