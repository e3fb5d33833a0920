import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { ReleaseChannelStatus } from '@platform-portal/plugin-platform-common';
import { DatabaseReleaseChannelStore } from './DatabaseReleaseChannelStore';
import { ServiceReleaseChannelsInput } from './ReleaseChannelStore';

// PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING points at a server
// (the test script and CI set it); SQLite always runs.
const databases = TestDatabases.create({ ids: ['POSTGRES_16', 'SQLITE_3'] });

const PAYMENTS = 'component:default/payments-api';
const LEDGER = 'component:default/ledger-service';
const STATUS = 'component:default/status-page';

const MONDAY = '2026-11-16T09:00:00.000Z';
const TUESDAY = '2026-11-17T09:00:00.000Z';

function channel(
  overrides: Partial<ReleaseChannelStatus> &
    Pick<ReleaseChannelStatus, 'kind' | 'verdict'>,
): ReleaseChannelStatus {
  return {
    target: `https://example.com/${overrides.kind}`,
    releaseCount: 3,
    checkedAt: MONDAY,
    explanation: 'on the newest release',
    ...overrides,
  };
}

const release = (version: string, publishedAt?: string) => ({
  version,
  versionAsPublished: `v${version}`,
  publishedAt,
  url: `https://example.com/releases/v${version}`,
});

function payments(checkedAt = MONDAY): ServiceReleaseChannelsInput {
  return {
    entityRef: PAYMENTS,
    owner: 'group:default/team-payments',
    system: 'system:default/payments',
    newestVersion: '0.4.0',
    verdict: 'lagging',
    checkedAt,
    channels: [
      channel({
        kind: 'helm',
        verdict: 'lagging',
        latest: release('0.3.2', '2026-10-01T00:00:00.000Z'),
        explanation: '1 minor behind 0.4.0',
        behindBy: 2,
        checkedAt,
      }),
      channel({
        kind: 'git-tags',
        verdict: 'in-sync',
        latest: release('0.4.0', '2026-11-01T00:00:00.000Z'),
        checkedAt,
      }),
    ],
  };
}

const ledger: ServiceReleaseChannelsInput = {
  entityRef: LEDGER,
  owner: 'group:default/team-ledger',
  newestVersion: '1.2.0',
  verdict: 'in-sync',
  checkedAt: MONDAY,
  channels: [
    channel({ kind: 'git-tags', verdict: 'in-sync', latest: release('1.2.0') }),
  ],
};

const statusPage: ServiceReleaseChannelsInput = {
  entityRef: STATUS,
  owner: 'group:default/team-payments',
  verdict: 'unreachable',
  checkedAt: MONDAY,
  channels: [
    channel({
      kind: 'oci',
      verdict: 'unreachable',
      releaseCount: 0,
      problem: { code: 'refused', message: 'ghcr.io is not an allowed host' },
      explanation: 'could not be read',
    }),
  ],
};

jest.setTimeout(60_000);

