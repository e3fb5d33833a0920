import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseNotificationStore } from './DatabaseNotificationStore';
import { PinEventInput } from './NotificationStore';

// PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING points at a server
// (the test script and CI set it); SQLite always runs.
const databases = TestDatabases.create({ ids: ['POSTGRES_16', 'SQLITE_3'] });

const TEAM_PAYMENTS = 'group:default/team-payments';
const TEAM_SEARCH = 'group:default/team-search';

function event(overrides: Partial<PinEventInput> = {}): PinEventInput {
  return {
    owner: TEAM_PAYMENTS,
    kind: 'deprecated',
    platform: 'acme-platform',
    module: 'rds',
    subject: '< 2.0.0',
    severity: 'normal',
    title: 'payments-api pins a deprecated release of rds (rds < 2.0.0)',
    description: 'payments-api pins rds 1.4.0, deprecated since 2025-09-01.',
    link: '/catalog/default/component/payments-api/platform',
    ...overrides,
  };
}

jest.setTimeout(60_000);

describe.each(databases.eachSupportedId())(
  'DatabaseNotificationStore on %p',
  (databaseId: TestDatabaseId) => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      return DatabaseNotificationStore.create({
        database: { getClient: async () => knex },
      });
    }

    it('takes the baseline once: what was true then is known, never pending', async () => {
      const store = await createStore();
      expect(await store.hasBaseline()).toBe(false);

      await store.takeBaseline([event()], new Date('2026-01-01T00:00:00Z'));

      expect(await store.hasBaseline()).toBe(true);
      expect(await store.listPending()).toEqual([]);
      // Seen again after the baseline, the same event is nothing new.
      expect(await store.recordEvents([event()], new Date())).toBe(0);
      expect(await store.listPending()).toEqual([]);
    });

    it('records an event once per owner, whatever its text says the next time', async () => {
      const store = await createStore();
      await store.takeBaseline([], new Date());
      const at = new Date('2026-01-05T10:00:00Z');

      expect(
        await store.recordEvents(
          [event(), event({ owner: TEAM_SEARCH }), event()],
          at,
        ),
      ).toBe(2);
      expect(
        await store.recordEvents(
          [event({ description: 'reworded', severity: 'high' })],
          new Date(),
        ),
      ).toBe(0);

      const pending = await store.listPending();
      expect(pending.map(p => p.owner).sort()).toEqual([
        TEAM_PAYMENTS,
        TEAM_SEARCH,
      ]);
      expect(pending.find(p => p.owner === TEAM_PAYMENTS)).toMatchObject({
        ...event(),
        createdAt: at.toISOString(),
        id: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
    });

    it('keeps events of another kind, module or subject apart', async () => {
      const store = await createStore();
      await store.takeBaseline([], new Date());
      expect(
        await store.recordEvents(
          [
            event(),
            event({ kind: 'unsupported', subject: '1' }),
            event({ kind: 'new-major', subject: '3' }),
            event({ subject: '< 1.3.0' }),
            event({ module: 'vpc' }),
            event({ platform: 'data-platform' }),
          ],
          new Date(),
        ),
      ).toBe(6);
    });

    it('sends each event once: marked sent, it is no longer pending, and marking again changes nothing', async () => {
      const store = await createStore();
      await store.takeBaseline([], new Date());
      await store.recordEvents(
        [event(), event({ owner: TEAM_SEARCH })],
        new Date(),
      );
      const [first, second] = await store.listPending();

      expect(await store.markSent([first.id], new Date())).toBe(1);
      expect(await store.markSent([first.id], new Date())).toBe(0);
      expect((await store.listPending()).map(p => p.id)).toEqual([second.id]);
      expect(await store.recordEvents([event()], new Date())).toBe(0);
    });

    it('keeps a subject longer than its column apart from one that starts the same', async () => {
      const store = await createStore();
      await store.takeBaseline([], new Date());
      const long = `>= 1.0.0 ${'|| 1.0.0 '.repeat(60)}`;
      expect(
        await store.recordEvents(
          [
            event({ subject: `${long}|| 2.0.0` }),
            event({ subject: `${long}|| 3.0.0` }),
          ],
          new Date(),
        ),
      ).toBe(2);
      expect(await store.listPending()).toHaveLength(2);
    });

    it('records a large scan’s events in batches', async () => {
      const store = await createStore();
      await store.takeBaseline([], new Date());
      const many = Array.from({ length: 260 }, (_, i) =>
        event({ owner: `group:default/team-${i}` }),
      );
      expect(await store.recordEvents(many, new Date())).toBe(260);
      const pending = await store.listPending();
      expect(pending).toHaveLength(260);
      expect(
        await store.markSent(
          pending.map(p => p.id),
          new Date(),
        ),
      ).toBe(260);
      expect(await store.listPending()).toEqual([]);
    });
  },
);
