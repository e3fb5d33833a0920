import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';
import { formatCount } from '../layout/plural';
import { ToggleVerdictChip } from './ToggleVerdictChip';
import { VerdictLook } from './verdictPalette';

/**
 * One count of a {@link VerdictCountFilter}: the verdict it filters by, its words, how many have
 * it and its look.
 */
export interface VerdictCount<V extends string> {
  value: V;
  label: string;
  count: number;
  look: VerdictLook;
}

/**
 * The counts by verdict above a list, each a chip in its verdict's colour and shape that adds
 * the verdict to the list's filter or takes it out again; filled while it filters the list.
 */
export function VerdictCountFilter<V extends string>(props: {
  /** What the counts are, for assistive technology. */
  label: string;
  heading: ReactNode;
  counts: VerdictCount<V>[];
  selected: readonly V[];
  onChange: (selected: V[]) => void;
  /** Shown after the counts: other chips, actions. */
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
      role="group"
      aria-label={label}
    >
      <Typography
        variant="subtitle2"
        component="p"
        sx={{ mr: 1, whiteSpace: 'nowrap' }}
      >
        {heading}
      </Typography>
      {counts.map(count => (
        <ToggleVerdictChip
          key={count.value}
          verdict={count.value}
          label={`${count.label}: ${formatCount(count.count)}`}
          look={count.look}
          pressed={selected.includes(count.value)}
          onClick={() => toggle(count.value)}
        />
      ))}
      {children}
    </Stack>
  );
}
