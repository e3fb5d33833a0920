import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CountingListener,
  redirectTo,
  startCountingListener,
} from '../../testUtils';
import { runGit } from '../../git/git';
import { RepositoryHostError } from '@platform-portal/plugin-platform-node';
import { TEST_GIT_IDENTITY } from '../../testUtils/testPlatform';
import { GitRepositoryHost } from './GitRepositoryHost';

const SHA = '0123456789abcdef0123456789abcdef01234567';

/** Every way the host reaches a remote; each must fail, and none may connect. */
async function everyReadFails(host: GitRepositoryHost, url: string) {
  expect(host.supports(url)).toBe(false);
  for (const read of [
    () => host.getHead(url),
    () => host.listTags(url),
    () => host.readFiles(url, SHA, () => true),
  ]) {
    const error = await read().catch(e => e);
    expect(error).toBeInstanceOf(RepositoryHostError);
    expect(error.message).toMatch(/not a repository this portal may read/);
  }
}

describe('GitRepositoryHost reaches only the remotes it is allowed', () => {
  let listener: CountingListener;

  beforeEach(async () => {
    listener = await startCountingListener();
  });

  afterEach(async () => {
    await listener.close();
  });

  it('reaches nothing when no host is allowed', async () => {
    const host = new GitRepositoryHost();
    const { port } = listener;
    for (const url of [
      `http://127.0.0.1:${port}/acme/api.git`,
      `https://127.0.0.1:${port}/acme/api.git`,
      `git://127.0.0.1:${port}/acme/api.git`,
      `ssh://git@127.0.0.1:${port}/acme/api.git`,
      'git@127.0.0.1:acme/api.git',
    ]) {
      await everyReadFails(host, url);
    }
    expect(listener.connections()).toBe(0);
  });

  it('matches the port and scheme of an entry, not only its host', async () => {
    const host = new GitRepositoryHost({ allowedHosts: ['127.0.0.1:7080'] });
    const { port } = listener;
    for (const url of [
      `http://127.0.0.1:${port}/x.git`,
      `https://127.0.0.1:${port}/x.git`,
      `git://127.0.0.1:${port}/x.git`,
      `ssh://git@127.0.0.1:${port}/x.git`,
      // The allowed host and port once more, in transports the entry does not name.
      'http://127.0.0.1:7080/x.git',
      'git://127.0.0.1:7080/x.git',
      'ssh://git@127.0.0.1:7080/x.git',
    ]) {
      await everyReadFails(host, url);
    }
    expect(host.supports('https://127.0.0.1:7080/x.git')).toBe(true);
    expect(listener.connections()).toBe(0);
  });

  it('refuses URLs that git, curl and ssh could read as another host', async () => {
    const host = new GitRepositoryHost({ allowedHosts: ['127.0.0.1'] });
    const { port } = listener;
    for (const url of [
      `https://127.0.0.1\\@127.0.0.1:${port}/x.git`,
      `https://127.0.0.1@127.0.0.1:${port}/x.git`,
      `https://user:token@127.0.0.1/x.git`,
      `https://127.0.0.1/x.git?@127.0.0.1:${port}`,
      `https://127.0.0.1/x.git#@127.0.0.1:${port}`,
      `https://127.0.0.1 /x.git`,
      'git@-oProxyCommand=sh:x',
      'ext::sh -c true',
    ]) {
      await everyReadFails(host, url);
    }
    expect(listener.connections()).toBe(0);
  });

  it('does not follow a redirect to another host', async () => {
    const redirecting = await startCountingListener(
      redirectTo(`http://127.0.0.1:${listener.port}/x.git/info/refs`),
    );
    try {
      const host = new GitRepositoryHost({
        allowedHosts: [`http://127.0.0.1:${redirecting.port}`],
      });
      const error = await host
        .getHead(`http://127.0.0.1:${redirecting.port}/x.git`)
        .catch(e => e);
      expect(error).toBeInstanceOf(RepositoryHostError);
      expect(redirecting.connections()).toBeGreaterThan(0);
      expect(listener.connections()).toBe(0);
    } finally {
      await redirecting.close();
    }
  });

  it('gives up on a remote that accepts and never answers', async () => {
    const host = new GitRepositoryHost({
      allowedHosts: [
        `http://127.0.0.1:${listener.port}`,
        `git://127.0.0.1:${listener.port}`,
      ],
      timeoutMs: 3000,
    });
    for (const url of [
      `http://127.0.0.1:${listener.port}/x.git`,
      `git://127.0.0.1:${listener.port}/x.git`,
    ]) {
      const started = Date.now();
      const error = await host.listTags(url).catch(e => e);
      expect(error).toBeInstanceOf(RepositoryHostError);
      expect(error.message).toContain('did not finish within 3 s');
      expect(error.retryable).toBe(true);
      expect(Date.now() - started).toBeLessThan(8000);
    }
    expect(listener.connections()).toBe(2);
  });

  it('gives up on an HTTP remote slower than 1 kB/s before the overall limit', async () => {
    const host = new GitRepositoryHost({
      allowedHosts: [`http://127.0.0.1:${listener.port}`],
      lowSpeedSeconds: 2,
    });
    const started = Date.now();
    const error = await host
      .getHead(`http://127.0.0.1:${listener.port}/x.git`)
      .catch(e => e);
    expect(error).toBeInstanceOf(RepositoryHostError);
    expect(error.message).not.toContain('did not finish');
    expect(listener.connections()).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('GitRepositoryHost with objects missing from a repository', () => {
  let root: string;

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'git-missing-'));
  });

  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('reports a file whose content is missing, and reads the others', async () => {
    // A fresh repository holds loose objects only, so that one blob can be taken away.
    const work = path.join(root, 'acme', 'api');
    await runGit(['init', '--quiet', '-b', 'main', work]);
    await fs.writeFile(path.join(work, 'kept.tf'), 'module "vpc" {}\n');
    await fs.writeFile(path.join(work, 'lost.tf'), 'module "eks" {}\n');
    await runGit(['add', '-A'], { cwd: work });
    await runGit(['commit', '--quiet', '-m', 'one'], {
      cwd: work,
      env: TEST_GIT_IDENTITY,
    });
    const commit = (await runGit(['rev-parse', 'HEAD'], { cwd: work })).trim();
    const lost = (
      await runGit(['rev-parse', 'HEAD:lost.tf'], { cwd: work })
    ).trim();
    const bare = path.join(work, '.git');
    await fs.rm(path.join(bare, 'objects', lost.slice(0, 2), lost.slice(2)));

    const host = new GitRepositoryHost({ localRoots: [root] });
    const { files, problems } = await host.readFiles(
      pathToFileURL(bare).href,
      commit,
      file => file.endsWith('.tf'),
    );
    expect(files.map(f => [f.path, f.content.toString()])).toEqual([
      ['kept.tf', 'module "vpc" {}\n'],
    ]);
    expect(problems).toEqual([
      {
        file: 'lost.tf',
        message: `the repository lacks this file's content (object ${lost}); not scanned`,
      },
    ]);
  });
});
