import {
  ORDERS,
  PAYMENTS,
  SEARCH,
  createFilledStores,
  databases,
  moduleInfo,
} from './__testUtils__/driftFixtures';

/**
 * The filled stores with deploy required of every service and vpc required at 1.4.0 or newer:
 * payments calls deploy but pins vpc 1.2.0 in production; orders and search never call deploy,
 * and search follows vpc's default branch.
 */
async function storesWithRequirements(
  id: Parameters<typeof createFilledStores>[0],
) {
  const stores = await createFilledStores(id);
  await stores.repositories.replacePlatformModules('acme', [
    moduleInfo('vpc', {
      latest: '1.10.0',
      versions: ['1.10.0', '1.4.0', '1.2.0'],
      required: { versions: '>= 1.4.0' },
    }),
    moduleInfo('deploy', { kind: 'github-workflow', required: {} }),
    moduleInfo('rds'),
  ]);
  return stores;
}

describe.each(databases.eachSupportedId())(
  'required modules in the report on %s',
  id => {
    it('keeps the requirement with the module', async () => {
      const { repositories: store } = await storesWithRequirements(id);
      const modules = await store.listModules();
      expect(modules.map(module => [module.name, module.required])).toEqual([
        ['deploy', {}],
        ['rds', undefined],
        ['vpc', { versions: '>= 1.4.0' }],
      ]);
    });

    it('lists every scanned service that misses a required module or pins it outside the range', async () => {
      const { report } = await storesWithRequirements(id);
      const all = await report.listRequiredModuleFindings({});
      expect(
        all.items.map(
          item =>
            `${item.entityRef} ${item.owner} ${item.finding.module}: ${item.finding.message}`,
        ),
      ).toEqual([
        `${ORDERS} group:default/team-orders deploy: missing required module deploy`,
        `${PAYMENTS} group:default/team-payments vpc: required module vpc must be >= 1.4.0; infra/production/main.tf:3 pins 1.2.0, infra/production/main.tf:20 pins 1.2.0`,
        `${SEARCH} group:default/team-search deploy: missing required module deploy`,
        `${SEARCH} group:default/team-search vpc: required module vpc must be >= 1.4.0; main.tf:1 pins no release (no ref)`,
      ]);
      expect(all.services).toBe(3);

      const search = await report.listRequiredModuleFindings({
        owner: ['group:default/team-search'],
        module: ['vpc'],
      });
      expect(search.items.map(item => item.entityRef)).toEqual([SEARCH]);
      expect(
        (await report.listRequiredModuleFindings({ entityRef: [ORDERS] }))
          .items,
      ).toHaveLength(1);
    });

    it('counts the findings in the summary, whatever its filter, and shows them on the entity', async () => {
      const { report } = await storesWithRequirements(id);
      expect(
        (await report.getSummary({ module: ['rds'] })).requiredModules,
      ).toEqual({ services: 3, findings: 4 });
      const orders = await report.getEntityDrift(ORDERS);
      expect(orders.requiredModules?.map(f => f.problem)).toEqual(['missing']);
    });

    it('judges no service before its first scan, and nothing when no module is required', async () => {
      const { repositories: store, report } = await storesWithRequirements(id);
      await store.upsertRepository({
        entityRef: 'component:default/new-service',
        url: 'https://git.example.com/acme/new-service',
      });
      const fresh = await report.getEntityDrift(
        'component:default/new-service',
      );
      expect(fresh.requiredModules).toBeUndefined();
      expect(
        (
          await report.listRequiredModuleFindings({
            entityRef: ['component:default/new-service'],
          })
        ).items,
      ).toEqual([]);

      // Its first scan, with no references at all, makes it a service that misses both.
      await store.replaceRepositoryResults('component:default/new-service', {
        commit: 'c0ffee',
        platformFingerprint: 'fp',
        scannedAt: new Date('2026-12-01T08:00:00Z'),
        filesScanned: 1,
        rows: [],
        problems: [],
      });
      expect((await report.getSummary({})).requiredModules).toEqual({
        services: 4,
        findings: 6,
      });

      await store.replacePlatformModules('acme', [moduleInfo('vpc')]);
      expect((await report.getSummary({})).requiredModules).toBeUndefined();
      expect((await report.getEntityDrift(ORDERS)).requiredModules).toBe(
        undefined,
      );
    });
  },
);
