import {
  DriftFilter,
  DriftPage,
  DriftQuery,
  DriftRow,
  DriftSummary,
  ScanRun,
  ServiceRequiredModuleFinding,
  verdictSeverity,
} from '@platform-portal/plugin-platform-common';
import { PlatformApi } from '../api';

export const finishedScan: ScanRun = {
  id: 'scan-1',
  startedAt: '2026-11-20T10:00:00.000Z',
  finishedAt: '2026-11-20T10:00:05.000Z',
  status: 'succeeded',
  trigger: 'schedule',
  repositoriesTotal: 3,
  repositoriesScanned: 3,
  repositoriesSkipped: 0,
  repositoriesFailed: 0,
};

let nextId = 1;

/** A drift row with sensible defaults. */
export function driftRow(overrides: Partial<DriftRow>): DriftRow {
  const verdict = overrides.verdict ?? 'up-to-date';
  return {
    id: String(nextId++),
    entityRef: 'component:default/payments-api',
    owner: 'group:default/team-payments',
    platform: 'acme-platform',
    module: 'vpc',
    kind: 'terraform-module',
    environment: 'prod',
    file: 'infra/environments/prod/main.tf',
    line: 3,
    column: 12,
    source:
      'git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v2.1.1',
    name: 'github.com/acme/platform//modules/vpc',
    pin: 'ref',
    ref: 'vpc/v2.1.1',
    version: '2.1.1',
    latest: '2.1.1',
    explanation: 'on the latest release',
    scmUrl:
      'https://github.com/acme/payments-api/blob/abc/infra/environments/prod/main.tf#L3',
    ...overrides,
    verdict,
    severity: verdictSeverity(verdict),
  };
}

/** Whether a value is among a filter's values; any value is when the filter names none. */
function within(values: string[] | undefined, value?: string): boolean {
  return !values?.length || (value !== undefined && values.includes(value));
}

function matches(row: DriftRow, filter: DriftFilter): boolean {
  const text = filter.text?.toLowerCase();
  return (
    within(filter.owner, row.owner) &&
    within(filter.module, row.module) &&
    within(filter.verdict, row.verdict) &&
    within(filter.environment, row.environment) &&
    within(filter.kind, row.kind) &&
    within(filter.entityRef, row.entityRef) &&
    within(filter.callStatus, row.callStatus) &&
    within(filter.version, row.version ?? '') &&
    (!filter.promotion?.length || !!row.promotionLag) &&
    (!filter.upgrade?.length || !!row.openUpgrade) &&
    (!text ||
      [row.entityRef, row.module, row.source, row.file, row.explanation].some(
        v => v?.toLowerCase().includes(text),
      ))
  );
}

/**
 * A PlatformApi over an in-memory list of rows that filters, sorts and pages like the backend,
 * recording every query so tests can check what the page asked for.
 */
