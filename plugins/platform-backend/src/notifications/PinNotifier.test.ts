import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { DatabaseNotificationStore } from './DatabaseNotificationStore';
import { PinnedRow } from './findPinEvents';
import { PinNotifier } from './PinNotifier';
import { PlatformModuleInfo } from '@platform-portal/plugin-platform-common';
import { platformModule } from './__testUtils__/platformModule';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const PAYMENTS = 'component:default/payments-api';
const SEARCH = 'component:default/search-api';
const TEAM_PAYMENTS = 'group:default/team-payments';
const TEAM_SEARCH = 'group:default/team-search';

/** A notification service that keeps what it was asked to send. */
class RecordingNotifications implements NotificationService {
  readonly sent: NotificationSendOptions[] = [];
  readonly attempts: NotificationSendOptions[] = [];
  failing = false;
  /** Owners whose notifications the backend refuses. */
  refused = new Set<string>();

  async send(options: NotificationSendOptions): Promise<void> {
    this.attempts.push(options);
    if (
      options.recipients.type === 'entity' &&
      this.refused.has(String(options.recipients.entityRef))
    ) {
      throw new Error(
        'Failed to send notifications: Request failed with status 400',
      );
    }
    if (this.failing) {
      throw new Error(
        'Failed to send notifications: Request failed with status 404',
      );
    }
    this.sent.push(options);
  }

  to(owner: string) {
    return this.sent.filter(
      s => s.recipients.type === 'entity' && s.recipients.entityRef === owner,
    );
  }
}

const vpc = (overrides: Partial<PlatformModuleInfo> = {}) =>
  platformModule({
    name: 'vpc',
    versions: ['2.1.1', '2.0.0', '1.4.0', '1.2.0'],
    ...overrides,
  });

const rows: PinnedRow[] = [
  {
    entityRef: PAYMENTS,
    owner: TEAM_PAYMENTS,
    platform: 'acme-platform',
    module: 'vpc',
    version: '1.4.0',
  },
  {
    entityRef: SEARCH,
    owner: TEAM_SEARCH,
    platform: 'acme-platform',
    module: 'vpc',
    version: '2.1.1',
  },
];

const deprecation = {
  versions: '< 2.0.0',
  since: '2025-09-01',
  message: 'vpc 1.x has no IPv6.',
};

async function setup(delivery: 'immediate' | 'weekly' = 'immediate') {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseNotificationStore.create({
    database: { getClient: async () => knex },
  });
  const notifications = new RecordingNotifications();
  let modules = [vpc()];
  const notifier = new PinNotifier({
    store,
    notifications,
    source: { readPins: async () => ({ rows, modules }) },
    logger: mockServices.logger.mock(),
    delivery,
    now: () => new Date('2026-01-15T09:00:00Z'),
  });
  return {
    notifier,
    notifications,
    setModules: (next: PlatformModuleInfo[]) => {
      modules = next;
    },
  };
}

