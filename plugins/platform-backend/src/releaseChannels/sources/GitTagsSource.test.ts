import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RepositoryHost } from '@platform-portal/plugin-platform-node';
import {
  GitRepositoryHost,
  runGit,
} from '@platform-portal/plugin-platform-engine';
import { failure } from '@platform-portal/plugin-platform-engine/testUtils';
import { GitTagsSource } from './GitTagsSource';

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

describe('GitTagsSource', () => {
  let root: string;
  let outside: string;
  let repositoryUrl: string;

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'git-tags-root-'));
    outside = await fs.mkdtemp(path.join(os.tmpdir(), 'git-tags-outside-'));
    const work = await fs.mkdtemp(path.join(os.tmpdir(), 'git-tags-work-'));
    try {
      await runGit(['init', '--quiet', '-b', 'main', work]);
      const tags: Array<[string, boolean]> = [
        ['v0.3.2', false],
        ['v0.4.0', true], // annotated
        ['0.5.0-rc.1', false],
        ['nightly', false],
        ['v1', false],
        ['vpc/v1.0.0', false],
        ['vpc/v1.1.0', true],
      ];
      for (const [index, [tag, annotated]] of tags.entries()) {
        await fs.writeFile(path.join(work, 'README.md'), `release ${index}\n`);
        await runGit(['add', 'README.md'], { cwd: work });
        await runGit(['commit', '--quiet', '-m', tag], {
          cwd: work,
          env: GIT_ENV,
        });
        await runGit(annotated ? ['tag', '-a', '-m', tag, tag] : ['tag', tag], {
          cwd: work,
          env: GIT_ENV,
        });
      }
      for (const dir of [root, outside]) {
        await runGit([
          'clone',
          '--quiet',
          '--bare',
          work,
          path.join(dir, 'acme', 'payments-api.git'),
        ]);
      }
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
    repositoryUrl = pathToFileURL(
      path.join(root, 'acme', 'payments-api.git'),
    ).href;
  });

  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
    await fs.rm(outside, { recursive: true, force: true });
  });

  const source = (allowedHosts: string[] = []) =>
    new GitTagsSource({
      host: new GitRepositoryHost({ localRoots: [root], allowedHosts }),
    });

  it('lists the semver tags of a local bare repository, annotated ones included', async () => {
    const releases = await source().listReleases(repositoryUrl);
    expect(releases.map(r => r.versionAsPublished).sort()).toEqual([
      '0.5.0-rc.1',
      'v0.3.2',
      'v0.4.0',
    ]);
    expect(releases.find(r => r.versionAsPublished === 'v0.4.0')?.version).toBe(
      '0.4.0',
    );
  });

  it('reads the tags of one tag pattern when the target names one', async () => {
    const releases = await source().listReleases(
      `${repositoryUrl}#vpc/v{version}`,
    );
    expect(releases.map(r => r.version).sort()).toEqual(['1.0.0', '1.1.0']);
  });

  it('finds name.git for a URL without .git, as git does', async () => {
    const releases = await source().listReleases(
      repositoryUrl.replace(/\.git$/, ''),
    );
    expect(releases).toHaveLength(3);
  });

  it('refuses a local repository outside the configured roots', async () => {
    const error = await failure(
      source().listReleases(
        pathToFileURL(path.join(outside, 'acme', 'payments-api.git')).href,
      ),
    );
    expect(error.code).toBe('refused');
  });

  it('refuses a path that climbs out of a root', async () => {
    const error = await failure(
      source().listReleases(
        `${pathToFileURL(root).href}/../${path.basename(
          outside,
        )}/acme/payments-api.git`,
      ),
    );
    expect(error.code).toBe('refused');
  });

  it('answers not-found for a repository that does not exist under a root', async () => {
    const error = await failure(
      source().listReleases(
        pathToFileURL(path.join(root, 'acme', 'missing.git')).href,
      ),
    );
    expect(error.code).toBe('not-found');
  });

  it.each([
    ['a host that is not allowed', 'https://git.internal.example/acme/api.git'],
    ['a command transport', 'ext::sh -c touch% /tmp/pwned'],
    ['a bare local path', '/etc'],
    [
      'credentials in the URL',
      'https://user:secret@git.acme.example/acme/api.git',
    ],
  ])('refuses %s', async (_what, target) => {
    const error = await failure(
      source(['git.acme.example']).listReleases(target),
    );
    expect(error.code).toBe('refused');
    expect(error.message).not.toContain('secret');
  });

  it('refuses a tag pattern without {version}', async () => {
    const error = await failure(
      source().listReleases(`${repositoryUrl}#vpc/latest`),
    );
    expect(error.code).toBe('refused');
  });

  it('answers unreachable when an allowed remote cannot be reached', async () => {
    const error = await failure(
      source(['http://127.0.0.1:1']).listReleases(
        'http://127.0.0.1:1/acme/api.git',
      ),
    );
    expect(error.code).toBe('unreachable');
  });

  describe('with a host that never answers', () => {
    const hanging: RepositoryHost = {
      id: 'hanging',
      supports: () => true,
      getHead: () => new Promise(() => {}),
      readFiles: () => new Promise(() => {}),
      listTags: () => new Promise(() => {}),
    };

    it('gives up after its timeout', async () => {
      const error = await failure(
        new GitTagsSource({ host: hanging, timeoutMs: 100 }).listReleases(
          'https://git.acme.example/acme/api.git',
        ),
      );
      expect(error.code).toBe('unreachable');
      expect(error.message).toMatch(/did not list its tags/);
    });

    it('stops when the caller aborts', async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 20);
      const error = await failure(
        new GitTagsSource({ host: hanging }).listReleases(
          'https://git.acme.example/acme/api.git',
          {
            signal: controller.signal,
          },
        ),
      );
      expect(error.message).toMatch(/cancelled/);
    });
  });
});