export function createFakePlatformApi(options: {
  rows: DriftRow[];
  scan?: ScanRun | null;
  /** The required-module findings of the organisation. */
  requiredFindings?: ServiceRequiredModuleFinding[];
}): PlatformApi & { queries: DriftQuery[]; scansStarted: number } {
  const queries: DriftQuery[] = [];
  const summarize = (filter: DriftFilter): DriftSummary => {
    const rows = options.rows.filter(row => matches(row, filter));
    const byVerdict: DriftSummary['byVerdict'] = {};
    const byModule = new Map<string, { total: number; drifted: number }>();
    for (const row of rows) {
      byVerdict[row.verdict] = (byVerdict[row.verdict] ?? 0) + 1;
      if (row.module) {
        const counts = byModule.get(row.module) ?? { total: 0, drifted: 0 };
        counts.total += 1;
        counts.drifted += row.severity > 0 ? 1 : 0;
        byModule.set(row.module, counts);
      }
    }
    const required = options.requiredFindings ?? [];
    return {
      total: rows.length,
      services: new Set(rows.map(r => r.entityRef)).size,
      byVerdict,
      byModule: [...byModule].map(([module, c]) => ({ module, ...c })),
      ...(required.length > 0 && {
        requiredModules: {
          services: new Set(required.map(r => r.entityRef)).size,
          findings: required.length,
        },
      }),
    };
  };
  const api = {
    queries,
    scansStarted: 0,
    getLatestScan: async () => ({
      scan: options.scan === undefined ? finishedScan : options.scan,
    }),
    getScan: async () => finishedScan,
    startScan: async () => {
      api.scansStarted += 1;
      return {
        ...finishedScan,
        id: 'scan-2',
        status: 'running' as const,
        finishedAt: undefined,
        repositoriesScanned: 0,
      };
    },
    getDrift: async (query: DriftQuery): Promise<DriftPage> => {
      queries.push(query);
      const rows = options.rows.filter(row => matches(row, query));
      const sign = query.order === 'asc' ? 1 : -1;
      if (query.sort === 'verdict') {
        rows.sort((a, b) => sign * (a.severity - b.severity));
      } else if (query.sort === 'entity') {
        rows.sort((a, b) => sign * a.entityRef.localeCompare(b.entityRef));
      }
      const offset = query.offset ?? 0;
      const limit = query.limit ?? 50;
      return {
        items: rows.slice(offset, offset + limit),
        totalCount: rows.length,
        offset,
        limit,
      };
    },
    exportDrift: async () => new Blob(['entityRef\n']),
    getSummary: async (filter: DriftFilter) => summarize(filter),
    listRequiredModuleFindings: async (
      filter: Pick<DriftFilter, 'owner' | 'module' | 'entityRef'>,
    ) => {
      const items = (options.requiredFindings ?? []).filter(
        item =>
          within(filter.owner, item.owner) &&
          within(filter.module, item.finding.module) &&
          within(filter.entityRef, item.entityRef),
      );
      return {
        items,
        services: new Set(items.map(item => item.entityRef)).size,
      };
    },
    getFacets: async () => ({
      owners: [...new Set(options.rows.flatMap(r => r.owner ?? []))].sort(),
      modules: [...new Set(options.rows.flatMap(r => r.module ?? []))].sort(),
      environments: [
        ...new Set(options.rows.flatMap(r => r.environment ?? [])),
      ].sort(),
      kinds: [...new Set(options.rows.map(r => r.kind))].sort(),
    }),
    getTrends: async () => [],
    listModules: async () => [],
    getModuleAdoption: async () => undefined,
    getModuleReleases: async (module: string) => ({
      module,
      platform: 'acme-platform',
      releases: [],
      majors: [],
    }),
    getModuleInterface: async (): Promise<never> => {
      throw new Error('The fake platform API has no module interfaces');
    },
    getModuleInterfaceDiff: async (): Promise<never> => {
      throw new Error('The fake platform API has no module interfaces');
    },
    getEntityDrift: async (entityRef: string) => ({
      entityRef,
      references: options.rows.filter(r => r.entityRef === entityRef),
      problems: [],
    }),
    listRepositories: async () => [],
    listReleaseChannels: async () => ({
      items: [],
      totalCount: 0,
      offset: 0,
      limit: 50,
      counts: {},
      owners: [],
    }),
    getEntityReleaseChannels: async (entityRef: string) => ({
      entityRef,
      verdict: 'in-sync' as const,
      channels: [],
      history: [],
    }),
    previewUpgrades: async (): Promise<never> => {
      throw new Error('The fake platform API makes no upgrades');
    },
    createUpgrades: async (): Promise<never> => {
      throw new Error('The fake platform API makes no upgrades');
    },
    listUpgrades: async () => [],
    getUpgradeCampaign: async (): Promise<never> => {
      throw new Error('The fake platform API has no upgrade campaigns');
    },
    getSourceFile: async (): Promise<never> => {
      throw new Error('The fake platform API has no sources');
    },
    listSourceFiles: async (): Promise<never> => {
      throw new Error('The fake platform API has no sources');
    },
  };
  return api;
}
