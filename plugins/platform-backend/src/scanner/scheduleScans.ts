import { Config } from '@backstage/config';
import {
  LifecycleService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { PlatformScanner } from './PlatformScanner';

/**
 * Backstage's scheduler holds a global task's lock until the task ends or its timeout passes,
 * and clears an expired lock once a minute: an instance that crashed mid-scan keeps every other
 * instance from the scan for up to timeout + 1 minute. So the timeout is short. A scan longer
 * than it is not stopped (the scanner does not heed the abort): the instance that takes the
 * task next joins the running run, since there is one run of every service at a time.
 */
export const DEFAULT_SCAN_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 3 },
  initialDelay: { seconds: 5 },
};
const STARTUP_RETRIES = 12;
const STARTUP_RETRY_MS = 10_000;

/** The scan's schedule from `platform.scan.schedule`, or the default. */
export function readScanSchedule(
  settings: Config | undefined,
): SchedulerServiceTaskScheduleDefinition {
  const config = settings?.getOptionalConfig('scan.schedule');
  return config
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(config)
    : DEFAULT_SCAN_SCHEDULE;
}

/** `platform.scan.heartbeatSeconds` in milliseconds, or undefined for the scanner's default. */
export function readHeartbeatMs(
  settings: Config | undefined,
): number | undefined {
  const seconds = settings?.getOptionalNumber('scan.heartbeatSeconds');
  if (seconds === undefined) {
    return undefined;
  }
  if (!(seconds > 0)) {
    throw new Error(
      `platform.scan.heartbeatSeconds must be a positive number of seconds, not ${seconds}`,
    );
  }
  return seconds * 1000;
}

/**
 * Schedules the organisation's scan on every instance (the scheduler runs it on one at a time)
 * and, on each instance from start to shutdown, the recovery of runs whose instance stopped
 * and the help with a scan another instance runs (so that every instance takes a share).
 */
export async function scheduleScans(options: {
  scanner: PlatformScanner;
  scheduler: SchedulerService;
  lifecycle: LifecycleService;
  schedule: SchedulerServiceTaskScheduleDefinition;
}): Promise<void> {
  const { scanner, scheduler, lifecycle, schedule } = options;
  let stopWatching: (() => void) | undefined;
  lifecycle.addStartupHook(() => {
    stopWatching = scanner.watchForStoppedRuns();
  });
  lifecycle.addShutdownHook(() => stopWatching?.());
  let firstRun = true;
  await scheduler.scheduleTask({
    id: 'platform-scan',
    scope: 'global',
    ...schedule,
    fn: async () => {
      let run = await scanner.scan({ trigger: 'schedule' });
      // Right after start the catalog may not have read its locations yet: look again
      // shortly rather than show nothing until the next cycle.
      for (
        let attempt = 0;
        firstRun && attempt < STARTUP_RETRIES && !run.repositoriesTotal;
        attempt++
      ) {
        await new Promise(resolve => setTimeout(resolve, STARTUP_RETRY_MS));
        run = await scanner.scan({ trigger: 'schedule' });
      }
      firstRun = false;
    },
  });
}
