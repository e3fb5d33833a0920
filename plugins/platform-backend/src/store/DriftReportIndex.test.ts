import {
  CallStatus,
  DriftFilter,
  DriftQuery,
  DriftRow,
  DRIFT_SORT_FIELDS,
  DriftVerdict,
  ReferenceKind,
  driftVerdicts,
  findPromotionLags,
  servicePromotionLagKey,
  verdictSeverity,
} from '@platform-portal/plugin-platform-common';
import { Knex } from 'knex';
import {
  databases,
  indexOfRows,
  moduleInfo,
} from './__testUtils__/driftFixtures';
import { sqlReportOracle } from './__testUtils__/sqlReportOracle';
import { DatabaseRepositoryResultStore } from './DatabaseRepositoryResultStore';
import { DriftReportBuilder, DriftReportIndex } from './DriftReportIndex';
import { openPlatformDatabase } from './openPlatformDatabase';
import { DRIFT_ROWS, PROMOTION_LAGS, chunks } from './tableRows';
import { DriftRowInput, RepositoryResultStore } from './RepositoryResultStore';

/** A small deterministic random source, so that a failure can be replayed. */
function random(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(items: readonly T[]): T =>
    items[Math.floor(next() * items.length)];
  const some = <T>(items: readonly T[], most: number): T[] => {
    const count = 1 + Math.floor(next() * most);
    return [...new Set(Array.from({ length: count }, () => pick(items)))];
  };
  return { next, pick, some };
}

const OWNERS = [
  'group:default/team-a',
  'group:default/team-b',
  'group:default/Team-C',
  undefined,
];
const MODULES = ['vpc', 'rds', 'eks', undefined];
const ENVIRONMENTS = ['dev', 'staging', 'prod', undefined];
const KINDS: ReferenceKind[] = [
  'terraform-module',
  'terragrunt-source',
  'github-reusable-workflow',
];
const VERSIONS = ['1.2.0', '1.10.0', 'v2.0.0', '0.9.1-rc.1', 'main', undefined];
/** Checks of calls: none, and each status, some sharing the same findings. */
const CALL_CHECKS: Array<Partial<DriftRowInput>> = [
  {},
  {},
  { callStatus: 'ok', callFindings: [] },
  {
    callStatus: 'ok',
    callFindings: [],
    upgrade: { to: '1.10.0', breaking: false, needs: [] },
  },
  {
    callStatus: 'broken',
    callFindings: [
      {
        finding: 'missing-required-input',
        argument: 'cidr',
        message: 'requires `cidr`',
      },
      {
        finding: 'wrong-type',
        argument: 'az_count',
        message: '`az_count` is a number, not string "three"',
      },
    ],
  },
  {
    callStatus: 'breaking-upgrade',
    callFindings: [],
    upgrade: {
      to: '1.10.0',
      breaking: true,
      needs: ['needs `cidr` (new, required)', '`name` is removed'],
    },
  },
];
const CALL_STATUSES: CallStatus[] = ['ok', 'broken', 'breaking-upgrade'];
const EXPLANATIONS = [
  'Up to date',
  'Two minor releases behind (latest 1.10.0)',
  'Deprecated: 100% of new stacks use aurora_v2',
  'Not a platform module',
];

