import {
  PAYMENTS,
  createStores,
  databases,
  replace,
  repositories,
  row,
} from './__testUtils__/driftFixtures';

/** Payments' vpc in staging and in production, at these releases. */
function vpcIn(staging: string, production: string) {
  return [
    row({
      verdict: 'up-to-date',
      version: staging,
      environment: 'staging',
      file: 'infra/staging/main.tf',
    }),
    row({
      verdict: 'minor-behind',
      version: production,
      environment: 'production',
      file: 'infra/production/main.tf',
    }),
  ];
}

const MONDAY = new Date('2026-11-30T08:00:00Z');
const FRIDAY = new Date('2026-12-04T08:00:00Z');

// The history is read back through the report, as the API reads it.
describe.each(databases.eachSupportedId())(
  'promotion lag history on %s',
  id => {
    async function productionLag(
      report: Awaited<ReturnType<typeof createStores>>['report'],
    ) {
      const drift = await report.getEntityDrift(PAYMENTS);
      return drift.references.find(r => r.environment === 'production')
        ?.promotionLag;
    }

    it('says since which scan production has lagged staging, while the lag lasts', async () => {
      const { repositories: store, report } = await createStores(id);
      await store.syncRepositories(repositories);

      await replace(store, PAYMENTS, vpcIn('1.4.0', '1.2.0'), {
        scannedAt: MONDAY,
      });
      expect(await productionLag(report)).toEqual({
        environment: 'staging',
        version: '1.4.0',
        since: MONDAY.toISOString(),
      });

      // Production moved, staging moved further: still the same lag, started on Monday.
      await replace(store, PAYMENTS, vpcIn('1.6.0', '1.4.0'), {
        scannedAt: FRIDAY,
      });
      expect(await productionLag(report)).toEqual({
        environment: 'staging',
        version: '1.6.0',
        since: MONDAY.toISOString(),
      });
    });

    it('forgets a lag once production catches up, and starts a new one later', async () => {
      const { repositories: store, report } = await createStores(id);
      await store.syncRepositories(repositories);
      await replace(store, PAYMENTS, vpcIn('1.4.0', '1.2.0'), {
        scannedAt: MONDAY,
      });
      await replace(store, PAYMENTS, vpcIn('1.4.0', '1.4.0'), {
        scannedAt: FRIDAY,
      });
      expect(await productionLag(report)).toBeUndefined();

      const later = new Date('2026-12-05T08:00:00Z');
      await replace(store, PAYMENTS, vpcIn('1.6.0', '1.4.0'), {
        scannedAt: later,
      });
      expect((await productionLag(report))?.since).toBe(later.toISOString());
    });

    it('drops the history of a service that is gone from the catalog', async () => {
      const { knex, repositories: store } = await createStores(id);
      await store.syncRepositories(repositories);
      await replace(store, PAYMENTS, vpcIn('1.4.0', '1.2.0'), {
        scannedAt: MONDAY,
      });
      expect(await knex('platform_promotion_lags').count('* as n')).toEqual([
        { n: expect.anything() },
      ]);
      await store.syncRepositories(
        repositories.filter(r => r.entityRef !== PAYMENTS),
      );
      expect(
        await knex('platform_promotion_lags').where('entity_ref', PAYMENTS),
      ).toEqual([]);
    });

    it('follows the promotion order the stores are given', async () => {
      const order = ['production', 'staging'];
      const { repositories: store, report } = await createStores(id, {
        environments: order,
      });
      report.connect({ environments: order });
      await store.syncRepositories(repositories);
      // Production first: staging on 1.2.0 lags production on 1.4.0.
      await replace(store, PAYMENTS, vpcIn('1.2.0', '1.4.0'), {
        scannedAt: MONDAY,
      });
      const drift = await report.getEntityDrift(PAYMENTS);
      expect(
        drift.references.find(r => r.environment === 'staging')?.promotionLag,
      ).toEqual({
        environment: 'production',
        version: '1.4.0',
        since: MONDAY.toISOString(),
      });
    });
  },
);
