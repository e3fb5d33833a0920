import {
  DriftFacets,
  DriftFilter,
  DriftPage,
  DriftQuery,
  DriftRow,
  DriftSortField,
  DriftSummary,
  DriftVerdict,
  ModuleAdoption,
  PlatformModuleInfo,
  PromotionLag,
  ReferenceKind,
} from '@platform-portal/plugin-platform-common';
import { Knex } from 'knex';
import { ServiceDependencies } from '../DriftReportIndex';
import {
  NOT_DRIFTED,
  adoptionOfColumns,
  byDriftedModules,
  pageOf,
  searchPattern,
  versionKey,
} from '../reportRules';
import {
  DRIFT_COLUMNS,
  DRIFT_ROWS,
  DriftRowRow,
  MODULES,
  ModuleRow,
  PROMOTION_LAGS,
  Timestamp,
  defined,
  toDriftRow,
  toIso,
  toModule,
} from '../tableRows';

/** A row as the adoption of a module reads it. */
interface AdoptionRow {
  entityRef: string;
  owner?: string;
  environment?: string;
  version?: string;
  verdict: DriftVerdict;
}

/**
 * The report's adoption rule (adoptionOfColumns) over rows as objects read by SQL, given by
 * entity, then environment (rows without one first), then id.
 */
function adoptionOf(
  module: PlatformModuleInfo,
  rows: readonly AdoptionRow[],
): ModuleAdoption {
  const keys = new Map<string | undefined, number>([[undefined, 0]]);
  const key = (value: string | undefined) => {
    let found = keys.get(value);
    if (found === undefined) {
      found = keys.size;
      keys.set(value, found);
    }
    return found;
  };
  return adoptionOfColumns(module, {
    rows: [...rows.keys()],
    entityKey: row => key(rows[row].entityRef),
    environmentKey: row => key(rows[row].environment || undefined),
    versionKey: row => key(rows[row].version),
    entityRef: row => rows[row].entityRef,
    owner: row => rows[row].owner,
    environment: row => rows[row].environment,
    version: row => rows[row].version,
    verdict: row => rows[row].verdict,
  });
}

/**
 * The drift report answered by plain SQL over the tables, for tests to hold the in-memory
 * report against an answer worked out independently, on each database.
 */

const VERSION_KEYS = 'oracle_version_keys';

/** Sort columns per field, after which rows are ordered by entity, file, line and id. */
const SORT_COLUMNS: Record<DriftSortField, string[]> = {
  entity: [`${DRIFT_ROWS}.entity_ref`],
  owner: [`${DRIFT_ROWS}.owner`],
  module: [`${DRIFT_ROWS}.module`],
  environment: [`${DRIFT_ROWS}.environment`],
  verdict: [`${DRIFT_ROWS}.severity`, `${DRIFT_ROWS}.verdict`],
  version: [`${VERSION_KEYS}.version_key`, `${DRIFT_ROWS}.version`],
  file: [`${DRIFT_ROWS}.file`, `${DRIFT_ROWS}.line`],
};
const TIE_COLUMNS = ['entity_ref', 'file', 'line', 'id'].map(
  column => `${DRIFT_ROWS}.${column}`,
);

/** Escapes LIKE wildcards; the pattern is used with `escape '\'`. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, char => `\\${char}`);
}

/** The promotion stages of the fixtures' environments (the default order's dev, staging, prod). */
const STAGES: Record<string, number> = { dev: 0, staging: 2, prod: 3 };