/** Services with assorted rows: absent values, repeated and mixed-case text, every verdict. */
async function fill(store: RepositoryResultStore, seed: number) {
  const rnd = random(seed);
  const modules = ['vpc', 'rds', 'eks'].map(name =>
    moduleInfo(name, { latest: '1.10.0', versions: ['1.10.0', '1.2.0'] }),
  );
  await store.replacePlatformModules('acme', modules);
  // A second platform with a module of the same name.
  await store.replacePlatformModules('zeta', [
    { ...modules[0], platform: 'zeta' },
  ]);

  const services = Array.from({ length: 30 }, (_, i) => ({
    entityRef: `component:default/svc-${String(i).padStart(2, '0')}`,
    url: `https://git.example.com/acme/svc-${i}`,
    owner: rnd.pick(OWNERS),
  }));
  await store.syncRepositories(services);
  for (const service of services) {
    const rows: DriftRowInput[] = Array.from(
      { length: Math.floor(rnd.next() * 12) },
      (_, n) => {
        const module = rnd.pick(MODULES);
        const verdict = rnd.pick(driftVerdicts) as DriftVerdict;
        const environment = rnd.pick(ENVIRONMENTS);
        const version = rnd.pick(VERSIONS);
        const releasesBehind =
          rnd.next() < 0.5 ? Math.floor(rnd.next() * 4) : undefined;
        const scmUrl =
          rnd.next() < 0.5
            ? `https://git.example.com/acme/x/blob/main/f.tf#L${n}`
            : undefined;
        const call = rnd.pick(CALL_CHECKS);
        return {
          ...call,
          ...(module && {
            module,
            platform: rnd.next() < 0.8 || module !== 'vpc' ? 'acme' : 'zeta',
          }),
          ...(environment && { environment }),
          ...(version && { version, ref: `v${version}` }),
          ...(releasesBehind !== undefined && { releasesBehind }),
          ...(scmUrl && { scmUrl }),
          ...(verdict !== 'up-to-date' && { latest: '1.10.0' }),
          kind: rnd.pick(KINDS),
          file: rnd.pick([
            'main.tf',
            `environments/${environment ?? 'x'}/Main.tf`,
            '.github/workflows/deploy_prod.yml',
          ]),
          line: 1 + Math.floor(rnd.next() * 40),
          column: 1 + Math.floor(rnd.next() * 5),
          source: module
            ? `git::https://git.example.com/acme/platform//modules/${module}?ref=${version}`
            : 'hashicorp/Consul/aws',
          name: module ? `acme/${module}` : 'hashicorp/consul/aws',
          pin: rnd.pick(['ref', 'sha', 'none', 'constraint'] as const),
          verdict,
          severity: verdictSeverity(verdict),
          explanation: rnd.pick(EXPLANATIONS),
        };
      },
    );
    await store.replaceRepositoryResults(service.entityRef, {
      commit: 'c0ffee',
      platformFingerprint: 'fp',
      scannedAt: new Date('2026-12-01T08:00:00Z'),
      filesScanned: 3,
      rows,
      problems: [],
    });
  }
  return services.map(service => service.entityRef);
}

async function indexOf(
  store: RepositoryResultStore,
): Promise<DriftReportIndex> {
  const builder = new DriftReportBuilder();
  const source = await store.loadReportData(builder);
  return builder.build(source);
}

function randomFilter(
  rnd: ReturnType<typeof random>,
  entities: string[],
): DriftFilter {
  const filter: DriftFilter = {};
  const maybe = () => rnd.next() < 0.3;
  if (maybe())
    filter.owner = rnd.some(
      OWNERS.map(o => o ?? ''),
      2,
    );
  if (maybe())
    filter.module = rnd.some(
      MODULES.map(m => m ?? ''),
      2,
    );
  if (maybe()) filter.verdict = rnd.some(driftVerdicts, 10);
  if (maybe()) {
    filter.environment = rnd.some(
      ENVIRONMENTS.map(e => e ?? ''),
      2,
    );
  }
  if (maybe()) filter.kind = rnd.some(KINDS, 2);
  if (rnd.next() < 0.1) filter.entityRef = rnd.some(entities, 3);
  if (maybe()) filter.callStatus = rnd.some(CALL_STATUSES, 2);
  if (maybe())
    filter.version = rnd.some(
      VERSIONS.map(v => v ?? ''),
      2,
    );
  if (maybe()) filter.promotion = ['lagging'];
  if (maybe()) {
    filter.text = rnd.pick([
      'vpc',
      'PROD',
      ' svc-1 ',
      '100%',
      '_',
      'main.tf',
      'consul',
      'team',
      'nothing like this',
      'a\nb',
    ]);
  }
  return filter;
}

