import ListItem from '@mui/material/ListItem';
import Stack from '@mui/material/Stack';
import { ReactNode } from 'react';

/**
 * Chips in a wrapping row, marked up as a named list so that assistive technology reads how many
 * there are; each child is one `<li>`.
 */
export function ChipList(props: { label: string; children: ReactNode }) {
  return (
    <Stack
      direction="row"
      spacing={1}
      flexWrap="wrap"
      useFlexGap
      component="ul"
      aria-label={props.label}
      sx={{ listStyle: 'none', m: 0, p: 0 }}
    >
      {props.children}
    </Stack>
  );
}

/** An item of a dense list whose words and chips wrap onto the next line together. */
export function WrappingListItem(props: { children: ReactNode }) {
  return (
    <ListItem disableGutters sx={{ gap: 1, flexWrap: 'wrap' }}>
      {props.children}
    </ListItem>
  );
}
