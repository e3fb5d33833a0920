import { act, render, screen } from '@testing-library/react';
import { RelativeTime, relativeTimeText } from './RelativeTime';

describe('RelativeTime', () => {
  const now = Date.parse('2026-12-06T12:00:00Z');

  it.each([
    ['2026-12-06T11:59:40Z', 'just now'],
    ['2026-12-06T11:55:00Z', '5 minutes ago'],
    ['2026-12-06T11:59:00Z', '1 minute ago'],
    ['2026-12-06T09:00:00Z', '3 hours ago'],
    ['2026-12-05T12:00:00Z', 'yesterday'],
    ['2026-12-06T14:00:00Z', 'in 2 hours'],
  ])('shows %s as "%s"', (value, expected) => {
    expect(relativeTimeText(new Date(value), now)).toBe(expected);
  });

  it('keeps counting while the page stays open', () => {
    jest.useFakeTimers({ now });
    try {
      render(<RelativeTime value="2026-12-06T11:59:50Z" />);
      expect(screen.getByText('just now')).toHaveAttribute(
        'datetime',
        '2026-12-06T11:59:50.000Z',
      );
      act(() => {
        jest.advanceTimersByTime(2 * 60_000);
      });
      expect(screen.getByText('2 minutes ago')).toBeInTheDocument();
    } finally {
      jest.useRealTimers();
    }
  });
});