const SORTS = DRIFT_SORT_FIELDS;

describe.each(databases.eachSupportedId())(
  'DriftReportIndex against SQL on %s',
  id => {
    /** The store on a fresh database, and the report's answers in SQL on its tables. */
    async function createStore() {
      const knex: Knex = await databases.init(id);
      const store = new DatabaseRepositoryResultStore(
        await openPlatformDatabase({
          database: { getClient: async () => knex },
        }),
      );
      return { store, sql: sqlReportOracle(knex) };
    }

    async function setUp(seed: number) {
      const { store, sql } = await createStore();
      const entities = await fill(store, seed);
      return { store, sql, entities, index: await indexOf(store) };
    }

    it('answers every page of drift rows as the database does', async () => {
      const { sql, entities, index } = await setUp(7);
      const rnd = random(11);
      const all = await sql.queryDrift({ limit: 500 });
      expect(all.totalCount).toBeGreaterThan(100);
      expect(index.size).toBe(all.totalCount);
      // Some rows lag in promotion, and some are ahead, so that the filter keeps some, not all.
      const lagging = index.queryDrift({ promotion: ['lagging'] }).totalCount;
      expect(lagging).toBeGreaterThan(2);
      expect(lagging).toBeLessThan(all.totalCount / 2);
      for (let i = 0; i < 150; i++) {
        const query: DriftQuery = {
          ...randomFilter(rnd, entities),
          sort: rnd.pick(SORTS),
          order: rnd.pick(['asc', 'desc'] as const),
          offset: Math.floor(rnd.next() * 30),
          limit: 1 + Math.floor(rnd.next() * 25),
        };
        expect({ query, page: index.queryDrift(query) }).toEqual({
          query,
          page: await sql.queryDrift(query),
        });
      }
    });

    it('summarises and lists facets as the database does', async () => {
      const { sql, entities, index } = await setUp(8);
      const rnd = random(12);
      expect(index.getFacets()).toEqual(await sql.getFacets());
      expect(index.getSummary({})).toEqual(await sql.getSummary({}));
      expect(index.getSummary({}).promotionLag?.services).toBeGreaterThan(3);
      for (let i = 0; i < 60; i++) {
        const filter = randomFilter(rnd, entities);
        expect({ filter, summary: index.getSummary(filter) }).toEqual({
          filter,
          summary: await sql.getSummary(filter),
        });
      }
    });

    it('answers a page, summary or facets asked again with the answer it kept, still as the database does', async () => {
      const { sql, entities, index } = await setUp(10);
      const rnd = random(13);
      const queries: DriftQuery[] = Array.from({ length: 40 }, () => ({
        ...randomFilter(rnd, entities),
        sort: rnd.pick(SORTS),
        order: rnd.pick(['asc', 'desc'] as const),
        offset: Math.floor(rnd.next() * 10),
        limit: 1 + Math.floor(rnd.next() * 25),
      }));
      const first = queries.map(query => ({
        query,
        page: index.queryDrift(query),
        summary: index.getSummary(query),
      }));
      const facets = index.getFacets();
      for (const { query, page, summary } of first.reverse()) {
        // The same objects, so that the router sends the body it encoded the first time.
        expect(index.queryDrift({ ...query })).toBe(page);
        expect(index.getSummary({ ...query })).toBe(summary);
        expect({ query, page, summary }).toEqual({
          query,
          page: await sql.queryDrift(query),
          summary: await sql.getSummary(query),
        });
      }
      expect(index.getFacets()).toBe(facets);
      // Another page of a filter is another answer.
      const query = { ...queries[0], offset: (queries[0].offset ?? 0) + 1 };
      expect(index.queryDrift(query)).toEqual(await sql.queryDrift(query));
    });

    it('answers the adoption of each module as the database does', async () => {
      const { sql, index } = await setUp(9);
      for (const [name, platform] of [
        ['vpc', undefined],
        ['vpc', 'zeta'],
        ['rds', 'acme'],
        ['eks', undefined],
        ['eks', 'zeta'],
        ['no-such-module', undefined],
      ] as const) {
        const expected = await sql.getModuleAdoption(name, platform);
        expect(index.getModuleAdoption(name, platform)).toEqual(expected);
      }
      // The same object when asked again, so that its serialisation can be kept.
      expect(index.getModuleAdoption('vpc')).toBe(
        index.getModuleAdoption('vpc'),
      );
    });

    it("lists each entity's references as the database does", async () => {
      const { sql, entities, index } = await setUp(10);
      for (const entityRef of [...entities, 'component:default/unknown']) {
        expect({
          entityRef,
          references: index.getEntityReferences(entityRef),
        }).toEqual({
          entityRef,
          references: await sql.getEntityReferences(entityRef),
        });
      }
    });

    it("gives each entity's module uses as its references say", async () => {
      const { entities, index } = await setUp(12);
      for (const entityRef of entities) {
        expect(index.getModuleUses(entityRef)).toEqual(
          index
            .getEntityReferences(entityRef)
            .map(({ owner, platform, module, version, ref, file, line }) => ({
              ...(owner !== undefined && { owner }),
              ...(platform !== undefined && { platform }),
              ...(module !== undefined && { module }),
              ...(version !== undefined && { version }),
              ...(ref !== undefined && { ref }),
              file,
              line,
            })),
        );
      }
    });

    it('lists the modules and which of them each service uses as the database does', async () => {
      const { store, sql, index } = await setUp(11);
      const dependencies = index.listDependencies();
      expect(dependencies.length).toBeGreaterThan(10);
      expect(dependencies).toEqual(await sql.listDependencies());
      expect(index.listModules()).toEqual(await store.listModules());
    });

    it('answers an empty report', async () => {
      const { store, sql } = await createStore();
      const index = await indexOf(store);
      for (const sort of SORTS) {
        expect(index.queryDrift({ text: 'x', sort })).toEqual(
          await sql.queryDrift({ text: 'x', sort }),
        );
      }
      expect(index.getSummary({})).toEqual(await sql.getSummary({}));
      expect(index.getFacets()).toEqual(await sql.getFacets());
      expect(index.listDependencies()).toEqual([]);
    });

    /** The index built from the rows as objects, each read through `toDriftRow`. */
    async function indexOfRowObjects(store: RepositoryResultStore) {
      const builder = new DriftReportBuilder();
      const source = await store.loadReportData(rows => builder.add(rows));
      return builder.build(source);
    }

    it('answers from the stored columns as from rows read as objects: empty and absent values, unreadable call checks', async () => {
      const knex: Knex = await databases.init(id);
      const store = new DatabaseRepositoryResultStore(
        await openPlatformDatabase({
          database: { getClient: async () => knex },
        }),
      );
      await fill(store, 21);
      await store.syncRepositories([
        { entityRef: 'component:default/odd', url: 'https://x/odd', owner: '' },
      ]);
      const base = {
        kind: 'terraform-module' as const,
        file: 'main.tf',
        column: 1,
        source: 'acme/vpc',
        name: 'vpc',
        pin: 'ref' as const,
        verdict: 'minor-behind' as const,
        severity: verdictSeverity('minor-behind'),
        explanation: '',
      };
      await store.replaceRepositoryResults('component:default/odd', {
        commit: 'c0ffee',
        platformFingerprint: 'fp',
        scannedAt: new Date('2026-12-01T08:00:00Z'),
        filesScanned: 1,
        rows: [
          // Empty text where other rows have none.
          {
            ...base,
            line: 1,
            platform: '',
            module: '',
            environment: '',
            version: '',
            ref: '',
            latest: '',
            scmUrl: '',
            releasesBehind: 0,
          },
          { ...base, line: 2, callStatus: 'ok', callFindings: [] },
          { ...base, line: 3, callStatus: 'broken', callFindings: [] },
          { ...base, line: 4, callStatus: 'broken', callFindings: [] },
          { ...base, line: 5, callStatus: 'ok', callFindings: [] },
        ],
        problems: [],
      });
      // Call checks as an older or damaged store may hold them: unreadable, missing, not an
      // array, with keys of their own, and a text without a status.
      const odd = (line: number) =>
        knex(DRIFT_ROWS).where({
          entity_ref: 'component:default/odd',
          line,
        });
      await odd(2).update({ call_check: '{"findings": [' });
      await odd(3).update({ call_check: null });
      await odd(4).update({
        call_check: '{"findings": {"not": "a list"}, "extra": 1}',
      });
      await odd(5).update({ call_status: null });

      const stored = await indexOf(store);
      const objects = await indexOfRowObjects(store);
      expect(stored.size).toBe(objects.size);
      for (const sort of SORTS) {
        const query: DriftQuery = { sort, limit: stored.size };
        expect(stored.queryDrift(query)).toEqual(objects.queryDrift(query));
      }
      for (const filter of [
        { environment: [''] },
        { version: [''] },
        { owner: [''] },
        { module: [''] },
        { callStatus: CALL_STATUSES },
      ] as DriftFilter[]) {
        const query = { ...filter, limit: stored.size };
        expect(stored.queryDrift(query)).toEqual(objects.queryDrift(query));
        expect(stored.getSummary(filter)).toEqual(objects.getSummary(filter));
      }
      expect(stored.getFacets()).toEqual(objects.getFacets());
      expect(stored.getEntityReferences('component:default/odd')).toEqual(
        objects.getEntityReferences('component:default/odd'),
      );
      expect(
        stored
          .getEntityReferences('component:default/odd')
          .map(({ line, callStatus, callFindings }) => [
            line,
            callStatus,
            callFindings,
          ]),
      ).toEqual([
        [1, undefined, undefined],
        [2, 'ok', []],
        [3, 'broken', []],
        [4, 'broken', []],
        [5, undefined, undefined],
      ]);
    });

    it('reads the start of every promotion lag, however many pages its reads take', async () => {
      const knex: Knex = await databases.init(id);
      const store = new DatabaseRepositoryResultStore(
        await openPlatformDatabase({
          database: { getClient: async () => knex },
        }),
      );
      // Keys that differ in each of their parts, so that pages end inside a service and a
      // platform: 3 services × 2 platforms × 300 modules × 2 environments.
      const lags = [];
      for (const entity of ['svc-a', 'svc-b', 'svc-c']) {
        for (const platform of ['', 'acme']) {
          for (let module = 0; module < 300; module++) {
            for (const environment of ['prod', 'staging']) {
              lags.push({
                entity_ref: `component:default/${entity}`,
                platform,
                module: `m${module}`,
                environment,
                since: new Date(Date.UTC(2026, 0, 1 + (lags.length % 40))),
              });
            }
          }
        }
      }
      for (const chunk of chunks(lags)) {
        await knex(PROMOTION_LAGS).insert(chunk);
      }
      const { lagSince } = await store.loadReportData(() => {});
      expect(lagSince).toEqual(
        new Map(
          lags.map(lag => [
            servicePromotionLagKey(lag.entity_ref, lag),
            lag.since.toISOString(),
          ]),
        ),
      );
    });

    it('holds every row when more or fewer are read than were counted before the read', async () => {
      const { store } = await setUp(22);
      const expected = await indexOfRowObjects(store);
      const all: DriftQuery = { sort: 'entity', limit: expected.size };
      for (const miscount of [-expected.size + 1, -7, 7, expected.size]) {
        const builder = new DriftReportBuilder();
        // As if rows were written or removed between the count and the read.
        const source = await store.loadReportData({
          expect: count => builder.expect(count + miscount),
          addStored: rows => builder.addStored(rows),
        });
        const index = builder.build(source);
        expect({ miscount, page: index.queryDrift(all) }).toEqual({
          miscount,
          page: expected.queryDrift(all),
        });
        expect(index.getSummary({})).toEqual(expected.getSummary({}));
      }
    });
  },
);

