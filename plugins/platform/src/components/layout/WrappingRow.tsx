import Stack, { StackProps } from '@mui/material/Stack';

/**
 * A row whose items wrap onto the next line on narrow screens, spaced by gap (not margins) so
 * wrapped items line up; centred unless the caller aligns it otherwise.
 */
export function WrappingRow(props: StackProps) {
  return (
    <Stack
      direction="row"
      spacing={1}
      alignItems="center"
      flexWrap="wrap"
      useFlexGap
      {...props}
    />
  );
}
