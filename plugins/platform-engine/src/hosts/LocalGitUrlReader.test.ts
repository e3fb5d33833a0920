import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { mockServices } from '@backstage/backend-test-utils';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import {
  cloneBare,
  createGitRepository,
  testGit,
  writeFiles,
} from '../testUtils/testPlatform';
import { LocalGitUrlReader } from './LocalGitUrlReader';

const BASE = 'https://github.com/acme/orders-api';

describe('LocalGitUrlReader', () => {
  let root: string;
  let outside: string;
  let reader: UrlReaderService;
  let commit: string;

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'local-git-reader-'));
    outside = await fs.mkdtemp(path.join(os.tmpdir(), 'local-git-outside-'));
    const work = path.join(root, 'work');
    writeFiles(work, {
      'catalog-info.yaml': 'kind: Component\n',
      'docs/index.md': '# Docs\n',
    });
    await fs.symlink('/etc/passwd', path.join(work, 'passwd'));
    createGitRepository(work, [{ tags: ['v1.0.0'], message: 'one' }]);
    commit = testGit(work, 'rev-parse', 'HEAD').trim();
    testGit(work, 'branch', 'release/2026');
    cloneBare(work, path.join(root, 'acme', 'orders-api.git'));
    // A repository outside the root, and a link to it from inside.
    cloneBare(work, path.join(outside, 'secret.git'));
    await fs.symlink(
      path.join(outside, 'secret.git'),
      path.join(root, 'acme', 'linked.git'),
    );
    await fs.rm(work, { recursive: true, force: true });

    reader = UrlReaders.create({
      config: mockServices.rootConfig({
        data: {
          platform: {
            git: {
              localRoots: [root],
              // A directory relative to the working directory, as app-config names one.
              rewrites: [
                {
                  from: 'https://github.com/acme/',
                  to: `./${path.relative(
                    process.cwd(),
                    path.join(root, 'acme'),
                  )}/`,
                },
              ],
            },
          },
        },
      }),
      logger: mockServices.logger.mock(),
      factories: [LocalGitUrlReader.factory as any],
    });
  });

  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
    await fs.rm(outside, { recursive: true, force: true });
  });

  it('reads a file from the bare repository by branch, tag and commit', async () => {
    for (const ref of ['main', 'v1.0.0', commit, 'release/2026']) {
      const response = await reader.readUrl(
        `${BASE}/blob/${ref}/catalog-info.yaml`,
      );
      expect((await response.buffer()).toString()).toBe('kind: Component\n');
      expect(response.etag).toMatch(/^[0-9a-f]{40}$/);
    }
  });

  it('answers an unchanged file with NotModified', async () => {
    const url = `${BASE}/blob/main/docs/index.md`;
    const { etag } = await reader.readUrl(url);
    await expect(reader.readUrl(url, { etag })).rejects.toMatchObject({
      name: 'NotModifiedError',
    });
  });

  it('finds one file as the catalog searches for it', async () => {
    const found = await reader.search(`${BASE}/blob/main/catalog-info.yaml`);
    expect(found.files.map(f => f.url)).toEqual([
      `${BASE}/blob/main/catalog-info.yaml`,
    ]);
    expect((await found.files[0].content()).toString()).toBe(
      'kind: Component\n',
    );
    expect(
      (await reader.search(`${BASE}/blob/main/missing.yaml`)).files,
    ).toEqual([]);
    await expect(
      reader.search(`${BASE}/blob/main/*.yaml`),
    ).rejects.toMatchObject({ name: 'InputError' });
  });

  it('reads a tree', async () => {
    const tree = await reader.readTree(`${BASE}/tree/main`);
    const files = await tree.files();
    expect(files.map(f => f.path).sort()).toEqual(
      expect.arrayContaining(['catalog-info.yaml', 'docs/index.md']),
    );
    const docs = await reader.readTree(`${BASE}/tree/main/docs`);
    expect((await docs.files()).map(f => f.path)).toEqual(['index.md']);
    await expect(
      reader.readTree(`${BASE}/tree/main/docs`, { etag: docs.etag }),
    ).rejects.toMatchObject({ name: 'NotModifiedError' });
  });

  it.each([
    [`${BASE}/blob/main/nope.yaml`, 'a missing file'],
    [`${BASE}/blob/nope/catalog-info.yaml`, 'a missing ref'],
    [
      'https://github.com/acme/nope/blob/main/catalog-info.yaml',
      'a missing repository',
    ],
  ])('says NotFound for %s (%s)', async url => {
    await expect(reader.readUrl(url)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });

  it.each([
    // The URL parser resolves `%2e%2e` segments itself; what is left stays under the root.
    [`${BASE}/blob/main/%2e%2e/%2e%2e/etc/passwd`, 'NotFoundError'],
    ['https://github.com/acme/%2e%2e/blob/main/x', 'NotAllowedError'],
  ])('never leaves the root for %s', async (url, name) => {
    await expect(reader.readUrl(url)).rejects.toMatchObject({ name });
  });

  it.each([
    `${BASE}/blob/main/docs%2f..%2f..%2fx`,
    'https://github.com/acme/..%2f..%2fetc/blob/main/x',
    `${BASE}/blob/..%2fmain/catalog-info.yaml`,
    `${BASE}/blob/-main/catalog-info.yaml`,
  ])('refuses the traversal or invalid name in %s', async url => {
    await expect(reader.readUrl(url)).rejects.toMatchObject({
      name: 'InputError',
    });
  });

  it('leaves URLs that leave the prefix to other readers', async () => {
    // The URL parser removes `..` before any reader sees it; what remains is not under the root.
    await expect(
      reader.readUrl('https://github.com/acme/../other/x/blob/main/y'),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    await expect(
      reader.readUrl('https://gitlab.com/acme/orders-api/blob/main/x'),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
  });

  it('refuses symbolic links, in the repository and out of the root', async () => {
    await expect(
      reader.readUrl(`${BASE}/blob/main/passwd`),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    await expect(
      reader.readUrl(
        'https://github.com/acme/linked/blob/main/catalog-info.yaml',
      ),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringMatching(/symbolic link/),
    });
  });

  it('serves rewrites into configured local roots only', () => {
    const mappings = LocalGitUrlReader.mappingsFromConfig(
      mockServices.rootConfig({
        data: {
          platform: {
            git: {
              localRoots: [root],
              rewrites: [
                {
                  from: 'https://git.acme.example/',
                  to: pathToFileURL(path.join(root, 'acme')).href,
                },
                {
                  from: 'https://elsewhere.example/',
                  to: pathToFileURL(outside).href,
                },
                {
                  from: 'https://mirror.example/',
                  to: 'https://github.com/',
                },
                { from: 'https://local.example/', to: `${root}/acme/` },
                { from: 'https://escape.example/', to: `${outside}/` },
              ],
            },
          },
        },
      }),
    );
    expect(mappings).toEqual([
      {
        prefix: 'https://git.acme.example/',
        directory: path.join(root, 'acme'),
      },
      {
        prefix: 'https://local.example/',
        directory: path.join(root, 'acme'),
      },
    ]);
    expect(
      LocalGitUrlReader.factory({
        config: mockServices.rootConfig({ data: {} }),
        treeResponseFactory: {} as any,
      }),
    ).toEqual([]);
  });
});
