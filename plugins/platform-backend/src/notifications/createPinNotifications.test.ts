import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import {
  DriftRow,
  PlatformModuleInfo,
  ScanRun,
} from '@platform-portal/plugin-platform-common';
import { ReportDataStore } from '../store';
import { createPinNotifications } from './createPinNotifications';
import { platformModule } from './__testUtils__/platformModule';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const TEAM_PAYMENTS = 'group:default/team-payments';
const TEAM_SEARCH = 'group:default/team-search';

function row(entityRef: string, owner: string, version: string): DriftRow {
  return {
    id: `${entityRef}:${version}`,
    entityRef,
    owner,
    platform: 'acme-platform',
    module: 'rds',
    kind: 'terraform-module',
    file: 'infra/environments/prod/main.tf',
    line: 3,
    column: 1,
    source: `git::https://github.com/acme/platform.git//modules/rds?ref=rds/v${version}`,
    name: 'github.com/acme/platform//modules/rds',
    pin: 'ref',
    ref: `rds/v${version}`,
    version,
    verdict: 'up-to-date',
    severity: 0,
    explanation: '',
  };
}

const rdsModule = (overrides: Partial<PlatformModuleInfo> = {}) =>
  platformModule({
    name: 'rds',
    versions: ['2.1.0', '2.0.0', '1.4.0'],
    ...overrides,
  });

/** The stored scan results: payments-api on rds 1.4.0, search-api on 2.1.0. */
function storedResults() {
  let modules: PlatformModuleInfo[] = [rdsModule()];
  const store = {
    async loadReportData(onRows: (rows: DriftRow[]) => void) {
      onRows([
        row('component:default/payments-api', TEAM_PAYMENTS, '1.4.0'),
        row('component:default/search-api', TEAM_SEARCH, '2.1.0'),
      ]);
      return { generation: '1', modules };
    },
  } as Partial<ReportDataStore> as ReportDataStore;
  return {
    store,
    release: (next: Partial<PlatformModuleInfo>) => {
      modules = [rdsModule(next)];
    },
  };
}

class RecordingNotifications implements NotificationService {
  readonly sent: NotificationSendOptions[] = [];
  async send(options: NotificationSendOptions) {
    this.sent.push(options);
  }
}

const scan = (overrides: Partial<ScanRun> = {}): ScanRun => ({
  id: 'run',
  startedAt: '2026-01-15T09:00:00Z',
  status: 'succeeded',
  repositoriesTotal: 2,
  repositoriesScanned: 2,
  repositoriesSkipped: 0,
  repositoriesFailed: 0,
  ...overrides,
});

async function setup(notifications?: object) {
  const knex = await databases.init('SQLITE_3');
  const scheduler = mockServices.scheduler();
  const sender = new RecordingNotifications();
  const results = storedResults();
  const created = await createPinNotifications({
    config: mockServices.rootConfig({
      data: notifications ? { platform: { notifications } } : {},
    }),
    database: { getClient: async () => knex },
    logger: mockServices.logger.mock(),
    scheduler,
    notifications: sender,
    repositories: results.store,
  });
  return { created, scheduler, sender, knex, release: results.release };
}

const deprecation = {
  versions: '< 2.0.0',
  since: '2025-09-01',
  message: 'rds 1.x creates unencrypted snapshots.',
};

describe('createPinNotifications', () => {
  it('is off unless enabled: nothing is stored, scheduled or sent', async () => {
    for (const settings of [undefined, { enabled: false, digest: 'weekly' }]) {
      const { created, scheduler, sender, knex, release } = await setup(
        settings,
      );
      await created.afterScan(scan());
      release({ deprecations: [deprecation] });
      await created.afterScan(scan());

      expect(created.enabled).toBe(false);
      expect(sender.sent).toEqual([]);
      expect(await scheduler.getScheduledTasks()).toEqual([]);
      expect(await knex.schema.hasTable('platform_notification_events')).toBe(
        false,
      );
    }
  });

  it('refuses a digest setting it does not know, naming it', async () => {
    await expect(setup({ enabled: true, digest: 'daily' })).rejects.toThrow(
      'platform.notifications.digest must be weekly or left out, not "daily"',
    );
  });

  it('takes stock and notifies only after organisation-wide scans that succeeded', async () => {
    const { created, sender, release } = await setup({ enabled: true });
    // None of these may take the baseline: the deprecation below would then be old news.
    await created.afterScan(scan({ status: 'failed' }));
    await created.afterScan(
      scan({ entityRef: 'component:default/payments-api' }),
    );
    await created.afterScan(scan({ repositoriesTotal: 0 }));
    release({ deprecations: [deprecation] });
    await created.afterScan(scan());
    expect(sender.sent).toEqual([]);

    release({ deprecations: [deprecation], supportedMajors: 1 });
    await created.afterScan(scan());
    expect(sender.sent).toEqual([
      expect.objectContaining({
        recipients: { type: 'entity', entityRef: TEAM_PAYMENTS },
        payload: expect.objectContaining({
          title: 'payments-api pins rds 1.x, which is no longer supported',
          severity: 'high',
          topic: 'Platform end of support',
        }),
      }),
    ]);
  });

  it('sends an event once when two scans end at the same moment', async () => {
    const { created, sender, release } = await setup({ enabled: true });
    await created.afterScan(scan());
    release({ deprecations: [deprecation] });
    await Promise.all([created.afterScan(scan()), created.afterScan(scan())]);
    expect(sender.sent).toHaveLength(1);
  });

  it('with digest: weekly, sends nothing after scans and one notification per owner when the weekly task runs', async () => {
    const { created, scheduler, sender, release } = await setup({
      enabled: true,
      digest: 'weekly',
    });
    expect(await scheduler.getScheduledTasks()).toEqual([
      expect.objectContaining({
        id: 'platform-notifications-digest',
        scope: 'global',
      }),
    ]);

    await created.afterScan(scan());
    release({
      deprecations: [deprecation],
      versions: ['3.0.0', '2.1.0', '2.0.0', '1.4.0'],
      latest: '3.0.0',
    });
    await created.afterScan(scan());
    expect(sender.sent).toEqual([]);

    await scheduler.triggerTask('platform-notifications-digest');
    expect(
      sender.sent
        .map(s => [
          s.recipients.type === 'entity' && s.recipients.entityRef,
          s.payload.title,
        ])
        .sort(),
    ).toEqual([
      [TEAM_PAYMENTS, '2 platform changes to the versions your services pin'],
      [TEAM_SEARCH, '1 platform change to the versions your services pin'],
    ]);

    await scheduler.triggerTask('platform-notifications-digest');
    expect(sender.sent).toHaveLength(2);
  });
});
