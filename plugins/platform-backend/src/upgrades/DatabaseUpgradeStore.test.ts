import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseUpgradeStore } from './DatabaseUpgradeStore';

// PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING points at a server
// (the test script and CI set it); SQLite always runs.
const databases = TestDatabases.create({ ids: ['POSTGRES_16', 'SQLITE_3'] });

const PAYMENTS = 'component:default/payments-api';
const BILLING = 'component:default/billing-worker';
const ENGINEER = 'user:default/ada.lovelace';

jest.setTimeout(60_000);

describe.each(databases.eachSupportedId())(
  'DatabaseUpgradeStore on %p',
  (databaseId: TestDatabaseId) => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      return DatabaseUpgradeStore.create({
        database: { getClient: async () => knex },
      });
    }

    const change = (entityRef: string, overrides: object = {}) => ({
      entityRef,
      module: 'vpc',
      version: '2.1.1',
      branch: 'platform/upgrade/vpc-2.1.1',
      commit: 'a'.repeat(40),
      state: 'open' as const,
      createdBy: ENGINEER,
      ...overrides,
    });

    it('keeps one change per service, module, release and environment: asking again updates it', async () => {
      const store = await createStore();
      const first = await store.recordChange(change(PAYMENTS));
      const again = await store.recordChange(
        change(PAYMENTS, {
          commit: 'b'.repeat(40),
          createdBy: 'user:default/someone-else',
        }),
      );
      const staging = await store.recordChange(
        change(PAYMENTS, {
          environment: 'staging',
          branch: 'platform/upgrade/vpc-2.1.1-staging',
        }),
      );

      expect(again.id).toBe(first.id);
      expect(again).toMatchObject({
        commit: 'b'.repeat(40),
        createdBy: ENGINEER,
        state: 'open',
      });
      expect(again.environment).toBeUndefined();
      expect(staging.id).not.toBe(first.id);
      expect(staging.environment).toBe('staging');
      expect(
        (await store.listChanges({ entityRef: PAYMENTS })).map(c => c.id),
      ).toEqual([first.id, staging.id]);
    });

    it('counts a campaign’s changes by state, and keeps a change in its campaign when asked again alone', async () => {
      const store = await createStore();
      const campaign = await store.createCampaign({
        module: 'vpc',
        version: '2.1.1',
        createdBy: ENGINEER,
      });
      const payments = await store.recordChange(
        change(PAYMENTS, { campaignId: campaign.id }),
      );
      await store.recordChange(
        change(BILLING, {
          campaignId: campaign.id,
          state: 'failed',
          commit: undefined,
          error: 'infra/main.tf:15: the version is held in a variable',
        }),
      );
      await store.setState(payments.id, 'merged');
      await store.recordChange(change(BILLING, { state: 'open' }));

      expect(await store.getCampaign(campaign.id)).toMatchObject({
        module: 'vpc',
        version: '2.1.1',
        createdBy: ENGINEER,
        total: 2,
        counts: { open: 1, merged: 1, closed: 0, failed: 0 },
      });
      expect(
        (await store.listChanges({ campaignId: campaign.id })).map(c => [
          c.entityRef,
          c.state,
        ]),
      ).toEqual([
        [BILLING, 'open'],
        [PAYMENTS, 'merged'],
      ]);
      expect(await store.getCampaign('no-such-campaign')).toBeUndefined();
    });

    it('filters changes by module and keeps an error as written', async () => {
      const store = await createStore();
      await store.recordChange(
        change(PAYMENTS, {
          state: 'failed',
          commit: undefined,
          error: 'the pin changed since the scan',
        }),
      );
      await store.recordChange(change(PAYMENTS, { module: 'eks' }));

      const vpc = await store.listChanges({ module: 'vpc' });
      expect(vpc).toEqual([
        expect.objectContaining({
          module: 'vpc',
          state: 'failed',
          error: 'the pin changed since the scan',
        }),
      ]);
      expect(vpc[0].commit).toBeUndefined();
      expect(Date.parse(vpc[0].createdAt)).not.toBeNaN();
    });
  },
);