describe('PinNotifier', () => {
  it('records what is already true at its first run without sending it', async () => {
    const { notifier, notifications, setModules } = await setup();
    setModules([vpc({ deprecations: [deprecation] })]);

    expect(await notifier.afterScan()).toEqual({ recorded: 0, sent: 0 });
    expect(await notifier.afterScan()).toEqual({ recorded: 0, sent: 0 });
    expect(notifications.sent).toEqual([]);
  });

  it('tells the owners of affected services of a new deprecation once, and nobody else', async () => {
    const { notifier, notifications, setModules } = await setup();
    await notifier.afterScan();

    setModules([vpc({ deprecations: [deprecation] })]);
    expect(await notifier.afterScan()).toEqual({ recorded: 1, sent: 1 });
    expect(notifications.sent).toEqual([
      {
        recipients: { type: 'entity', entityRef: TEAM_PAYMENTS },
        payload: {
          title: 'payments-api pins a deprecated release of vpc (vpc < 2.0.0)',
          description:
            'payments-api pins vpc 1.4.0, deprecated since 2025-09-01: vpc 1.x has no IPv6. The latest release is 2.1.1.',
          link: '/catalog/default/component/payments-api/platform',
          severity: 'normal',
          topic: 'Platform deprecations',
          scope: expect.stringMatching(/^platform:[0-9a-f]{64}$/),
        },
      },
    ]);
    expect(notifications.to(TEAM_SEARCH)).toEqual([]);

    expect(await notifier.afterScan()).toEqual({ recorded: 0, sent: 0 });
    expect(notifications.sent).toHaveLength(1);
  });

  it('keeps what it could not send and sends it after the next scan', async () => {
    const { notifier, notifications, setModules } = await setup();
    await notifier.afterScan();
    setModules([vpc({ deprecations: [deprecation], supportedMajors: 1 })]);

    notifications.failing = true;
    expect(await notifier.afterScan()).toEqual({ recorded: 2, sent: 0 });

    notifications.failing = false;
    expect(await notifier.afterScan()).toEqual({ recorded: 0, sent: 2 });
    expect(
      notifications.to(TEAM_PAYMENTS).map(s => s.payload.severity),
    ).toEqual(['normal', 'high']);
  });

  it('does not let one refused notification hold up the others, and stops trying when the backend is down', async () => {
    const { notifier, notifications, setModules } = await setup();
    await notifier.afterScan();

    // vpc 3 is out and only 3.x is supported: each team has an unsupported major and a new
    // major to hear of, and the backend refuses every notification to payments.
    notifications.refused.add(TEAM_PAYMENTS);
    setModules([
      vpc({
        supportedMajors: 1,
        versions: ['3.0.0', '2.1.1', '2.0.0', '1.4.0', '1.2.0'],
        latest: '3.0.0',
      }),
    ]);
    const { recorded, sent } = await notifier.afterScan();
    expect(recorded).toBe(4);
    expect(notifications.sent.map(s => s.recipients)).toEqual([
      { type: 'entity', entityRef: TEAM_SEARCH },
      { type: 'entity', entityRef: TEAM_SEARCH },
    ]);
    expect(sent).toBe(2);

    // Down altogether: three attempts, then the rest wait.
    notifications.refused.clear();
    notifications.failing = true;
    const before = notifications.attempts.length;
    setModules([
      vpc({
        supportedMajors: 1,
        deprecations: [{ message: 'vpc is replaced by network.' }],
        versions: ['3.0.0', '2.1.1', '2.0.0', '1.4.0', '1.2.0'],
        latest: '3.0.0',
      }),
    ]);
    expect(await notifier.afterScan()).toEqual({ recorded: 2, sent: 0 });
    expect(notifications.attempts.length - before).toBe(3);

    notifications.failing = false;
    expect(await notifier.afterScan()).toEqual({ recorded: 0, sent: 4 });
  });

  it('with the weekly digest, keeps the events and sends each owner one notification listing them', async () => {
    const { notifier, notifications, setModules } = await setup('weekly');
    await notifier.afterScan();

    setModules([vpc({ deprecations: [deprecation] })]);
    expect(await notifier.afterScan()).toEqual({ recorded: 1, sent: 0 });
    setModules([
      vpc({
        deprecations: [deprecation],
        supportedMajors: 2,
        versions: ['3.0.0', '2.1.1', '2.0.0', '1.4.0', '1.2.0'],
        latest: '3.0.0',
      }),
    ]);
    // Major 3 is out: payments-api is now unsupported and behind a major, search-api behind one.
    expect(await notifier.afterScan()).toEqual({ recorded: 3, sent: 0 });
    expect(notifications.sent).toEqual([]);

    expect(await notifier.sendDigest()).toBe(2);
    expect(notifications.to(TEAM_PAYMENTS)).toEqual([
      {
        recipients: { type: 'entity', entityRef: TEAM_PAYMENTS },
        payload: {
          title: '3 platform changes to the versions your services pin',
          description: [
            '• payments-api pins vpc 1.x, which is no longer supported',
            '• payments-api pins a deprecated release of vpc (vpc < 2.0.0)',
            '• A new major of vpc is out: 3.0.0',
          ].join('\n'),
          link: '/platform?owner=group%3Adefault%2Fteam-payments',
          severity: 'high',
          topic: 'Platform weekly digest',
          scope: expect.stringMatching(/^platform-digest:[0-9a-f]{64}$/),
        },
      },
    ]);
    expect(notifications.to(TEAM_SEARCH)).toEqual([
      expect.objectContaining({
        payload: expect.objectContaining({
          title: '1 platform change to the versions your services pin',
          description: '• A new major of vpc is out: 3.0.0',
          severity: 'low',
        }),
      }),
    ]);

    // The next week has nothing new to say.
    expect(await notifier.sendDigest()).toBe(0);
    expect(notifications.sent).toHaveLength(2);
  });
});
