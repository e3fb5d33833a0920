import Chip, { ChipProps } from '@mui/material/Chip';
import { forwardRef } from 'react';
import { readableChipSx } from './readableChip';

/** A MUI chip whose label stays readable on its colour in both themes. */
export const ReadableChip = forwardRef<HTMLDivElement, ChipProps>(
  function ContrastChip(props, ref) {
    const { color = 'default', variant = 'filled', sx, ...rest } = props;
    return (
      <Chip
        ref={ref}
        color={color}
        variant={variant}
        sx={[
          readableChipSx(color, variant),
          ...(Array.isArray(sx) ? sx : [sx]),
        ]}
        {...rest}
      />
    );
  },
);
