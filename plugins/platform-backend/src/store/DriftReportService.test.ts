import { TestDatabaseId } from '@backstage/backend-test-utils';
import {
  CallStatus,
  driftVerdicts,
} from '@platform-portal/plugin-platform-common';
import {
  ORDERS,
  PAYMENTS,
  SEARCH,
  createFilledStores,
  filledCallStatusCounts,
  filledVerdictCounts,
  moduleInfo,
  ordersRows,
  paymentsRows,
  replace,
  repositories,
  row,
  searchRows,
  databases,
} from './__testUtils__/driftFixtures';
import { createPlatformStores } from './createPlatformStores';
import { DatabaseRepositoryResultStore } from './DatabaseRepositoryResultStore';
import { DatabaseTrendStore } from './DatabaseTrendStore';
import { ConfigReader } from '@backstage/config';
import {
  DriftReportService,
  environmentOrderFromConfig,
} from './DriftReportService';
import { LocalWrites } from './LocalWrites';
import { openPlatformDatabase } from './openPlatformDatabase';
import {
  DriftRowInput,
  ReportDataStore,
  RepositoryResultStore,
} from './RepositoryResultStore';

/** Payments' production pins vpc 1.2.0 twice while its staging pins 1.4.0. */
const promotionLag = { services: 1, references: 2 };