describe('DriftReportIndex at thousands of rows', () => {
  /**
   * 20,000 rows of 400 services: owner team-a has 40 % of them, team-m 40 %, team-z 20 %, and
   * team-rare 10 rows; lines and ids are shuffled against the service order.
   */
  function manyRows(): DriftRow[] {
    const rnd = random(5);
    return Array.from({ length: 20_000 }, (_, i) => {
      const service = Math.floor(rnd.next() * 400);
      const r = rnd.next();
      let owner = 'group:default/team-z';
      if (i % 2000 === 7) {
        owner = 'group:default/team-rare';
      } else if (r < 0.4) {
        owner = 'group:default/team-a';
      } else if (r < 0.8) {
        owner = 'group:default/team-m';
      }
      const verdict = rnd.pick(driftVerdicts) as DriftVerdict;
      return {
        id: String(i + 1),
        entityRef: `component:default/svc-${String(service).padStart(3, '0')}`,
        owner,
        module: rnd.pick(['vpc', 'rds', 'eks']),
        kind: 'terraform-module',
        file: rnd.pick(['main.tf', 'live/prod/main.tf']),
        line: 1 + Math.floor(rnd.next() * 50),
        column: 1,
        source: 'hashicorp/consul/aws',
        name: 'hashicorp/consul/aws',
        pin: 'ref',
        verdict,
        severity: verdictSeverity(verdict),
        explanation: `Service ${service} is ${verdict}`,
      };
    });
  }

  /** The ids of a page, as a plain filter and sort of every row gives them. */
  function expectedIds(
    rows: DriftRow[],
    query: DriftQuery & { owner: string[] },
  ): string[] {
    const byText = (a: string, b: string) => (a < b ? -1 : Number(a > b));
    const sign = query.order === 'desc' ? -1 : 1;
    return rows
      .filter(row => query.owner.includes(row.owner!))
      .sort(
        (a, b) =>
          sign * byText(a.owner!, b.owner!) ||
          byText(a.entityRef, b.entityRef) ||
          byText(a.file, b.file) ||
          a.line - b.line ||
          Number(a.id) - Number(b.id),
      )
      .slice(query.offset, (query.offset ?? 0) + (query.limit ?? 50))
      .map(row => row.id);
  }

  it('pages the rows of an owner sorted by owner, whether they are many, few, or last in the order', () => {
    const rows = manyRows();
    const index = indexOfRows(rows);
    for (const owner of ['team-a', 'team-m', 'team-z', 'team-rare']) {
      for (const order of ['asc', 'desc'] as const) {
        for (const offset of [0, 5, 120]) {
          const query = {
            owner: [`group:default/${owner}`],
            sort: 'owner' as const,
            order,
            offset,
            limit: 25,
          };
          const page = index.queryDrift(query);
          expect({ query, ids: page.items.map(row => row.id) }).toEqual({
            query,
            ids: expectedIds(rows, query),
          });
          expect(page.totalCount).toBe(
            rows.filter(row => row.owner === query.owner[0]).length,
          );
        }
      }
    }
  });

  it('answers a filter asked again as it answered it first, and as an index that never saw it', () => {
    const rows = manyRows();
    const index = indexOfRows(rows);
    const rnd = random(3);
    const queries: DriftQuery[] = Array.from({ length: 40 }, () => ({
      ...(rnd.next() < 0.6 && {
        owner: rnd.some(['group:default/team-a', 'group:default/team-z'], 2),
      }),
      ...(rnd.next() < 0.6 && { verdict: rnd.some(driftVerdicts, 3) }),
      ...(rnd.next() < 0.4 && {
        text: rnd.pick(['svc-01', 'IS UNPINNED', 'x']),
      }),
      sort: rnd.pick(SORTS),
      order: rnd.pick(['asc', 'desc'] as const),
      offset: rnd.pick([0, 10, 400]),
      limit: 10,
    }));
    const first = queries.map(query => ({
      page: index.queryDrift(query),
      summary: index.getSummary(query),
    }));
    // Asked again, in another order, of the same index, and of a new one.
    for (const i of queries.keys()) {
      const query = queries[queries.length - 1 - i];
      const fresh = indexOfRows(rows);
      expect(index.queryDrift(query)).toEqual(
        first[queries.length - 1 - i].page,
      );
      expect(index.getSummary(query)).toEqual(
        first[queries.length - 1 - i].summary,
      );
      expect(fresh.queryDrift(query)).toEqual(
        first[queries.length - 1 - i].page,
      );
      expect(fresh.getSummary(query)).toEqual(
        first[queries.length - 1 - i].summary,
      );
    }
  });

  it('finds a search typed one letter at a time, or narrowed in the middle, as an index asked only that pattern', () => {
    const rows = manyRows();
    const index = indexOfRows(rows);
    // Each pattern contains the one before it, so the matches of an earlier one are narrowed;
    // the upper-case one and the middle ones test that narrowing keeps exactly the matches.
    const typed = [
      ...['s', 'sv', 'svc', 'svc-', 'svc-1', 'svc-12', 'svc-123'],
      ...[
        'vc-0',
        'svc-0',
        'svc-04',
        'SVC-042',
        'c-3',
        'vc-3',
        'svc-39',
        'e 39',
      ],
      ...['service 1', 'service 12', 'service 123 is', 'svc-9999', 'svc-99999'],
    ];
    for (const text of typed) {
      const query: DriftQuery = { text, sort: 'entity', offset: 0, limit: 500 };
      const expected = indexOfRows(rows).queryDrift(query);
      expect(index.queryDrift(query)).toEqual(expected);
      expect(index.getSummary({ text })).toEqual(
        indexOfRows(rows).getSummary({ text }),
      );
    }
    expect(
      index.queryDrift({ text: 'svc-123', limit: 500 }).totalCount,
    ).toBeGreaterThan(0);
    expect(index.queryDrift({ text: 'svc-9999', limit: 1 }).totalCount).toBe(0);
  });
});

