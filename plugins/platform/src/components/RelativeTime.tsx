import { useEffect, useState } from 'react';

/** How often a shown time is worked out again, so that "5 minutes ago" stays true. */
const TICK_MS = 30_000;

const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
];

/** "5 minutes ago", "in 2 hours"; under a minute away, "just now". */
export function relativeTimeText(date: Date, now: number): string {
  const seconds = Math.round((date.getTime() - now) / 1000);
  const found = units.find(([, size]) => Math.abs(seconds) >= size);
  if (!found) {
    return 'just now';
  }
  const [unit, size] = found;
  return new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }).format(
    Math.round(seconds / size),
    unit,
  );
}

/** A timestamp shown relative to now ("5 minutes ago"), exact on hover, machine-readable. */
export function RelativeTime(props: { value: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  const date = new Date(props.value);
  return (
    <time dateTime={date.toISOString()} title={date.toLocaleString()}>
      {relativeTimeText(date, now)}
    </time>
  );
}