/** Restricts a query of drift rows to the filter: '' matches rows without a value. */
function applyFilter(
  query: Knex.QueryBuilder,
  filter: DriftFilter,
  lags: Map<string, PromotionLag>,
): void {
  const anyOf = (column: string, values: readonly string[] | undefined) => {
    if (!values || values.length === 0) {
      return;
    }
    const present = values.filter(value => value !== '');
    const qualified = `${DRIFT_ROWS}.${column}`;
    query.where(q => {
      if (present.length > 0) {
        q.whereIn(qualified, present);
      }
      if (present.length < values.length) {
        q.orWhereNull(qualified);
      }
    });
  };
  anyOf('owner', filter.owner);
  anyOf('module', filter.module);
  anyOf('verdict', filter.verdict);
  anyOf('environment', filter.environment);
  anyOf('kind', filter.kind);
  anyOf('entity_ref', filter.entityRef);
  anyOf('call_status', filter.callStatus);
  anyOf('version', filter.version);
  if (filter.promotion?.length) {
    query.whereIn(
      `${DRIFT_ROWS}.id`,
      filter.promotion.includes('lagging') ? [...lags.keys()] : [],
    );
  }
  const pattern = searchPattern(filter.text);
  if (pattern !== undefined) {
    const column = (name: string) => `${DRIFT_ROWS}.${name}`;
    query.whereRaw(
      `lower(?? || ? || coalesce(??, '') || ? || ?? || ? || ?? || ? || ??) ` +
        `like ? escape '\\'`,
      [
        column('entity_ref'),
        '\n',
        column('module'),
        '\n',
        column('source'),
        '\n',
        column('file'),
        '\n',
        column('explanation'),
        `%${escapeLike(pattern)}%`,
      ],
    );
  }
}

