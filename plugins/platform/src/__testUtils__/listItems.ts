import { within } from '@testing-library/react';

/** The text of each item of a list, as a screen reader reads them in turn. */
export function listItems(list: HTMLElement): Array<string | null> {
  return within(list)
    .getAllByRole('listitem')
    .map(item => item.textContent);
}
