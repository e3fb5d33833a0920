import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';
import { ChipColor, ReadableChip } from '../verdicts';

/** One count of a {@link CountFilter}: the value it filters by, its words and its colour. */
export interface FilterCount<V extends string> {
  value: V;
  label: string;
  color: ChipColor;
}

/**
 * The counts above a list, each a chip that adds its value to the list's filter or takes it out
 * again; a chip is filled while its value filters the list.
 */
export function CountFilter<V extends string>(props: {
  /** What the counts are, for assistive technology. */
  label: string;
  heading: ReactNode;
  counts: FilterCount<V>[];
  selected: readonly V[];
  onChange: (selected: V[]) => void;
  /** Chips shown before the counts. */
  children?: ReactNode;
}) {
  const { label, heading, counts, selected, onChange, children } = props;
  const toggle = (value: V) =>
    onChange(
      selected.includes(value)
        ? selected.filter(v => v !== value)
        : [...selected, value],
    );
  return (
    <Stack
      direction="row"
      spacing={1}
      useFlexGap
      flexWrap="wrap"
      alignItems="center"
      aria-label={label}
      sx={{ mb: 2 }}
    >
      <Typography variant="h6" component="p" sx={{ mr: 1 }}>
        {heading}
      </Typography>
      {children}
      {counts.map(count => (
        <ReadableChip
          key={count.value}
          label={count.label}
          color={count.color}
          variant={selected.includes(count.value) ? 'filled' : 'outlined'}
          onClick={() => toggle(count.value)}
          aria-pressed={selected.includes(count.value)}
        />
      ))}
    </Stack>
  );
}