export function sqlReportOracle(db: Knex) {
  /**
   * A table of each version's sort key, to order by in SQL: its statement and bindings (a
   * statement itself would run when awaited).
   */
  async function versionKeys(): Promise<[string, string[]]> {
    const versions = (await db(DRIFT_ROWS)
      .distinct('version')
      .whereNotNull('version')) as Array<{ version: string }>;
    const keyed = versions.flatMap(({ version }) => {
      const key = versionKey(version);
      return key === undefined ? [] : [[version, key]];
    });
    if (keyed.length === 0) {
      return [
        'select cast(null as text) as version, cast(null as text) as version_key where 1 = 0',
        [],
      ];
    }
    return [
      keyed
        .map(
          () =>
            'select cast(? as text) as version, cast(? as text) as version_key',
        )
        .join(' union all '),
      keyed.flat(),
    ];
  }

  /**
   * Each lagging row's lag, by row id: the pairs of a row and a row of the same service and module
   * in an earlier stage with a later version key, of which the latest stage wins, then the newest
   * version.
   */
  async function promotionLags(): Promise<Map<string, PromotionLag>> {
    const stages = Object.entries(STAGES);
    const pairs: Array<{
      id: string | number;
      environment: string;
      version: string;
      stage: number | string;
      version_key: string;
      since: Timestamp | null;
    }> = await db
      .with(
        'stages',
        db.raw(
          stages
            .map(
              () =>
                'select cast(? as text) as environment, cast(? as integer) as stage',
            )
            .join(' union all '),
          stages.flat(),
        ),
      )
      .with(VERSION_KEYS, db.raw(...(await versionKeys())))
      .from({ r: DRIFT_ROWS })
      .join({ a: DRIFT_ROWS }, join =>
        join
          .on('a.entity_ref', 'r.entity_ref')
          .andOn('a.module', 'r.module')
          .andOn(db.raw("coalesce(a.platform, '') = coalesce(r.platform, '')")),
      )
      .join({ sr: 'stages' }, 'sr.environment', 'r.environment')
      .join({ sa: 'stages' }, 'sa.environment', 'a.environment')
      .join({ kr: VERSION_KEYS }, 'kr.version', 'r.version')
      .join({ ka: VERSION_KEYS }, 'ka.version', 'a.version')
      // Since when the row's environment has lagged, as the scans recorded it.
      .leftJoin({ l: PROMOTION_LAGS }, join =>
        join
          .on('l.entity_ref', 'r.entity_ref')
          .andOn('l.module', 'r.module')
          .andOn('l.environment', 'r.environment')
          .andOn(db.raw("l.platform = coalesce(r.platform, '')")),
      )
      .whereRaw('sa.stage < sr.stage')
      .whereRaw('ka.version_key > kr.version_key')
      .select(
        'r.id',
        'a.environment',
        'a.version',
        'sa.stage',
        'ka.version_key',
        'l.since',
      );
    const best = new Map<string, (typeof pairs)[number]>();
    for (const pair of pairs) {
      const id = String(pair.id);
      const shown = best.get(id);
      if (
        !shown ||
        Number(pair.stage) > Number(shown.stage) ||
        (Number(pair.stage) === Number(shown.stage) &&
          pair.version_key > shown.version_key)
      ) {
        best.set(id, pair);
      }
    }
    return new Map(
      [...best].map(([id, pair]) => [
        id,
        {
          environment: pair.environment,
          version: pair.version,
          ...(pair.since !== null && { since: toIso(pair.since) }),
        },
      ]),
    );
  }

  function withLag(lags: Map<string, PromotionLag>) {
    return (row: DriftRowRow): DriftRow => {
      const lag = lags.get(String(row.id));
      return { ...toDriftRow(row), ...(lag && { promotionLag: lag }) };
    };
  }

  return {
    async queryDrift(query: DriftQuery): Promise<DriftPage> {
      const lags = await promotionLags();
      const { offset, limit } = pageOf(query);
      const direction = query.order === 'desc' ? 'desc' : 'asc';
      const sort = query.sort ?? 'entity';
      const columns = SORT_COLUMNS[sort] ?? SORT_COLUMNS.entity;

      const count = db(DRIFT_ROWS).count({ count: '*' });
      applyFilter(count, query, lags);

      const items = db(DRIFT_ROWS).select(
        DRIFT_COLUMNS.map(column => `${DRIFT_ROWS}.${column}`),
      );
      if (sort === 'version') {
        items
          .with(VERSION_KEYS, db.raw(...(await versionKeys())))
          .leftJoin(
            VERSION_KEYS,
            `${VERSION_KEYS}.version`,
            `${DRIFT_ROWS}.version`,
          );
      }
      applyFilter(items, query, lags);
      for (const column of columns) {
        // Rows without a value last in either direction, on both databases.
        items
          .orderByRaw('case when ?? is null then 1 else 0 end', [column])
          .orderBy(column, direction);
      }
      for (const column of TIE_COLUMNS) {
        if (!columns.includes(column)) {
          items.orderBy(column);
        }
      }
      items.offset(offset).limit(limit);

      const [[{ count: total }], rows] = (await Promise.all([
        count,
        limit > 0 ? items : [],
      ])) as [Array<{ count: unknown }>, DriftRowRow[]];
      return {
        items: rows.map(withLag(lags)),
        totalCount: Number(total),
        offset,
        limit,
      };
    },

    async getSummary(filter: DriftFilter): Promise<DriftSummary> {
      const lags = await promotionLags();
      const lagging =
        lags.size === 0
          ? []
          : ((await db(DRIFT_ROWS)
              .distinct('entity_ref')
              .whereIn('id', [...lags.keys()])) as unknown[]);
      const totals = db(DRIFT_ROWS)
        .count({ total: '*' })
        .countDistinct({ services: 'entity_ref' });
      applyFilter(totals, filter, lags);
      const verdicts = db(DRIFT_ROWS)
        .select('verdict')
        .count({ count: '*' })
        .groupBy('verdict');
      applyFilter(verdicts, filter, lags);
      const drifted = db.raw(
        `sum(case when ?? in (${NOT_DRIFTED.map(() => '?').join(', ')}) ` +
          `then 0 else 1 end)`,
        ['verdict', ...NOT_DRIFTED],
      );
      const modules = db(DRIFT_ROWS)
        .select('module')
        .count({ total: '*' })
        .select({ drifted })
        .whereNotNull('module')
        .groupBy('module');
      applyFilter(modules, filter, lags);

      const [[totalRow], verdictRows, moduleRows] = (await Promise.all([
        totals,
        verdicts,
        modules,
      ])) as [
        Array<{ total: unknown; services: unknown }>,
        Array<{ verdict: DriftVerdict; count: unknown }>,
        Array<{ module: string; total: unknown; drifted: unknown }>,
      ];
      const byVerdict: DriftSummary['byVerdict'] = {};
      for (const row of verdictRows) {
        byVerdict[row.verdict] = Number(row.count);
      }
      return {
        total: Number(totalRow.total),
        services: Number(totalRow.services),
        byVerdict,
        byModule: moduleRows
          .map(row => ({
            module: row.module,
            total: Number(row.total),
            drifted: Number(row.drifted),
          }))
          .sort(byDriftedModules),
        ...(lags.size > 0 && {
          promotionLag: { services: lagging.length, references: lags.size },
        }),
      };
    },

    async getFacets(): Promise<DriftFacets> {
      const distinct = async (column: string): Promise<string[]> => {
        const rows: Array<Record<string, string>> = await db(DRIFT_ROWS)
          .distinct(column)
          .whereNotNull(column)
          .orderBy(column);
        return rows.map(row => row[column]);
      };
      const [owners, modules, environments, kinds] = await Promise.all([
        distinct('owner'),
        distinct('module'),
        distinct('environment'),
        distinct('kind'),
      ]);
      return {
        owners,
        modules,
        environments,
        kinds: kinds as ReferenceKind[],
      };
    },

    async getModuleAdoption(
      module: string,
      platform?: string,
    ): Promise<ModuleAdoption | undefined> {
      const moduleQuery = db<ModuleRow>(MODULES).where('name', module);
      if (platform) {
        moduleQuery.andWhere('platform', platform);
      }
      const moduleRow = await moduleQuery.orderBy('platform').first();
      if (!moduleRow) {
        return undefined;
      }
      const rows: DriftRowRow[] = await db<DriftRowRow>(DRIFT_ROWS)
        .where({ module, platform: moduleRow.platform })
        .orderBy('entity_ref')
        // Rows without an environment first, on both databases.
        .orderByRaw('case when ?? is null then 0 else 1 end', ['environment'])
        .orderBy('environment')
        .orderBy('id');
      return adoptionOf(
        toModule(moduleRow),
        rows.map(row => ({
          entityRef: row.entity_ref,
          verdict: row.verdict,
          ...defined<Pick<AdoptionRow, 'owner' | 'environment' | 'version'>>({
            owner: row.owner,
            environment: row.environment,
            version: row.version,
          }),
        })),
      );
    },

    /** One entity's rows by file, line, column and id. */
    async getEntityReferences(entityRef: string): Promise<DriftRow[]> {
      const rows: DriftRowRow[] = await db<DriftRowRow>(DRIFT_ROWS)
        .where('entity_ref', entityRef)
        .orderBy('file')
        .orderBy('line')
        .orderBy('column')
        .orderBy('id');
      return rows.map(withLag(await promotionLags()));
    },

    async listDependencies(): Promise<ServiceDependencies[]> {
      const rows: Array<{
        entity_ref: string;
        platform: string;
        module: string;
      }> = await db(DRIFT_ROWS)
        .distinct('entity_ref', 'platform', 'module')
        .whereNotNull('platform')
        .whereNotNull('module')
        .orderBy('entity_ref')
        .orderBy('platform')
        .orderBy('module');
      const services: ServiceDependencies[] = [];
      for (const row of rows) {
        let last = services[services.length - 1];
        if (last?.entityRef !== row.entity_ref) {
          last = { entityRef: row.entity_ref, modules: [] };
          services.push(last);
        }
        last.modules.push({ platform: row.platform, module: row.module });
      }
      return services;
    },
  };
}