describe.each(databases.eachSupportedId())('DriftReportService on %s', id => {
  describe('reports', () => {
    it('filters drift rows, with alternatives within a field', async () => {
      const { report } = await createFilledStores(id);
      const count = async (query: Parameters<typeof report.queryDrift>[0]) =>
        (await report.queryDrift(query)).totalCount;

      expect(await count({})).toBe(8);
      expect(await count({ module: ['vpc'] })).toBe(5);
      expect(await count({ module: ['vpc', 'rds'] })).toBe(6);
      expect(await count({ module: [''] })).toBe(1);
      expect(
        await count({ module: ['vpc'], verdict: ['up-to-date', 'unpinned'] }),
      ).toBe(3);
      expect(await count({ owner: ['group:default/team-orders'] })).toBe(3);
      expect(await count({ environment: ['production'] })).toBe(3);
      expect(await count({ environment: ['staging', ''] })).toBe(5);
      expect(await count({ kind: ['github-reusable-workflow'] })).toBe(1);
      expect(await count({ entityRef: [SEARCH, ORDERS] })).toBe(4);
      expect(await count({ verdict: [] })).toBe(8);
      expect(
        await count({ entityRef: [SEARCH], verdict: ['up-to-date'] }),
      ).toBe(0);
    });

    it('filters by how calls fare against their interface, leaving out rows never checked', async () => {
      const { report } = await createFilledStores(id);
      const page = async (query: Parameters<typeof report.queryDrift>[0]) =>
        report.queryDrift({ ...query, limit: 100 });

      for (const [status, count] of Object.entries(filledCallStatusCounts)) {
        const rows = await page({ callStatus: [status as CallStatus] });
        expect({ status, count: rows.totalCount }).toEqual({ status, count });
        expect(rows.items.every(item => item.callStatus === status)).toBe(true);
      }
      expect(
        (await page({ callStatus: ['broken', 'breaking-upgrade'] })).totalCount,
      ).toBe(3);
      expect(
        (
          await page({
            callStatus: ['broken'],
            owner: [repositories[0].owner!],
          })
        ).totalCount,
      ).toBe(0);
      // Every row, checked or not, when the filter is empty.
      expect((await page({ callStatus: [] })).totalCount).toBe(8);
      expect(
        (await report.getSummary({ callStatus: ['breaking-upgrade'] }))
          .byVerdict,
      ).toEqual({ 'minor-behind': 2 });

      const [broken] = (await page({ callStatus: ['broken'] })).items;
      expect(broken).toMatchObject({
        entityRef: ORDERS,
        file: 'terraform/main.tf',
        callFindings: ordersRows[0].callFindings,
      });
      expect(broken.upgrade).toBeUndefined();
      const facing = (await report.getEntityDrift(PAYMENTS)).references.find(
        reference => reference.callStatus === 'breaking-upgrade',
      );
      expect(facing?.upgrade).toEqual({
        to: '1.10.0',
        breaking: true,
        needs: ['needs `cidr` (new, required)'],
      });
      // As answered: a row's absent values are left out of its JSON.
      const unchecked = JSON.parse(
        JSON.stringify((await page({ entityRef: [SEARCH] })).items[0]),
      );
      expect(unchecked.entityRef).toBe(SEARCH);
      expect(unchecked).not.toHaveProperty('callStatus');
      expect(unchecked).not.toHaveProperty('callFindings');
    });

    it('keeps exactly the listed verdicts when the list names most of them', async () => {
      const { report } = await createFilledStores(id);
      const all = (await report.queryDrift({ limit: 100 })).items;
      for (const left of [
        ['up-to-date'],
        ['external', 'local'],
        ['unpinned', 'major-behind', 'patch-behind'],
      ]) {
        const verdict = driftVerdicts.filter(v => !left.includes(v));
        const page = await report.queryDrift({ verdict, limit: 100 });
        const expected = all.filter(item => !left.includes(item.verdict));
        expect(page.totalCount).toBe(expected.length);
        expect(page.items.map(item => item.id).sort()).toEqual(
          expected.map(item => item.id).sort(),
        );
        for (const sort of ['verdict', 'module', 'entity'] as const) {
          const sorted = await report.queryDrift({ verdict, sort, limit: 100 });
          expect(sorted.items).toHaveLength(expected.length);
        }
      }
    });

    it('searches text case-insensitively and literally', async () => {
      const { report } = await createFilledStores(id);
      const files = async (text: string) =>
        (await report.queryDrift({ text })).items.map(i => i.file);

      // Entity.
      expect(await files('PAYMENTS-api')).toHaveLength(4);
      // Module and source.
      expect(await files('Consul')).toEqual(['terraform/consul.tf']);
      expect(await files('rds')).toEqual(['terraform/db.tf']);
      // File.
      expect(await files('infra/STAGING')).toEqual(['infra/staging/main.tf']);
      // Explanation, and wildcards taken literally.
      expect(await files('100%')).toEqual(['terraform/db.tf']);
      expect(await files('%')).toEqual(['terraform/db.tf']);
      expect(await files('_')).toEqual(['.github/workflows/deploy_prod.yml']);
      expect(await files('nothing like this')).toEqual([]);
      expect(await files('  ')).toHaveLength(8);
      // Combined with other filters.
      expect(
        (
          await report.queryDrift({
            text: 'main.tf',
            owner: [repositories[0].owner!],
          })
        ).totalCount,
      ).toBe(3);
    });

    it('sorts and pages drift rows', async () => {
      const { report } = await createFilledStores(id);

      const page = await report.queryDrift({ limit: 3, offset: 2 });
      expect(page.totalCount).toBe(8);
      expect(page.offset).toBe(2);
      expect(page.limit).toBe(3);
      // By entity, then file and line.
      expect(page.items.map(i => [i.entityRef, i.file, i.line])).toEqual([
        [ORDERS, 'terraform/main.tf', 1],
        [PAYMENTS, '.github/workflows/deploy_prod.yml', 12],
        [PAYMENTS, 'infra/production/main.tf', 3],
      ]);

      const defaults = await report.queryDrift({});
      expect(defaults.offset).toBe(0);
      expect(defaults.limit).toBe(50);
      expect(defaults.items).toHaveLength(8);
      expect((await report.queryDrift({ limit: 10_000 })).limit).toBe(500);
      expect((await report.queryDrift({ offset: 8, limit: 10 })).items).toEqual(
        [],
      );

      const all = [...defaults.items];
      const paged = [
        ...(await report.queryDrift({ limit: 5 })).items,
        ...(await report.queryDrift({ limit: 5, offset: 5 })).items,
      ];
      expect(paged).toEqual(all);

      const verdicts = await report.queryDrift({
        sort: 'verdict',
        order: 'desc',
      });
      expect(verdicts.items.map(i => i.verdict)).toEqual([
        'deprecated',
        'unpinned',
        'major-behind',
        'minor-behind',
        'minor-behind',
        'up-to-date',
        'up-to-date',
        'external',
      ]);

      // Versions in semver order, rows without one last in either direction.
      const versions = async (order: 'asc' | 'desc') =>
        (await report.queryDrift({ sort: 'version', order })).items.map(
          i => i.version ?? null,
        );
      expect(await versions('asc')).toEqual([
        '0.9.0',
        '1.2.0',
        '1.2.0',
        '1.4.0',
        '1.10.0',
        '2.0.0',
        null,
        null,
      ]);
      expect(await versions('desc')).toEqual([
        '2.0.0',
        '1.10.0',
        '1.4.0',
        '1.2.0',
        '1.2.0',
        '0.9.0',
        null,
        null,
      ]);

      const modules = await report.queryDrift({
        sort: 'module',
        order: 'desc',
      });
      expect(modules.items.map(i => i.module ?? null)).toEqual([
        'vpc',
        'vpc',
        'vpc',
        'vpc',
        'vpc',
        'rds',
        'deploy',
        null,
      ]);
      // Ties broken by entity, file and line.
      expect(modules.items.slice(0, 5).map(i => [i.entityRef, i.line])).toEqual(
        [
          [ORDERS, 1],
          [PAYMENTS, 3],
          [PAYMENTS, 20],
          [PAYMENTS, 1],
          [SEARCH, 1],
        ],
      );

      const owners = await report.queryDrift({ sort: 'owner', limit: 1 });
      expect(owners.items[0].owner).toBe('group:default/team-orders');
      const environments = await report.queryDrift({
        sort: 'environment',
        order: 'desc',
        limit: 1,
      });
      expect(environments.items[0].environment).toBe('staging');
      const byFile = await report.queryDrift({ sort: 'file', limit: 1 });
      expect(byFile.items[0].file).toBe('.github/workflows/deploy_prod.yml');
    });

    it('summarises the drift under a filter', async () => {
      const { report } = await createFilledStores(id);
      expect(await report.getSummary({})).toEqual({
        total: 8,
        services: 3,
        byVerdict: filledVerdictCounts,
        byModule: [
          { module: 'vpc', total: 5, drifted: 3 },
          { module: 'deploy', total: 1, drifted: 1 },
          { module: 'rds', total: 1, drifted: 1 },
        ],
        promotionLag,
      });
      expect(
        await report.getSummary({ owner: ['group:default/team-orders'] }),
      ).toEqual({
        total: 3,
        services: 1,
        byVerdict: { 'up-to-date': 1, external: 1, deprecated: 1 },
        byModule: [
          { module: 'rds', total: 1, drifted: 1 },
          { module: 'vpc', total: 1, drifted: 0 },
        ],
        promotionLag,
      });
      expect(await report.getSummary({ text: 'no such thing' })).toEqual({
        total: 0,
        services: 0,
        byVerdict: {},
        byModule: [],
        promotionLag,
      });
    });

    it('finds production behind staging, filters by it and counts it across the organisation', async () => {
      const { report } = await createFilledStores(id);
      const lagging = await report.queryDrift({ promotion: ['lagging'] });
      expect(
        lagging.items.map(r => [r.entityRef, r.environment, r.line]),
      ).toEqual([
        [PAYMENTS, 'production', 3],
        [PAYMENTS, 'production', 20],
      ]);
      // Since the scan that first saw it (the fixtures scan once).
      expect(lagging.items[0].promotionLag).toEqual({
        environment: 'staging',
        version: '1.4.0',
        since: '2026-11-21T08:00:00.000Z',
      });
      // Orders' production pins the latest release: nothing earlier is ahead of it.
      const orders = await report.getEntityDrift(ORDERS);
      expect(orders.references.some(r => r.promotionLag)).toBe(false);
      expect((await report.getSummary({ promotion: ['lagging'] })).total).toBe(
        2,
      );
      expect(
        (await report.getSummary({ entityRef: [SEARCH] })).promotionLag,
      ).toEqual({ services: 1, references: 2 });
    });

    it('judges promotion by the configured order of environments', async () => {
      const { report } = await createFilledStores(id);
      // Staging after production: staging's 1.4.0 is ahead of production, so nothing lags.
      report.connect({ environments: ['production', 'staging'] });
      expect(
        (await report.queryDrift({ promotion: ['lagging'] })).totalCount,
      ).toBe(0);
      const other = await createFilledStores(id);
      other.report.connect({
        environments: [['stage', 'staging'], 'production'],
      });
      expect(
        (await other.report.queryDrift({ promotion: ['lagging'] })).totalCount,
      ).toBe(2);
    });

    it('marks the rows an open upgrade change is for, and filters by them', async () => {
      const { report } = await createFilledStores(id);
      const change = {
        entityRef: PAYMENTS,
        module: 'vpc',
        version: '1.10.0',
        branch: 'platform/upgrade/vpc-1.10.0',
        url: 'https://git.example.com/acme/payments/compare/main...platform/upgrade/vpc-1.10.0',
      };
      let changes = [
        change,
        // Orders already pins 1.10.0 in production: it waits for nothing.
        { ...change, entityRef: ORDERS, environment: 'production' },
      ];
      let reads = 0;
      report.connect({
        openUpgrades: async () => {
          reads++;
          return changes;
        },
      });
      const open = await report.queryDrift({ upgrade: ['open'] });
      expect(open.items.map(r => [r.entityRef, r.environment])).toEqual([
        [PAYMENTS, 'production'],
        [PAYMENTS, 'production'],
        [PAYMENTS, 'staging'],
      ]);
      expect(open.items[0].openUpgrade).toEqual({
        version: '1.10.0',
        branch: 'platform/upgrade/vpc-1.10.0',
        url: change.url,
        state: 'open',
      });
      // Rows of other modules of the service are not marked.
      const all = await report.queryDrift({ entityRef: [PAYMENTS] });
      expect(all.items.find(r => r.module === 'deploy')?.openUpgrade).toBe(
        undefined,
      );
      expect((await report.getSummary({ upgrade: ['open'] })).total).toBe(3);
      // A change started a moment ago shows at the next answer; concurrent answers share a read.
      changes = [];
      reads = 0;
      const [page, summary] = await Promise.all([
        report.queryDrift({ upgrade: ['open'] }),
        report.getSummary({ upgrade: ['open'] }),
      ]);
      expect([page.totalCount, summary.total, reads]).toEqual([0, 0, 1]);
      // A page answered before with other changes is marked by the changes open now.
      const unmarked = await report.queryDrift({ entityRef: [PAYMENTS] });
      expect(unmarked.items.filter(r => r.openUpgrade)).toEqual([]);

      // A change for one environment marks only that environment's rows.
      changes = [{ ...change, environment: 'staging' }];
      const later = await createFilledStores(id);
      later.report.connect({ openUpgrades: async () => changes });
      const staging = await later.report.queryDrift({ upgrade: ['open'] });
      expect(staging.items.map(r => r.environment)).toEqual(['staging']);
    });

    it('answers without upgrade links when the changes cannot be read, unless asked to filter by them', async () => {
      const { report } = await createFilledStores(id);
      report.connect({
        openUpgrades: async () => {
          throw new Error('no upgrade table');
        },
      });
      expect((await report.queryDrift({})).totalCount).toBe(8);
      await expect(report.queryDrift({ upgrade: ['open'] })).rejects.toThrow(
        'no upgrade table',
      );
    });

    it('keeps the summary, facets and totals equal to what the rows say through every write', async () => {
      const {
        knex,
        repositories: results,
        report,
      } = await createFilledStores(id);
      /** What the summary, facets and totals say, against the rows themselves. */
      const expectConsistent = async () => {
        const rows = await knex('platform_drift_rows').select(
          'entity_ref',
          'owner',
          'module',
          'verdict',
          'environment',
          'kind',
        );
        const owners = [...new Set(rows.map(r => r.owner).filter(Boolean))];
        for (const filter of [
          {},
          { owner: owners.slice(0, 1) },
          { verdict: ['up-to-date' as const, 'deprecated' as const] },
          { module: ['vpc', ''], environment: ['production'] },
          { kind: ['terraform-module' as const], owner: [''] },
        ]) {
          const matching = rows.filter(r =>
            Object.entries(filter).every(([key, values]) =>
              (values as string[]).includes(
                (r as Record<string, string | null>)[key] ?? '',
              ),
            ),
          );
          const summary = await report.getSummary(filter);
          expect(summary.total).toBe(matching.length);
          expect(summary.services).toBe(
            new Set(matching.map(r => r.entity_ref)).size,
          );
          const byVerdict: Record<string, number> = {};
          for (const r of matching) {
            byVerdict[r.verdict] = (byVerdict[r.verdict] ?? 0) + 1;
          }
          expect(summary.byVerdict).toEqual(byVerdict);
          expect(summary.byModule.reduce((sum, m) => sum + m.total, 0)).toBe(
            matching.filter(r => r.module).length,
          );
          expect((await report.queryDrift(filter)).totalCount).toBe(
            matching.length,
          );
        }
        const facets = await report.getFacets();
        expect(facets.owners).toEqual(
          [...new Set(rows.map(r => r.owner).filter(Boolean))].sort(),
        );
        expect(facets.modules).toEqual(
          [...new Set(rows.map(r => r.module).filter(Boolean))].sort(),
        );
        expect(facets.environments).toEqual(
          [...new Set(rows.map(r => r.environment).filter(Boolean))].sort(),
        );
      };

      await expectConsistent();
      // A rescan with other results.
      await replace(results, PAYMENTS, [
        ...paymentsRows.slice(1),
        ...searchRows,
      ]);
      await replace(results, SEARCH, []);
      await expectConsistent();
      // The owner changes in the catalog; a repository is gone.
      await results.syncRepositories([
        { ...repositories[0], owner: 'group:default/team-money' },
        { ...repositories[1], owner: undefined },
      ]);
      await expectConsistent();
      await results.upsertRepository({
        ...repositories[1],
        owner: 'group:default/team-orders',
      });
      await expectConsistent();
      // A failed write changes nothing (a driver error may come from another realm, which
      // `rejects.toThrow` misses).
      const failure = await results
        .replaceRepositoryResults(ORDERS, {
          commit: 'bad',
          platformFingerprint: 'fp-1',
          scannedAt: new Date(),
          filesScanned: 1,
          rows: [{ ...ordersRows[0], file: null as unknown as string }],
          problems: [],
        })
        .then(
          () => 'no error',
          (error: unknown) => String(error),
        );
      expect(failure).toMatch(/null/i);
      await expectConsistent();
      expect(await report.getSummary({})).toMatchObject({ services: 2 });
    });

    it('shows the adoption of a module by version', async () => {
      const { repositories: results, report } = await createFilledStores(id);
      expect(await report.getModuleAdoption('missing')).toBeUndefined();
      expect(await report.getModuleAdoption('vpc', 'other')).toBeUndefined();

      const adoption = await report.getModuleAdoption('vpc');
      expect(adoption?.module).toEqual(
        moduleInfo('vpc', {
          latest: '1.10.0',
          versions: ['1.10.0', '1.4.0', '1.2.0'],
        }),
      );
      expect(adoption?.versions).toEqual([
        {
          version: '1.10.0',
          verdict: 'up-to-date',
          environments: { production: 1 },
          serviceCount: 1,
          services: [
            {
              entityRef: ORDERS,
              owner: 'group:default/team-orders',
              environment: 'production',
            },
          ],
        },
        {
          version: '1.4.0',
          verdict: 'up-to-date',
          environments: { staging: 1 },
          serviceCount: 1,
          services: [
            {
              entityRef: PAYMENTS,
              owner: 'group:default/team-payments',
              environment: 'staging',
            },
          ],
        },
        {
          version: '1.2.0',
          verdict: 'minor-behind',
          environments: { production: 2 },
          serviceCount: 1,
          services: [
            {
              entityRef: PAYMENTS,
              owner: 'group:default/team-payments',
              environment: 'production',
            },
          ],
        },
        {
          verdict: 'unpinned',
          environments: { '': 1 },
          serviceCount: 1,
          services: [{ entityRef: SEARCH, owner: 'group:default/team-search' }],
        },
      ]);
      // Orders is on the latest release only; payments is behind in one of its environments.
      expect(adoption).toMatchObject({ serviceCount: 3, servicesBehind: 2 });

      // The most severe verdict of a version wins.
      await replace(results, SEARCH, [
        row({ verdict: 'minor-behind', version: '1.2.0' }),
        row({ verdict: 'deprecated', version: '1.2.0', line: 2 }),
        row({ verdict: 'patch-behind', version: '1.2.0', line: 3 }),
      ]);
      const after = await report.getModuleAdoption('vpc', 'acme');
      expect(after?.versions.map(v => [v.version, v.verdict])).toEqual([
        ['1.10.0', 'up-to-date'],
        ['1.4.0', 'up-to-date'],
        ['1.2.0', 'deprecated'],
      ]);
      expect(after?.versions[2].environments).toEqual({
        production: 2,
        '': 3,
      });
      expect(after?.versions[2].services.map(s => s.entityRef)).toEqual([
        PAYMENTS,
        SEARCH,
      ]);

      // A module nobody uses.
      await results.replacePlatformModules('acme', [moduleInfo('queue')]);
      expect(await report.getModuleAdoption('queue')).toMatchObject({
        versions: [],
        serviceCount: 0,
        servicesBehind: 0,
      });
    });

    it('lists at most the services asked for on each version, and counts them all', async () => {
      const { repositories: results, report } = await createFilledStores(id);
      // Beside payments, two more services on vpc 1.2.0, one of them in two environments.
      const AUDIT = 'component:default/audit-log';
      const LEDGER = 'component:default/ledger';
      await results.syncRepositories([
        ...repositories,
        ...[AUDIT, LEDGER].map(entityRef => ({
          entityRef,
          url: `https://git.example.com/acme/${entityRef.split('/')[1]}`,
        })),
      ]);
      await replace(results, AUDIT, [
        row({ verdict: 'minor-behind', version: '1.2.0' }),
      ]);
      await replace(results, LEDGER, [
        row({
          verdict: 'minor-behind',
          version: '1.2.0',
          environment: 'production',
        }),
        row({
          verdict: 'minor-behind',
          version: '1.2.0',
          environment: 'staging',
          file: 'staging.tf',
        }),
      ]);

      const cut = await report.getModuleAdoption('vpc', undefined, {
        servicesPerVersion: 2,
      });
      const onVersion = (version: string) =>
        cut?.versions.find(group => group.version === version);
      expect(onVersion('1.2.0')?.serviceCount).toBe(3);
      expect(
        onVersion('1.2.0')?.services.map(s => [s.entityRef, s.environment]),
      ).toEqual([
        [AUDIT, undefined],
        [LEDGER, 'production'],
      ]);
      expect(onVersion('1.10.0')?.services.map(s => s.entityRef)).toEqual([
        ORDERS,
      ]);
      expect(cut).toMatchObject({ serviceCount: 5, servicesBehind: 4 });

      // Without a limit, every service of every version, as before.
      const all = await report.getModuleAdoption('vpc');
      expect(
        all?.versions
          .find(group => group.version === '1.2.0')
          ?.services.map(s => [s.entityRef, s.environment]),
      ).toEqual([
        [AUDIT, undefined],
        [LEDGER, 'production'],
        [LEDGER, 'staging'],
        [PAYMENTS, 'production'],
      ]);
      expect(all).toMatchObject({ serviceCount: 5, servicesBehind: 4 });
      // The same answer while the data holds, so that its serialisation is kept.
      expect(
        await report.getModuleAdoption('vpc', undefined, {
          servicesPerVersion: 2,
        }),
      ).toBe(cut);
    });

    it('lists which modules each service uses', async () => {
      const { report } = await createFilledStores(id);
      expect(await report.listDependencies()).toEqual([
        {
          entityRef: ORDERS,
          modules: [
            { platform: 'acme', module: 'rds' },
            { platform: 'acme', module: 'vpc' },
          ],
        },
        {
          entityRef: PAYMENTS,
          modules: [
            { platform: 'acme', module: 'deploy' },
            { platform: 'acme', module: 'vpc' },
          ],
        },
        { entityRef: SEARCH, modules: [{ platform: 'acme', module: 'vpc' }] },
      ]);
    });

    it('answers for an entity without a repository', async () => {
      const { report } = await createFilledStores(id);
      expect(await report.getEntityDrift('component:default/none')).toEqual({
        entityRef: 'component:default/none',
        references: [],
        problems: [],
      });
    });

    it('lists the platform modules by platform and name', async () => {
      const { repositories: results, report } = await createFilledStores(id);
      expect((await report.listModules()).map(m => m.name)).toEqual([
        'deploy',
        'rds',
        'vpc',
      ]);
      await results.replacePlatformModules('other', [
        moduleInfo('eks', { platform: 'other' }),
      ]);
      expect(await report.listModules()).toEqual(await results.listModules());
    });
  });

  describe('freshness', () => {
    const SERVICE = PAYMENTS;

    function rows(count: number): DriftRowInput[] {
      return Array.from({ length: count }, (_, i) =>
        row({ verdict: 'up-to-date', line: i + 1 }),
      );
    }

    async function results(store: RepositoryResultStore, count: number) {
      await store.replaceRepositoryResults(SERVICE, {
        commit: `commit-${count}`,
        platformFingerprint: 'fp',
        scannedAt: new Date('2026-12-01T08:00:00Z'),
        filesScanned: 1,
        rows: rows(count),
        problems: [],
      });
    }

    /**
     * One instance's stores and report, its data read through `data` (counted or failing in
     * some tests), and another instance's stores on the same database.
     */
    async function createInstances(
      databaseId: TestDatabaseId,
      options: {
        checkIntervalMs: number;
        now?: () => number;
        data?: (store: ReportDataStore) => ReportDataStore;
      },
    ) {
      const knex = await databases.init(databaseId);
      const database = { getClient: async () => knex };
      const db = await openPlatformDatabase({ database });
      const writes = new LocalWrites();
      const store = new DatabaseRepositoryResultStore(db, writes);
      const trends = new DatabaseTrendStore(db, writes);
      await store.syncRepositories([
        { entityRef: SERVICE, url: 'https://git.example.com/acme/payments' },
      ]);
      await results(store, 1);
      const report = new DriftReportService({
        data: options.data?.(store) ?? store,
        trends,
        writes,
        checkIntervalMs: options.checkIntervalMs,
        now: options.now,
      });
      const otherInstance = await createPlatformStores({
        database,
        skipMigrations: true,
      });
      return { store, trends, report, otherInstance };
    }

    /** Counts the reads of the report's data that reach the database. */
    function counting(store: ReportDataStore) {
      const calls = { loads: 0, checks: 0 };
      const data: ReportDataStore = {
        getReportGeneration: () => {
          calls.checks++;
          return store.getReportGeneration();
        },
        loadReportData: onRows => {
          calls.loads++;
          return store.loadReportData(onRows);
        },
        listRepositoryStatuses: () => store.listRepositoryStatuses(),
        readStatusChanges: since => store.readStatusChanges(since),
      };
      return { data, calls };
    }

    const total = async (report: DriftReportService) =>
      (await report.queryDrift({})).totalCount;

    it('answers a write through this instance at the next read', async () => {
      const { store, report } = await createInstances(id, {
        checkIntervalMs: 60_000,
      });
      expect(await total(report)).toBe(1);
      await results(store, 3);
      expect(await total(report)).toBe(3);
      expect((await report.getSummary({})).total).toBe(3);
      await store.replacePlatformModules('acme', [moduleInfo('vpc')]);
      expect((await report.listModules()).map(m => m.name)).toEqual(['vpc']);
      expect(await report.listDependencies()).toEqual([
        { entityRef: SERVICE, modules: [{ platform: 'acme', module: 'vpc' }] },
      ]);
      await store.syncRepositories([]);
      expect(await total(report)).toBe(0);
      expect(await report.getFacets()).toEqual({
        owners: [],
        modules: [],
        environments: [],
        kinds: [],
      });
      expect(await report.listDependencies()).toEqual([]);
    });

    it("shows another instance's writes once the check interval has passed", async () => {
      let clock = 0;
      const { report, otherInstance } = await createInstances(id, {
        checkIntervalMs: 10_000,
        now: () => clock,
      });
      expect(await total(report)).toBe(1);

      await results(otherInstance.repositories, 4);
      clock = 9_000;
      expect(await total(report)).toBe(1);
      clock = 10_000;
      expect(await total(report)).toBe(4);
    });

    it('works out the required-module findings from the statuses kept, reading again only those written since', async () => {
      let clock = 0;
      // How many statuses each read of the changes brought.
      const statusesRead: number[] = [];
      const { store, report, otherInstance } = await createInstances(id, {
        checkIntervalMs: 10_000,
        now: () => clock,
        data: data => ({
          ...counting(data).data,
          readStatusChanges: async since => {
            const changes = await data.readStatusChanges(since);
            statusesRead.push(changes.statuses.length);
            return changes;
          },
        }),
      });
      await store.upsertRepository({
        entityRef: SEARCH,
        url: 'https://git.example.com/acme/search',
      });
      await store.replacePlatformModules('acme', [
        moduleInfo('deploy', { kind: 'github-workflow', required: {} }),
      ]);
      const required = async () =>
        (await report.getSummary({})).requiredModules;
      // Payments never calls deploy; search was never scanned.
      expect(await required()).toEqual({ services: 1, findings: 1 });
      clock = 25_000;
      expect(await required()).toEqual({ services: 1, findings: 1 });
      expect(statusesRead).toEqual([2]);

      // Another instance's first scan of orders moves the generation: counted after the check.
      await otherInstance.repositories.upsertRepository({
        entityRef: ORDERS,
        url: 'https://git.example.com/acme/orders',
      });
      await results(otherInstance.repositories, 1);
      await replace(otherInstance.repositories, ORDERS, [
        row({ verdict: 'up-to-date' }),
      ]);
      expect(await required()).toEqual({ services: 1, findings: 1 });
      clock = 40_000;
      expect(await required()).toEqual({ services: 2, findings: 2 });
      // Payments and orders, not search, which no write touched.
      expect(statusesRead).toEqual([2, 2]);
      expect((await report.getEntityDrift(SEARCH)).repository).toMatchObject({
        status: 'pending',
      });
      expect(statusesRead).toEqual([2, 2]);
    });

    it('works out the required-module findings of a new report from statuses at least as new as its rows', async () => {
      let clock = 0;
      const { store, report, otherInstance } = await createInstances(id, {
        checkIntervalMs: 10_000,
        now: () => clock,
      });
      await store.replacePlatformModules('acme', [
        moduleInfo('deploy', { kind: 'github-workflow', required: {} }),
      ]);
      const required = async () =>
        (await report.getSummary({})).requiredModules;
      expect(await required()).toEqual({ services: 1, findings: 1 });

      // The statuses are read again after a failure through this instance, the report is not.
      clock = 6_000;
      await store.recordRepositoryFailure(SERVICE, {
        error: 'timeout',
        checkedAt: new Date(),
      });
      expect((await report.getEntityDrift(SERVICE)).repository).toMatchObject({
        status: 'failed',
      });
      // Then another instance's first scan of orders.
      await otherInstance.repositories.upsertRepository({
        entityRef: ORDERS,
        url: 'https://git.example.com/acme/orders',
      });
      await replace(otherInstance.repositories, ORDERS, [
        row({ verdict: 'up-to-date' }),
      ]);
      // The report's rows are read again; the statuses kept, four seconds old, missed orders.
      clock = 10_000;
      expect(await required()).toEqual({ services: 2, findings: 2 });
    });

    it('answers a filter it has answered before anew after a write, through this instance or another', async () => {
      let clock = 0;
      const { store, report, otherInstance } = await createInstances(id, {
        checkIntervalMs: 10_000,
        now: () => clock,
      });
      const filter = {
        module: ['vpc'],
        verdict: ['up-to-date' as const],
        text: 'CHECKED',
      };
      const answer = async () => {
        const page = await report.queryDrift({
          ...filter,
          sort: 'file',
          order: 'desc',
          limit: 2,
        });
        return {
          total: page.totalCount,
          lines: page.items.map(item => item.line),
          summary: (await report.getSummary(filter)).total,
        };
      };
      expect(await answer()).toEqual({ total: 1, lines: [1], summary: 1 });
      // Asked again: the same answer, from what the first one kept.
      expect(await answer()).toEqual({ total: 1, lines: [1], summary: 1 });

      await results(store, 3);
      expect(await answer()).toEqual({ total: 3, lines: [3, 2], summary: 3 });

      await results(otherInstance.repositories, 5);
      clock = 9_000;
      expect(await answer()).toEqual({ total: 3, lines: [3, 2], summary: 3 });
      clock = 10_000;
      expect(await answer()).toEqual({ total: 5, lines: [5, 4], summary: 5 });
    });

    it('shares one load among concurrent readers and loads again only after a change', async () => {
      let clock = 0;
      let calls = { loads: 0, checks: 0 };
      const { report, otherInstance } = await createInstances(id, {
        checkIntervalMs: 10_000,
        now: () => clock,
        data: store => {
          const counted = counting(store);
          calls = counted.calls;
          return counted.data;
        },
      });

      const answers = await Promise.all([
        total(report),
        report.getSummary({ module: ['vpc'] }),
        report.getFacets(),
        report.getModuleAdoption('vpc'),
        report.listModules(),
        report.listDependencies(),
        total(report),
      ]);
      expect(answers[0]).toBe(1);
      expect(calls).toEqual({ loads: 1, checks: 1 });

      // Within the interval: no database read at all.
      clock = 5_000;
      await total(report);
      expect(calls).toEqual({ loads: 1, checks: 1 });

      // After it: the generation is asked, and nothing has changed.
      clock = 20_000;
      await total(report);
      expect(calls).toEqual({ loads: 1, checks: 2 });

      await results(otherInstance.repositories, 2);
      clock = 40_000;
      expect(await total(report)).toBe(2);
      expect(calls).toEqual({ loads: 2, checks: 3 });
    });

    it('answers a report a few builds behind a running scan, and the whole scan once it ends', async () => {
      let clock = 0;
      const { store, report } = await createInstances(id, {
        checkIntervalMs: 10_000,
        now: () => clock,
        // Each build takes two seconds, as 1,000,000 rows take tens.
        data: data => ({
          ...counting(data).data,
          loadReportData: async onRows => {
            clock += 2_000;
            return data.loadReportData(onRows);
          },
        }),
      });
      expect(await total(report)).toBe(1);

      // The scan writes a batch: for three times the build's two seconds, the report built stays.
      await results(store, 2);
      clock = 7_900;
      expect(await total(report)).toBe(1);
      clock = 8_000;
      expect(await total(report)).toBe(2);

      await results(store, 3);
      expect(await total(report)).toBe(2);
      report.scanEnded();
      expect(await total(report)).toBe(3);
    });

    it('reports a failed load, and the next read tries again', async () => {
      let failures = 1;
      const { report } = await createInstances(id, {
        checkIntervalMs: 60_000,
        data: store => ({
          getReportGeneration: () => store.getReportGeneration(),
          loadReportData: async onRows => {
            if (failures > 0) {
              failures--;
              throw new Error('connection reset');
            }
            return store.loadReportData(onRows);
          },
          listRepositoryStatuses: () => store.listRepositoryStatuses(),
          readStatusChanges: since => store.readStatusChanges(since),
        }),
      });
      await expect(total(report)).rejects.toThrow('connection reset');
      expect(await total(report)).toBe(1);
    });

    it("answers an entity's page with a failure recorded through this instance at once", async () => {
      let clock = 0;
      const { store, report, otherInstance } = await createInstances(id, {
        checkIntervalMs: 10_000,
        now: () => clock,
      });
      await store.replaceRepositoryResults(SERVICE, {
        commit: 'c1',
        platformFingerprint: 'fp',
        scannedAt: new Date('2026-12-01T08:00:00Z'),
        filesScanned: 2,
        rows: rows(2),
        problems: [
          { file: 'b.tf', line: 3, message: 'Unexpected "}"' },
          { file: 'a.tf', message: 'file is not UTF-8 text; not scanned' },
        ],
      });
      expect(await report.getEntityDrift(SERVICE)).toEqual({
        entityRef: SERVICE,
        repository: await store.getRepositoryStatus(SERVICE),
        references: [
          expect.objectContaining({ line: 1 }),
          expect.objectContaining({ line: 2 }),
        ],
        problems: [
          { file: 'a.tf', message: 'file is not UTF-8 text; not scanned' },
          { file: 'b.tf', line: 3, message: 'Unexpected "}"' },
        ],
      });
      expect(await report.getEntityDrift('component:default/unknown')).toEqual({
        entityRef: 'component:default/unknown',
        references: [],
        problems: [],
      });

      await store.recordRepositoryFailure(SERVICE, {
        error: 'repository not found',
        checkedAt: new Date('2026-12-01T09:00:00Z'),
      });
      const failed = await report.getEntityDrift(SERVICE);
      expect(failed.repository).toMatchObject({
        status: 'failed',
        error: 'repository not found',
      });
      // The previous results are kept.
      expect(failed.references).toHaveLength(2);
      expect(failed.problems.map(p => p.file)).toEqual(['a.tf', 'b.tf']);

      // Another instance's scan shows once the interval has passed.
      await results(otherInstance.repositories, 5);
      clock = 5_000;
      expect((await report.getEntityDrift(SERVICE)).references).toHaveLength(2);
      clock = 10_000;
      const rescanned = await report.getEntityDrift(SERVICE);
      expect(rescanned.references).toHaveLength(5);
      expect(rescanned.repository?.status).toBe('ok');
      expect(rescanned.problems).toEqual([]);
    });

    it("drops a repository another instance removed from entities' pages once the check interval has passed", async () => {
      let clock = 0;
      const { report, otherInstance } = await createInstances(id, {
        checkIntervalMs: 10_000,
        now: () => clock,
      });
      expect((await report.getEntityDrift(SERVICE)).repository).toMatchObject({
        status: 'ok',
      });
      await otherInstance.repositories.syncRepositories([]);
      clock = 4_000;
      expect((await report.getEntityDrift(SERVICE)).repository).toMatchObject({
        status: 'ok',
      });
      clock = 10_000;
      expect(await report.getEntityDrift(SERVICE)).toEqual({
        entityRef: SERVICE,
        references: [],
        problems: [],
      });
    });

    it("lists repositories as the database has them now, another instance's writes too", async () => {
      const { report, otherInstance } = await createInstances(id, {
        checkIntervalMs: 60_000,
        now: () => 0,
      });
      expect((await report.listRepositoryStatuses())[0].status).toBe('ok');
      await otherInstance.repositories.recordRepositoryFailure(SERVICE, {
        error: 'gone',
        checkedAt: new Date(),
      });
      expect(await report.listRepositoryStatuses()).toEqual([
        expect.objectContaining({ entityRef: SERVICE, status: 'failed' }),
      ]);
    });

    it("lists the statuses kept, with this instance's writes at once and another's after the check interval or when asked for as they are now", async () => {
      let clock = 0;
      const reads = { whole: 0, changes: 0 };
      const { store, report, otherInstance } = await createInstances(id, {
        checkIntervalMs: 10_000,
        now: () => clock,
        data: data => ({
          ...counting(data).data,
          listRepositoryStatuses: filter => {
            reads.whole++;
            return data.listRepositoryStatuses(filter);
          },
          readStatusChanges: since => {
            reads.changes++;
            return data.readStatusChanges(since);
          },
        }),
      });
      const kept = async (options?: { current?: boolean }) =>
        (await report.keptRepositoryStatuses(options))
          .map(status => `${status.entityRef} ${status.url} ${status.status}`)
          .sort();
      expect(await kept()).toEqual([
        `${SERVICE} https://git.example.com/acme/payments ok`,
      ]);

      // A project just created through this instance.
      await store.upsertRepository({
        entityRef: SEARCH,
        url: 'https://git.example.com/acme/search',
      });
      expect(await kept()).toEqual([
        `${SERVICE} https://git.example.com/acme/payments ok`,
        `${SEARCH} https://git.example.com/acme/search pending`,
      ]);

      // Another instance's: once the interval has passed, or at once when asked as it is now.
      await otherInstance.repositories.upsertRepository({
        entityRef: ORDERS,
        url: 'https://git.example.com/acme/orders',
      });
      clock = 4_000;
      expect(await kept()).not.toContainEqual(expect.stringContaining(ORDERS));
      expect(await kept({ current: true })).toContainEqual(
        `${ORDERS} https://git.example.com/acme/orders pending`,
      );
      await otherInstance.repositories.recordRepositoryFailure(SERVICE, {
        error: 'gone',
        checkedAt: new Date(),
      });
      clock = 8_000;
      expect(await kept()).toContainEqual(
        `${SERVICE} https://git.example.com/acme/payments ok`,
      );
      clock = 14_000;
      expect(await kept()).toContainEqual(
        `${SERVICE} https://git.example.com/acme/payments failed`,
      );
      // Never the whole table again: only what changed since each read.
      expect(reads).toEqual({ whole: 0, changes: 4 });
    });
  });

  describe('trends', () => {
    async function createRecorded(options: {
      checkIntervalMs: number;
      now?: () => number;
    }) {
      const knex = await databases.init(id);
      const database = { getClient: async () => knex };
      const stores = await createPlatformStores({ database, ...options });
      await stores.repositories.syncRepositories([repositories[0]]);
      await replace(stores.repositories, PAYMENTS, paymentsRows.slice(0, 2));
      await stores.trends.recordDailyCounts('2026-12-01');
      const otherInstance = await createPlatformStores({
        database,
        skipMigrations: true,
      });
      return { ...stores, otherInstance };
    }
    const minorBehind = async (report: DriftReportService) =>
      (await report.getTrends({ days: 30 }))[0].counts['minor-behind'];

    it('answers identical concurrent questions with one query', async () => {
      const { trends, report } = await createRecorded({
        checkIntervalMs: 60_000,
      });
      const spy = jest.spyOn(trends, 'getTrends');
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => minorBehind(report)),
      );
      expect(spy).toHaveBeenCalledTimes(1);
      expect(answers.every(answer => answer === 2)).toBe(true);
      // Another module is another question.
      expect(await report.getTrends({ days: 30, module: 'rds' })).toEqual([]);
      expect(spy).toHaveBeenCalledTimes(2);
    });

    it('answers any number of days, of all modules or one, as the store does, from one read of each', async () => {
      const {
        repositories: results,
        trends,
        report,
      } = await createRecorded({ checkIntervalMs: 60_000 });
      // Over a year of history, with gaps, and days on which some modules had no rows.
      for (const [day, count] of [
        ['2025-11-20', 4],
        ['2026-10-01', 1],
        ['2026-11-25', 3],
        ['2026-11-30', 2],
      ] as const) {
        await replace(results, PAYMENTS, paymentsRows.slice(0, count));
        await trends.recordDailyCounts(day);
      }
      const questions = [1, 2, 6, 7, 30, 61, 62, 90, 366, 367].flatMap(days =>
        [undefined, 'vpc', 'deploy', 'nope'].map(module => ({ days, module })),
      );
      const spy = jest.spyOn(trends, 'getTrends');
      const answers = [];
      for (const question of questions) {
        answers.push({ question, points: await report.getTrends(question) });
      }
      // A year of each, and the longer history of each.
      expect(spy).toHaveBeenCalledTimes(8);
      spy.mockRestore();
      const expected = [];
      for (const question of questions) {
        expected.push({ question, points: await trends.getTrends(question) });
      }
      expect(answers).toEqual(expected);
      expect(answers.find(a => a.question.days === 30)?.points).toHaveLength(3);
    });

    it('answers anew after counts were recorded through this instance', async () => {
      const {
        repositories: results,
        trends,
        report,
      } = await createRecorded({
        checkIntervalMs: 60_000,
      });
      expect(await minorBehind(report)).toBe(2);
      await replace(results, PAYMENTS, paymentsRows.slice(0, 1));
      // The rows changed, the recorded history did not.
      expect(await minorBehind(report)).toBe(2);
      await trends.recordDailyCounts('2026-12-01');
      expect(await minorBehind(report)).toBe(1);
    });

    it('shows counts another instance recorded once the check interval has passed', async () => {
      let clock = 1_000;
      const { report, otherInstance } = await createRecorded({
        checkIntervalMs: 50,
        now: () => clock,
      });
      expect(await minorBehind(report)).toBe(2);
      await replace(
        otherInstance.repositories,
        PAYMENTS,
        paymentsRows.slice(0, 1),
      );
      await otherInstance.trends.recordDailyCounts('2026-12-01');
      clock += 49;
      expect(await minorBehind(report)).toBe(2);
      clock += 2;
      expect(await minorBehind(report)).toBe(1);
    });

    it('does not keep a failed read', async () => {
      const { trends, report } = await createRecorded({
        checkIntervalMs: 60_000,
      });
      const spy = jest
        .spyOn(trends, 'getTrends')
        .mockRejectedValueOnce(new Error('database restarting'));
      await expect(report.getTrends({ days: 30 })).rejects.toThrow(
        'database restarting',
      );
      expect(await minorBehind(report)).toBe(2);
      expect(spy).toHaveBeenCalledTimes(2);
    });
  });
});

describe('environmentOrderFromConfig', () => {
  const read = (environments: unknown) =>
    environmentOrderFromConfig(
      new ConfigReader({ platform: { environments } } as any),
    );

  it('reads names in order, a list naming one stage, and none for the usual names', () => {
    expect(read(['dev', ['staging', 'stage'], 'prod'])).toEqual([
      'dev',
      ['staging', 'stage'],
      'prod',
    ]);
    expect(environmentOrderFromConfig(new ConfigReader({}))).toBeUndefined();
  });

  it.each([['prod'], [['dev', 3]], [['dev', []]], [['dev', '']], [{ dev: 1 }]])(
    'refuses %j, naming it',
    value => {
      expect(() => read(value)).toThrow(
        `Invalid platform.environments ${JSON.stringify(value)}`,
      );
    },
  );
});
