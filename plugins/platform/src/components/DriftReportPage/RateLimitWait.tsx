import { ScanRun } from '@platform-portal/plugin-platform-common';
import { countOf } from '../layout/plural';

/**
 * The time of day a wait ends, in the reader's locale and time zone ("14:05", "2:05 PM"); with
 * the day when that is not today there (a reset an hour away may fall after midnight).
 */
export function clockTime(
  date: Date,
  now: Date,
  where: { locale?: string; timeZone?: string } = {},
): string {
  const { locale, timeZone } = where;
  const day = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'short' });
  const today = day.format(date) === day.format(now);
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    ...(today ? {} : { dateStyle: 'medium' }),
    timeStyle: 'short',
  }).format(date);
}

/**
 * What a running scan waits for, when some of its repositories wait for a host's rate limit:
 * the host, until when, how many wait and how many are still queued behind them. Nothing when
 * none waits.
 */
export function RateLimitWait(props: { scan: ScanRun }) {
  const { scan } = props;
  const waiting = scan.repositoriesWaiting ?? 0;
  if (scan.status !== 'running' || waiting <= 0 || !scan.waitingUntil) {
    return null;
  }
  const until = new Date(scan.waitingUntil);
  const queued = Math.max(
    0,
    (scan.repositoriesTotal ?? 0) -
      scan.repositoriesScanned -
      scan.repositoriesSkipped -
      scan.repositoriesFailed -
      waiting,
  );
  return (
    <>
      {' '}
      Waiting for the rate limit of {scan.waitingHost ??
        'the repository host'}{' '}
      until{' '}
      <time dateTime={until.toISOString()} title={until.toLocaleString()}>
        {clockTime(until, new Date())}
      </time>
      : {countOf(waiting, 'repository', 'repositories')}{' '}
      {waiting === 1 ? 'waits' : 'wait'}
      {queued > 0 && `, ${queued.toLocaleString('en-US')} queued`}.
    </>
  );
}