describe('DriftReportIndex promotion lag', () => {
  it("judges each row's promotion lag by its own service's rows, however the services' rows interleave", () => {
    const rnd = random(11);
    const environments = ['dev', 'staging', 'prod'];
    const rows: DriftRow[] = Array.from({ length: 3_000 }, (_, i) => {
      const verdict = rnd.pick(driftVerdicts) as DriftVerdict;
      return {
        // Ids shuffled against the services, as rescans of some services leave them.
        id: String(i + 1),
        entityRef: `component:default/svc-${Math.floor(rnd.next() * 60)}`,
        platform: rnd.pick(['acme', undefined]),
        module: rnd.pick(['vpc', 'rds']),
        environment: rnd.pick(environments),
        version: rnd.pick(['1.0.0', '1.2.0', '2.0.0', '2.1.0']),
        kind: 'terraform-module',
        file: 'main.tf',
        line: 1 + i,
        column: 1,
        source: 'acme/vpc',
        name: 'vpc',
        pin: 'ref',
        verdict,
        severity: verdictSeverity(verdict),
        explanation: verdict,
      };
    });
    const index = indexOfRows(rows);
    const expected = findPromotionLags(rows);
    const lagging = index.queryDrift({
      promotion: ['lagging'],
      limit: rows.length,
    });
    expect(lagging.totalCount).toBe(expected.size);
    expect(expected.size).toBeGreaterThan(100);
    for (const row of lagging.items) {
      const lag = expected.get(Number(row.id) - 1)!;
      expect(row.promotionLag).toMatchObject({
        environment: lag.environment,
        version: lag.version,
      });
    }
  });
});