describe.each(databases.eachSupportedId())(
  'DatabaseReleaseChannelStore on %p',
  (databaseId: TestDatabaseId) => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseReleaseChannelStore.create({
        database: { getClient: async () => knex },
      });
      return { store, knex };
    }

    it('keeps the current reading of each channel and gives it back as written', async () => {
      const { store } = await createStore();
      await store.replaceService(payments());

      const service = await store.getService(PAYMENTS);
      expect(service).toMatchObject({
        entityRef: PAYMENTS,
        owner: 'group:default/team-payments',
        system: 'system:default/payments',
        newestVersion: '0.4.0',
        verdict: 'lagging',
        checkedAt: MONDAY,
      });
      // Listed in the documented order of the kinds, whatever order they were written in.
      expect(service!.channels).toEqual([
        {
          kind: 'git-tags',
          target: 'https://example.com/git-tags',
          releaseCount: 3,
          checkedAt: MONDAY,
          verdict: 'in-sync',
          explanation: 'on the newest release',
          latest: release('0.4.0', '2026-11-01T00:00:00.000Z'),
        },
        {
          kind: 'helm',
          target: 'https://example.com/helm',
          releaseCount: 3,
          checkedAt: MONDAY,
          verdict: 'lagging',
          explanation: '1 minor behind 0.4.0',
          behindBy: 2,
          latest: release('0.3.2', '2026-10-01T00:00:00.000Z'),
        },
      ]);
      expect(await store.getService(LEDGER)).toBeUndefined();
    });

    it('keeps a problem and leaves a channel without releases without latest', async () => {
      const { store } = await createStore();
      await store.replaceService(statusPage);
      const service = await store.getService(STATUS);
      expect(service!.channels).toEqual([
        {
          kind: 'oci',
          target: 'https://example.com/oci',
          releaseCount: 0,
          checkedAt: MONDAY,
          verdict: 'unreachable',
          explanation: 'could not be read',
          problem: {
            code: 'refused',
            message: 'ghcr.io is not an allowed host',
          },
        },
      ]);
      expect(service!.newestVersion).toBeUndefined();
      expect(service!.history).toEqual([]);
    });

    it('replaces the channels of a service and records each new latest version once, when first seen', async () => {
      const { store } = await createStore();
      await store.replaceService(payments(MONDAY));
      // The same reading a day later: nothing new in the history.
      await store.replaceService(payments(TUESDAY));
      let service = await store.getService(PAYMENTS);
      expect(service!.checkedAt).toBe(TUESDAY);
      expect(
        service!.history.map(h => [h.kind, h.version, h.firstSeenAt]),
      ).toEqual(
        expect.arrayContaining([
          ['helm', '0.3.2', MONDAY],
          ['git-tags', '0.4.0', MONDAY],
        ]),
      );
      expect(service!.history).toHaveLength(2);

      // The chart catches up, and the service no longer declares its git tags.
      const wednesday = '2026-11-18T09:00:00.000Z';
      await store.replaceService({
        ...payments(wednesday),
        verdict: 'in-sync',
        channels: [
          channel({
            kind: 'helm',
            verdict: 'in-sync',
            latest: release('0.4.0', '2026-11-18T08:00:00.000Z'),
            checkedAt: wednesday,
          }),
        ],
      });
      service = await store.getService(PAYMENTS);
      expect(service!.verdict).toBe('in-sync');
      expect(service!.channels.map(c => [c.kind, c.latest?.version])).toEqual([
        ['helm', '0.4.0'],
      ]);
      expect(service!.history[0]).toEqual({
        kind: 'helm',
        target: 'https://example.com/helm',
        version: '0.4.0',
        versionAsPublished: 'v0.4.0',
        publishedAt: '2026-11-18T08:00:00.000Z',
        firstSeenAt: wednesday,
      });
      expect(service!.history).toHaveLength(3);
      expect(
        (await store.getService(PAYMENTS, { historyLimit: 1 }))!.history,
      ).toHaveLength(1);
    });

    it('lists services worst first, filters by verdict and owner, pages, and counts', async () => {
      const { store } = await createStore();
      await store.replaceService(ledger);
      await store.replaceService(statusPage);
      await store.replaceService(payments());

      const all = await store.listServices({});
      expect(all.items.map(i => i.entityRef)).toEqual([
        PAYMENTS, // lagging
        STATUS, // unreachable
        LEDGER, // in sync
      ]);
      expect(all).toMatchObject({ totalCount: 3, offset: 0, limit: 50 });
      expect(all.counts).toEqual({ lagging: 1, unreachable: 1, 'in-sync': 1 });
      expect(all.owners).toEqual([
        'group:default/team-ledger',
        'group:default/team-payments',
      ]);
      expect(all.items[0].channels).toHaveLength(2);

      const skewed = await store.listServices({
        verdict: ['lagging', 'unreachable'],
      });
      expect(skewed.items.map(i => i.entityRef)).toEqual([PAYMENTS, STATUS]);
      expect(skewed.totalCount).toBe(2);
      // Counts answer the owner filter only, so the page can show every verdict's count.
      expect(skewed.counts).toEqual(all.counts);

      const team = await store.listServices({
        owner: ['group:default/team-payments'],
      });
      expect(team.items.map(i => i.entityRef)).toEqual([PAYMENTS, STATUS]);
      expect(team.counts).toEqual({ lagging: 1, unreachable: 1 });

      const page = await store.listServices({ offset: 1, limit: 1 });
      expect(page).toMatchObject({ totalCount: 3, offset: 1, limit: 1 });
      expect(page.items.map(i => i.entityRef)).toEqual([STATUS]);

      expect((await store.listServices({ limit: 10_000 })).limit).toBe(200);
    });

    it('forgets services that no longer declare channels, and keeps their history', async () => {
      const { store, knex } = await createStore();
      await store.replaceService(ledger);
      await store.replaceService(payments());
      await store.retainServices([LEDGER]);

      expect(await store.getService(PAYMENTS)).toBeUndefined();
      expect((await store.listServices({})).totalCount).toBe(1);
      expect(
        await knex('platform_release_channels').where({ entity_ref: PAYMENTS }),
      ).toEqual([]);
      expect(
        await knex('platform_release_history').where({ entity_ref: PAYMENTS }),
      ).toHaveLength(2);

      // Back again, with its history.
      await store.replaceService(payments(TUESDAY));
      expect((await store.getService(PAYMENTS))!.history).toHaveLength(2);
    });
  },
);
