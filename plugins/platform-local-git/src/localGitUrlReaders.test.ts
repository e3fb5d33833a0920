import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  BackendFeature,
  coreServices,
  createBackendPlugin,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createBareRepository } from '@platform-portal/plugin-platform-engine/testUtils';
import * as localGitPackage from './index';
import { localGitUrlReaders } from './localGitUrlReaders';

const CATALOG_INFO =
  'https://git.example.test/acme/orders-api/blob/main/catalog-info.yaml';

/** A backend with the given features and a plugin that hands out the URL reader it gets. */
async function urlReaderOf(
  root: string,
  features: Array<BackendFeature | Promise<{ default: BackendFeature }>>,
): Promise<UrlReaderService> {
  let reader: UrlReaderService | undefined;
  await startTestBackend({
    features: [
      ...features,
      mockServices.rootConfig.factory({
        data: {
          platform: {
            git: {
              localRoots: [root],
              rewrites: [
                {
                  from: 'https://git.example.test/acme/',
                  to: `${path.join(root, 'acme')}/`,
                },
              ],
            },
          },
        },
      }),
      createBackendPlugin({
        pluginId: 'reads',
        register(env) {
          env.registerInit({
            deps: { urlReader: coreServices.urlReader },
            async init({ urlReader }) {
              reader = urlReader;
            },
          });
        },
      }),
    ],
  });
  return reader!;
}

describe('localGitUrlReaders', () => {
  let root: string;

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'local-git-module-'));
    createBareRepository(path.join(root, 'acme', 'orders-api.git'), [
      { files: { 'catalog-info.yaml': 'kind: Component\n' } },
    ]);
  });

  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('lets every plugin read a local bare repository by the URL a rewrite maps onto it, added as the package the README says to import', async () => {
    const reader = await urlReaderOf(root, [Promise.resolve(localGitPackage)]);
    const response = await reader.readUrl(CATALOG_INFO);
    expect((await response.buffer()).toString('utf8')).toBe(
      'kind: Component\n',
    );
  });

  it('is what makes such a URL readable: without it the backend refuses the URL', async () => {
    const reader = await urlReaderOf(root, []);
    await expect(reader.readUrl(CATALOG_INFO)).rejects.toThrow(
      /git\.example\.test/,
    );
  });

  it('names the URL, not the directory, when the repository does not exist', async () => {
    const reader = await urlReaderOf(root, [localGitUrlReaders]);
    const missing = CATALOG_INFO.replace('orders-api', 'payments-api');
    const failure = reader.readUrl(missing);
    await expect(failure).rejects.toThrow(missing.split('/blob/')[0]);
    await expect(failure).rejects.not.toThrow(root);
  });
});