describe('DriftReportIndex kept compact', () => {
  /** A row of one service; what the test varies is given. */
  const driftRow = (id: number, extra: Partial<DriftRow>): DriftRow => ({
    id: String(id),
    entityRef: 'component:default/svc',
    kind: 'terraform-module',
    file: 'main.tf',
    line: 3,
    column: 1,
    source: 'hashicorp/consul/aws',
    name: 'hashicorp/consul/aws',
    pin: 'none',
    verdict: 'unpinned',
    severity: verdictSeverity('unpinned'),
    explanation: 'no version',
    ...extra,
  });

  it('gives back every link as it was stored, whatever it ends with', () => {
    const links = [
      '/platform/source?repository=https%3A%2F%2Fgithub.com%2Facme%2Fsvc&path=main.tf&line=36',
      '/platform/source?repository=https%3A%2F%2Fgithub.com%2Facme%2Fsvc&path=main.tf&line=7',
      'https://github.com/acme/svc/blob/0123abc/main.tf#L36',
      `https://github.com/acme/svc/blob/${'a1'.repeat(20)}/main.tf#L36`,
      `/platform/source?commit=${'0f'.repeat(
        32,
      )}&path=live%2Fdev%2Fterragrunt.hcl&line=1`,
      `https://git.example.com/${'b'.repeat(40)}/${'c'.repeat(50)}/x#L9`,
      'https://git.example.com/acme/svc/browse/main.tf',
      '2026',
      '',
      undefined,
    ];
    const index = indexOfRows(
      links.map((scmUrl, id) =>
        driftRow(id + 1, scmUrl === undefined ? {} : { scmUrl }),
      ),
    );
    expect(
      index.getEntityReferences('component:default/svc').map(row => row.scmUrl),
    ).toEqual(links);
  });

  it('keeps the codes of a column that passes 65,535 values and goes on growing', () => {
    const count = 100_000;
    const entityRef = (i: number) =>
      `component:default/svc-${String(i).padStart(6, '0')}`;
    const index = indexOfRows(
      Array.from({ length: count }, (_, i) =>
        driftRow(i + 1, { entityRef: entityRef(i) }),
      ),
    );
    for (const i of [0, 65_534, 65_535, 65_536, 81_920, count - 1]) {
      expect(index.getEntityReferences(entityRef(i))).toEqual([
        expect.objectContaining({ id: String(i + 1), entityRef: entityRef(i) }),
      ]);
    }
  });

  it('keeps numbers and a column of more than 65,535 values exactly', () => {
    const count = 70_000;
    const index = indexOfRows(
      Array.from({ length: count }, (_, i) =>
        driftRow(2 ** 40 + i, {
          entityRef: `component:default/svc-${String(i).padStart(5, '0')}`,
          line: 100_000 + i,
          column: i % 300,
          ...(i % 2 === 0 && { releasesBehind: i % 1000 }),
        }),
      ),
    );
    const last = `component:default/svc-${count - 1}`;
    expect(index.getEntityReferences(last)).toEqual([
      expect.objectContaining({
        id: String(2 ** 40 + count - 1),
        entityRef: last,
        line: 100_000 + count - 1,
        column: (count - 1) % 300,
      }),
    ]);
    expect(index.getEntityReferences(last)[0].releasesBehind).toBeUndefined();
    const page = index.queryDrift({
      entityRef: ['component:default/svc-69998', last],
      sort: 'entity',
      order: 'desc',
    });
    expect(page.items.map(row => [row.entityRef, row.releasesBehind])).toEqual([
      [last, undefined],
      ['component:default/svc-69998', 998],
    ]);
  });
});
