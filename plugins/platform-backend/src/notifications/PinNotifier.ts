import { createHash } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { PlatformModuleInfo } from '@platform-portal/plugin-platform-common';
import {
  DIGEST_TOPIC,
  NotificationSeverity,
  PIN_EVENT_TOPICS,
  describePinEvent,
} from './describePinEvent';
import { PinnedRow, findPinEvents } from './findPinEvents';
import { NotificationStore, StoredPinEvent } from './NotificationStore';

/**
 * What the notifier reads after a scan: every pin the scans found, and the platform modules.
 *
 * @internal
 */
export interface PinSource {
  readPins(): Promise<{ rows: PinnedRow[]; modules: PlatformModuleInfo[] }>;
}

/**
 * How owners hear of events: each at once, or all of a week in one notification.
 *
 * @internal
 */
export type NotificationDelivery = 'immediate' | 'weekly';

const SEVERITY_ORDER: NotificationSeverity[] = [
  'low',
  'normal',
  'high',
  'critical',
];

/** Failed sends in a row after which the rest wait for the next attempt. */
const FAILURES_IN_A_ROW = 3;

/** Enough lines for a notification card; the rest are on the drift report the link opens. */
const DIGEST_LINES = 20;

/**
 * Tells the owners of services about their pins that became deprecated or unsupported, and
 * about new majors of the modules they use, once per owner and event.
 *
 * The first time it runs it only takes stock: what is already true then is recorded as known
 * and never sent, so that switching notifications on does not send every owner a notification
 * for every pin that has been deprecated for months; the drift report shows those already.
 * From then on, whatever becomes true is new and is sent (or kept for the weekly digest).
 *
 * @internal
 */
export class PinNotifier {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      store: NotificationStore;
      notifications: NotificationService;
      source: PinSource;
      logger: LoggerService;
      delivery: NotificationDelivery;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Finds the events that hold after a scan, records the new ones and, unless they wait for
   * the digest, sends them. Answers how many were new and how many notifications were sent.
   */
  async afterScan(): Promise<{ recorded: number; sent: number }> {
    const { store, source, logger, delivery } = this.options;
    const now = this.now();
    const { rows, modules } = await source.readPins();
    const events = findPinEvents(rows, modules, now).map(event => ({
      owner: event.owner,
      kind: event.kind,
      platform: event.platform,
      module: event.module,
      subject: event.subject,
      ...describePinEvent(event),
    }));

    if (!(await store.hasBaseline())) {
      await store.takeBaseline(events, now);
      logger.info(
        `Platform notifications are on: ${events.length} deprecations, ends of support and new majors already true are recorded as known and not sent`,
      );
      return { recorded: 0, sent: 0 };
    }

    const recorded = await store.recordEvents(events, now);
    if (delivery === 'weekly') {
      return { recorded, sent: 0 };
    }
    return { recorded, sent: await this.sendPending() };
  }

  /** Sends each pending event as its own notification; answers how many were sent. */
  async sendPending(): Promise<number> {
    const { store } = this.options;
    let sent = 0;
    const failures = this.failureLimit();
    for (const event of await store.listPending()) {
      const delivered = await this.send(event.owner, {
        title: event.title,
        description: event.description,
        link: event.link,
        severity: event.severity,
        topic: PIN_EVENT_TOPICS[event.kind],
        scope: `platform:${event.id}`,
      });
      if (!delivered) {
        if (failures.giveUp()) {
          break;
        }
        continue;
      }
      failures.reset();
      sent += await store.markSent([event.id], this.now());
    }
    return sent;
  }

  /**
   * Sends every owner one notification listing their pending events; answers how many owners
   * were told.
   */
  async sendDigest(): Promise<number> {
    const { store } = this.options;
    const byOwner = new Map<string, StoredPinEvent[]>();
    for (const event of await store.listPending()) {
      const events = byOwner.get(event.owner) ?? [];
      events.push(event);
      byOwner.set(event.owner, events);
    }
    let told = 0;
    const failures = this.failureLimit();
    for (const [owner, events] of byOwner) {
      const delivered = await this.send(owner, digestOf(owner, events));
      if (!delivered) {
        if (failures.giveUp()) {
          break;
        }
        continue;
      }
      failures.reset();
      await store.markSent(
        events.map(event => event.id),
        this.now(),
      );
      told += 1;
    }
    return told;
  }

  /**
   * One notification the notifications backend refuses is kept and tried again next time
   * without holding up the others; several failures in a row mean the backend is down or not
   * installed, and the rest wait too instead of each failing in turn.
   */
  private failureLimit() {
    let inARow = 0;
    return {
      giveUp: () => ++inARow >= FAILURES_IN_A_ROW,
      reset: () => {
        inARow = 0;
      },
    };
  }

  private async send(
    owner: string,
    payload: Parameters<NotificationService['send']>[0]['payload'],
  ): Promise<boolean> {
    try {
      await this.options.notifications.send({
        recipients: { type: 'entity', entityRef: owner },
        payload,
      });
      return true;
    } catch (error) {
      this.options.logger.warn(
        `Sending a platform notification to ${owner} failed, kept for the next attempt: ${error}`,
      );
      return false;
    }
  }
}

function digestOf(owner: string, events: StoredPinEvent[]) {
  const severity = events.reduce<NotificationSeverity>(
    (highest, event) =>
      SEVERITY_ORDER.indexOf(event.severity) > SEVERITY_ORDER.indexOf(highest)
        ? event.severity
        : highest,
    'low',
  );
  // Most severe first; Array.prototype.sort is stable, so the oldest first within a severity.
  const ordered = [...events].sort(
    (a, b) =>
      SEVERITY_ORDER.indexOf(b.severity) - SEVERITY_ORDER.indexOf(a.severity),
  );
  const lines = ordered.slice(0, DIGEST_LINES).map(event => `• ${event.title}`);
  if (events.length > DIGEST_LINES) {
    lines.push(
      `… and ${events.length - DIGEST_LINES} more on the drift report`,
    );
  }
  const count = events.length;
  return {
    title: `${count} platform ${
      count === 1 ? 'change' : 'changes'
    } to the versions your services pin`,
    description: lines.join('\n'),
    link: `/platform?${new URLSearchParams({ owner })}`,
    severity,
    topic: DIGEST_TOPIC,
    // Sent again after a failure to record it, the same digest replaces itself instead of
    // arriving twice; a digest of other events is a notification of its own.
    scope: `platform-digest:${createHash('sha256')
      .update(events.map(event => event.id).join(','))
      .digest('hex')}`,
  };
}
