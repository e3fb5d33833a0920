/** A timestamp shown relative to now ("5 minutes ago"), exact on hover, machine-readable. */
export function RelativeTime(props: { value: string }) {
  const date = new Date(props.value);
  const seconds = Math.round((date.getTime() - Date.now()) / 1000);
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ];
  const [unit, size] = units.find(([, s]) => Math.abs(seconds) >= s) ?? [
    'second',
    1,
  ];
  return (
    <time dateTime={date.toISOString()} title={date.toLocaleString()}>
      {format.format(Math.round(seconds / size), unit)}
    </time>
  );
}
