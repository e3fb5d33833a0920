import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { mockServices } from '@backstage/backend-test-utils';
import { ScmIntegrations } from '@backstage/integration';
import {
  ReferenceExtractor,
  RepositoryHost,
} from '@platform-portal/plugin-platform-node';
import {
  createDefaultExtractors,
  GitRepositoryHost,
  RepositoryHosts,
} from '@platform-portal/plugin-platform-engine';
import { createDemoRepositories } from '@platform-portal/plugin-platform-backend-module-demo';
import {
  EXAMPLES_DIR,
  readExampleEntities,
} from '../../__testUtils__/exampleEntities';
import knexFactory from 'knex';
import {
  createPlatformStores,
  DiscoveredRepository,
  PlatformStores,
} from '../../store';
import { PlatformScanner } from '../PlatformScanner';
import { repositoryUrlOf } from '../repositoryUrl';

/** Makes the demo's git repositories in a new folder of the temporary directory, and names it. */
export async function makeDemoRepositories(prefix: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  await createDemoRepositories({ examplesDir: EXAMPLES_DIR, targetDir: dir });
  return dir;
}

/** Reads the demo's github.com/acme repositories from where the demo module made them. */
export function demoRepositoryHosts(demoDir: string, host?: RepositoryHost) {
  return new RepositoryHosts(
    [host ?? new GitRepositoryHost({ localRoots: [demoDir] })],
    [
      {
        from: 'https://github.com/acme/',
        to: `${pathToFileURL(path.join(demoDir, 'acme')).href}/`,
      },
    ],
  );
}

/**
 * Makes the demo's repositories before the test file's tests and removes them after; its
 * fields are set once the tests run.
 */
export function useDemoRepositories(prefix: string) {
  const demo = {
    dir: '',
    services: [] as DiscoveredRepository[],
    extractors: [] as ReferenceExtractor[],
  };
  beforeAll(async () => {
    demo.dir = await makeDemoRepositories(prefix);
    demo.services = await readDemoServices();
    demo.extractors = await createDefaultExtractors();
  });
  afterAll(async () => {
    await fs.rm(demo.dir, { recursive: true, force: true });
  });
  return demo;
}

/** The demo services as discovery finds them in the catalog. */
export async function readDemoServices(): Promise<DiscoveredRepository[]> {
  return (await readExampleEntities()).map(entity => ({
    entityRef: `component:default/${entity.metadata.name}`,
    url: repositoryUrlOf(entity)!,
    owner: entity.spec?.owner as string,
  }));
}

type ScannerOptions = ConstructorParameters<typeof PlatformScanner>[0];

/** A scanner of the demo repositories in the folder, against the demo platform, into the stores. */
export function createDemoScanner(
  stores: Pick<PlatformStores, 'scanRuns' | 'repositories' | 'trends'>,
  demoDir: string,
  options: Pick<ScannerOptions, 'extractors' | 'discover'> &
    Partial<ScannerOptions>,
) {
  return new PlatformScanner({
    scanRuns: stores.scanRuns,
    repositories: stores.repositories,
    trends: stores.trends,
    hosts: demoRepositoryHosts(demoDir),
    platforms: ['https://github.com/acme/platform'],
    integrations: ScmIntegrations.fromConfig(mockServices.rootConfig()),
    concurrency: 2,
    ...options,
    logger: options.logger ?? mockServices.logger.mock(),
  });
}

/** The platform stores on an SQLite file, and the connection to close. */
export async function openSqliteStores(filename: string) {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
  });
  const stores = await createPlatformStores({
    database: { getClient: async () => knex },
  });
  return { knex, stores };
}
