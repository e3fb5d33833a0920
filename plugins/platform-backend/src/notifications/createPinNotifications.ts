import {
  DatabaseService,
  LoggerService,
  RootConfigService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { ScanRun } from '@platform-portal/plugin-platform-common';
import { ReportDataStore } from '../store';
import { DatabaseNotificationStore } from './DatabaseNotificationStore';
import { PinnedRow } from './findPinEvents';
import { NotificationDelivery, PinNotifier, PinSource } from './PinNotifier';

/** Mondays at 08:00, the backend's time. */
const DEFAULT_DIGEST_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { cron: '0 8 * * 1' },
  timeout: { minutes: 10 },
};

/**
 * What the plugin calls once a scan has finished.
 *
 * @internal
 */
export interface PinNotifications {
  /** Off when `platform.notifications.enabled` is not true; then nothing is ever sent. */
  readonly enabled: boolean;
  /** Finds and sends (or keeps for the digest) what the scan made true. Never throws. */
  afterScan(run: ScanRun): Promise<void>;
}

function deliveryFrom(config: RootConfigService): NotificationDelivery {
  const digest = config.getOptionalString('platform.notifications.digest');
  if (digest === undefined) {
    return 'immediate';
  }
  if (digest !== 'weekly') {
    throw new InputError(
      `platform.notifications.digest must be weekly or left out, not ${JSON.stringify(
        digest,
      )}`,
    );
  }
  return 'weekly';
}

/** Every pin the scans stored, read page by page, with the platform modules. */
export function pinSourceOf(repositories: ReportDataStore): PinSource {
  return {
    async readPins() {
      const rows: PinnedRow[] = [];
      const { modules } = await repositories.loadReportData(page => {
        for (const row of page) {
          if (row.owner && row.module && row.version) {
            rows.push({
              entityRef: row.entityRef,
              owner: row.owner,
              platform: row.platform,
              module: row.module,
              version: row.version,
            });
          }
        }
      });
      return { rows, modules };
    },
  };
}

/**
 * Notifications to the owners of services about their pins (`platform.notifications`): off
 * unless enabled, since they go through the notifications backend plugin, which a backend may
 * not have. With `digest: weekly` the events wait for a weekly task that sends each owner one
 * notification.
 *
 * @internal
 */
export async function createPinNotifications(options: {
  config: RootConfigService;
  database: DatabaseService;
  logger: LoggerService;
  scheduler: SchedulerService;
  notifications: NotificationService;
  repositories: ReportDataStore;
}): Promise<PinNotifications> {
  const { config, logger, scheduler } = options;
  if (!config.getOptionalBoolean('platform.notifications.enabled')) {
    return { enabled: false, afterScan: async () => {} };
  }
  const delivery = deliveryFrom(config);
  const notifier = new PinNotifier({
    store: await DatabaseNotificationStore.create({
      database: options.database,
    }),
    notifications: options.notifications,
    source: pinSourceOf(options.repositories),
    logger,
    delivery,
  });

  if (delivery === 'weekly') {
    const scheduleConfig = config.getOptionalConfig(
      'platform.notifications.digestSchedule',
    );
    await scheduler.scheduleTask({
      id: 'platform-notifications-digest',
      scope: 'global',
      ...(scheduleConfig
        ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
        : DEFAULT_DIGEST_SCHEDULE),
      fn: async () => {
        const told = await notifier.sendDigest();
        logger.info(`Platform notifications digest sent to ${told} owners`);
      },
    });
  }

  // One evaluation at a time in this backend, so that two scans ending together do not both
  // send the events they both found pending.
  let evaluating: Promise<void> = Promise.resolve();
  const evaluate = async (run: ScanRun) => {
    // A one-service scan, or one that found nothing, would take too narrow a baseline; the
    // next organisation-wide scan sees everything anyway.
    if (run.status !== 'succeeded' || run.entityRef || !run.repositoriesTotal) {
      return;
    }
    try {
      const { recorded, sent } = await notifier.afterScan();
      if (recorded) {
        logger.info(
          `Platform notifications: ${recorded} new events, ${sent} sent`,
        );
      }
    } catch (error) {
      logger.warn(`Platform notifications failed: ${error}`);
    }
  };

  return {
    enabled: true,
    afterScan(run) {
      evaluating = evaluating.then(() => evaluate(run));
      return evaluating;
    },
  };
}
