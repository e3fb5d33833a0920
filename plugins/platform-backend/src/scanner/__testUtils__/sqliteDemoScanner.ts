import { TestDatabases } from '@backstage/backend-test-utils';
import { RepositoryHost } from '@platform-portal/plugin-platform-node';
import { createPlatformStores } from '../../store';
import { PlatformScanner } from '../PlatformScanner';
import {
  createDemoScanner,
  demoRepositoryHosts,
  useDemoRepositories,
} from './demoRepositories';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/**
 * A scanner of the demo's services through `host` (the demo's own git host when absent), on
 * stores in a new SQLite database, and those stores.
 */
export async function sqliteDemoScanner(
  demo: ReturnType<typeof useDemoRepositories>,
  options: { host?: RepositoryHost } & Partial<
    ConstructorParameters<typeof PlatformScanner>[0]
  > = {},
) {
  const { host, ...overrides } = options;
  const knex = await databases.init('SQLITE_3');
  const stores = await createPlatformStores({
    database: { getClient: async () => knex },
  });
  const scanner = createDemoScanner(stores, demo.dir, {
    extractors: demo.extractors,
    discover: async () => demo.services,
    hosts: demoRepositoryHosts(demo.dir, host),
    ...overrides,
  });
  return { scanner, stores };
}
