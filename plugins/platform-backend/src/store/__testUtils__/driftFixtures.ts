import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  DriftRow,
  DriftVerdict,
  EnvironmentOrder,
  PlatformModuleInfo,
  verdictSeverity,
} from '@platform-portal/plugin-platform-common';
import { createPlatformStores } from '../createPlatformStores';
import { DriftReportBuilder, DriftReportIndex } from '../DriftReportIndex';
import {
  DiscoveredRepository,
  DriftRowInput,
  RepositoryResultStore,
} from '../RepositoryResultStore';

/** Three services with seven references between them, for the store's tests. */

export const PAYMENTS = 'component:default/payments-api';
export const ORDERS = 'component:default/orders';
export const SEARCH = 'component:default/search';

export const repositories: DiscoveredRepository[] = [
  {
    entityRef: PAYMENTS,
    url: 'https://git.example.com/acme/payments-api',
    owner: 'group:default/team-payments',
    system: 'system:default/payments',
  },
  {
    entityRef: ORDERS,
    url: 'https://git.example.com/acme/orders',
    owner: 'group:default/team-orders',
  },
  {
    entityRef: SEARCH,
    url: 'https://git.example.com/acme/search',
    owner: 'group:default/team-search',
  },
];

export function row(
  overrides: Partial<DriftRowInput> & { verdict: DriftVerdict },
): DriftRowInput {
  const module = 'module' in overrides ? overrides.module : 'vpc';
  return {
    platform: module ? 'acme' : undefined,
    module,
    kind: 'terraform-module',
    file: 'main.tf',
    line: 1,
    column: 1,
    source: `git::https://git.example.com/acme/platform//modules/${module}`,
    name: `acme/${module}`,
    pin: 'ref',
    explanation: 'checked against the platform',
    severity: verdictSeverity(overrides.verdict),
    ...overrides,
  };
}

/**
 * Payments uses the same old vpc twice in its production file; its calls match 1.2.0, but 1.10.0
 * needs an input they do not set.
 */
function paymentsProductionVpc(line: number) {
  return row({
    verdict: 'minor-behind',
    version: '1.2.0',
    latest: '1.10.0',
    releasesBehind: 3,
    environment: 'production',
    file: 'infra/production/main.tf',
    line,
    callStatus: 'breaking-upgrade',
    callFindings: [],
    upgrade: {
      to: '1.10.0',
      breaking: true,
      needs: ['needs `cidr` (new, required)'],
    },
  });
}

export const paymentsRows: DriftRowInput[] = [
  paymentsProductionVpc(3),
  paymentsProductionVpc(20),
  row({
    verdict: 'up-to-date',
    version: '1.4.0',
    environment: 'staging',
    file: 'infra/staging/main.tf',
    callStatus: 'ok',
    callFindings: [],
    upgrade: { to: '1.10.0', breaking: false, needs: [] },
  }),
  row({
    verdict: 'major-behind',
    module: 'deploy',
    kind: 'github-reusable-workflow',
    version: '2.0.0',
    file: '.github/workflows/deploy_prod.yml',
    line: 12,
  }),
];

export const ordersRows: DriftRowInput[] = [
  row({
    verdict: 'up-to-date',
    version: '1.10.0',
    environment: 'production',
    file: 'terraform/main.tf',
    callStatus: 'broken',
    callFindings: [
      {
        finding: 'missing-required-input',
        argument: 'cidr',
        message: 'vpc@vpc/v1.10.0 requires `cidr`, which the call does not set',
      },
    ],
  }),
  row({
    verdict: 'external',
    module: undefined,
    source: 'hashicorp/consul/aws',
    name: 'hashicorp/consul/aws',
    pin: 'constraint',
    file: 'terraform/consul.tf',
  }),
  row({
    verdict: 'deprecated',
    module: 'rds',
    version: '0.9.0',
    file: 'terraform/db.tf',
    explanation: 'Move to aurora: 100% of new databases use it',
  }),
];

export const searchRows: DriftRowInput[] = [
  row({ verdict: 'unpinned', pin: 'none', file: 'main.tf' }),
];

export function moduleInfo(
  name: string,
  overrides: Partial<PlatformModuleInfo> = {},
): PlatformModuleInfo {
  return {
    platform: 'acme',
    name,
    kind: 'terraform-module',
    path: `modules/${name}`,
    repository: 'https://git.example.com/acme/platform',
    tagPattern: `${name}/v{version}`,
    versions: [],
    deprecations: [],
    ...overrides,
  };
}

export async function replace(
  store: RepositoryResultStore,
  entityRef: string,
  rows: DriftRowInput[],
  options: { commit?: string; scannedAt?: Date } = {},
) {
  await store.replaceRepositoryResults(entityRef, {
    commit: options.commit ?? 'c0ffee',
    branch: 'main',
    platformFingerprint: 'fp-1',
    scannedAt: options.scannedAt ?? new Date('2026-11-21T08:00:00Z'),
    filesScanned: 10,
    rows,
    problems: [],
  });
}

// PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING points at a server
// (the test script and CI set it); SQLite always runs.
/** The databases of the store tests, shut down after the test file that imports them. */
export const databases = TestDatabases.create({
  ids: ['POSTGRES_16', 'SQLITE_3'],
});

/** One backend instance's stores on a fresh test database. */
export async function createStores(
  id: TestDatabaseId,
  options: { environments?: EnvironmentOrder } = {},
) {
  const knex = await databases.init(id);
  const stores = await createPlatformStores({
    database: { getClient: async () => knex },
    ...options,
  });
  return { knex, ...stores };
}

/** How many rows of each call status {@link createFilledStores} holds; the others were not checked. */
export const filledCallStatusCounts = {
  ok: 1,
  broken: 1,
  'breaking-upgrade': 2,
};

/** How many rows of each verdict {@link createFilledStores} holds. */
export const filledVerdictCounts = {
  'up-to-date': 2,
  'minor-behind': 2,
  'major-behind': 1,
  external: 1,
  deprecated: 1,
  unpinned: 1,
};

/** {@link createStores} with the three services scanned. */
export async function createFilledStores(id: TestDatabaseId) {
  const created = await createStores(id);
  const { repositories: store } = created;
  await store.replacePlatformModules('acme', [
    moduleInfo('vpc', {
      latest: '1.10.0',
      versions: ['1.10.0', '1.4.0', '1.2.0'],
    }),
    moduleInfo('deploy', { kind: 'github-workflow' }),
    moduleInfo('rds'),
  ]);
  await store.syncRepositories(repositories);
  await replace(store, PAYMENTS, paymentsRows);
  await replace(store, ORDERS, ordersRows);
  await replace(store, SEARCH, searchRows);
  return created;
}

/** The index of rows already read, as a report of no modules at its first generation. */
export function indexOfRows(rows: DriftRow[]): DriftReportIndex {
  const builder = new DriftReportBuilder();
  builder.add(rows);
  return builder.build({ generation: '1', modules: [] });
}
