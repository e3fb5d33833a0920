import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runGit } from '../../git/git';
import { RepositoryHostError } from '@platform-portal/plugin-platform-node';
import { GitDaemon, startGitDaemon } from '../../testUtils/gitDaemon';
import {
  cloneBare,
  commitAll,
  createGitRepository,
  testGit,
  writeFiles,
} from '../../testUtils/testPlatform';
import { GitRepositoryHost } from './GitRepositoryHost';

let root: string;
let bare: string;
let head: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'git-host-'));
  const work = createGitRepository(path.join(root, 'work'), [
    { files: { 'README.md': 'first' }, tags: ['v1.0.0'], message: 'first' },
    {
      files: {
        'infra/main.tf': 'module "vpc" {}\n',
        'infra/big.tf': 'x'.repeat(2000),
        'infra/binary.tf': Buffer.from([0, 1, 2]),
        'src/app.ts': 'not wanted',
      },
      message: 'second',
    },
  ]);
  await fs.symlink('/etc/passwd', path.join(work, 'infra/link.tf'));
  head = commitAll(work, 'symlink');
  testGit(work, 'tag', '-a', '-m', 'annotated', 'v1.1.0');
  bare = cloneBare(work, path.join(root, 'repos', 'acme', 'api.git'));
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const wantsTf = (file: string) => file.endsWith('.tf');

describe('GitRepositoryHost with local bare repositories', () => {
  const host = () =>
    new GitRepositoryHost({ localRoots: [path.join(root, 'repos')] });

  it('reads files in place from a bare repository under a local root', async () => {
    const url = pathToFileURL(bare.replace(/\.git$/, '')).href;
    expect(host().supports(url)).toBe(true);
    await expect(host().getHead(url)).resolves.toEqual({
      commit: head,
      branch: 'main',
    });
    const { files, problems } = await host().readFiles(url, head, wantsTf, {
      maxFileSize: 1000,
    });
    expect(files.map(f => [f.path, f.content.toString()])).toEqual([
      ['infra/binary.tf', '\u0000\u0001\u0002'],
      ['infra/main.tf', 'module "vpc" {}\n'],
    ]);
    expect(problems).toEqual([
      {
        file: 'infra/big.tf',
        message: 'file is over the size limit of 1000 bytes; not scanned',
      },
      {
        file: 'infra/link.tf',
        message: 'symbolic link in the repository; not followed',
      },
    ]);
  });

  it('reads the head of packed and loose refs the same as git does', async () => {
    // A copy, so that the other tests keep their repository as it was.
    const copy = path.join(root, 'repos', 'acme', 'copy.git');
    await runGit(['clone', '--quiet', '--bare', bare, copy]);
    const url = pathToFileURL(copy).href;
    const fromGit = async () =>
      (await runGit(['ls-remote', '--', copy, 'refs/heads/main'])).split(
        '\t',
      )[0];
    await runGit(['pack-refs', '--all'], { cwd: copy });
    expect((await host().getHead(url)).commit).toBe(await fromGit());
    // A push writes a loose ref that wins over the packed one.
    const work = path.join(root, 'work');
    writeFiles(work, { 'NEXT.md': 'next' });
    const next = commitAll(work, 'next');
    await runGit(['push', '--quiet', copy, 'HEAD:main'], { cwd: work });
    await expect(host().getHead(url)).resolves.toEqual({
      commit: next,
      branch: 'main',
    });
    expect(next).toBe(await fromGit());
  });

  it('lists tags with annotated tags peeled to their commits', async () => {
    const url = pathToFileURL(bare).href;
    const tags = await host().listTags(url);
    expect(tags.map(t => t.name).sort()).toEqual(['v1.0.0', 'v1.1.0']);
    expect(tags.find(t => t.name === 'v1.1.0')?.commit).toBe(head);
  });

  it('refuses local paths outside its roots and command-running transports', async () => {
    const outside = pathToFileURL(path.join(root, 'work')).href;
    const traversal = `${pathToFileURL(path.join(root, 'repos')).href}/../work`;
    for (const url of [
      outside,
      traversal,
      'ext::sh -c touch% /tmp/pwned',
      '/etc',
      '--upload-pack=touch /tmp/pwned',
    ]) {
      expect(host().supports(url)).toBe(false);
      await expect(host().getHead(url)).rejects.toThrow(
        /not a repository this portal may read/,
      );
    }
  });

  it('refuses a commit that is not a full SHA, so no option can be smuggled in', async () => {
    const url = pathToFileURL(bare).href;
    await expect(
      host().readFiles(url, '--output=/tmp/x', wantsTf),
    ).rejects.toThrow('"--output=/tmp/x" is not a full commit SHA');
  });

  it('reports a repository that does not exist as a permanent error', async () => {
    const url = pathToFileURL(path.join(root, 'repos', 'acme', 'gone')).href;
    const error = await host()
      .getHead(url)
      .catch(e => e);
    expect(error).toBeInstanceOf(RepositoryHostError);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('acme/gone');
  });
});

describe('GitRepositoryHost with a git daemon', () => {
  let daemon: GitDaemon | undefined;
  let port: number;

  beforeAll(async () => {
    daemon = await startGitDaemon(path.join(root, 'repos'));
    port = daemon.port;
  });

  afterAll(() => {
    daemon?.stop();
  });

  it('reads a remote through a shallow fetch of one commit', async () => {
    const host = new GitRepositoryHost({
      allowedHosts: [`git://127.0.0.1:${port}`],
    });
    const url = `git://127.0.0.1:${port}/acme/api.git`;
    expect(host.supports(url)).toBe(true);
    const { commit } = await host.getHead(url);
    expect(commit).toBe(head);
    const { files } = await host.readFiles(url, commit, p =>
      p.endsWith('main.tf'),
    );
    expect(files.map(f => f.path)).toEqual(['infra/main.tf']);
    expect((await host.listTags(url)).length).toBe(2);
  });

  it('only reaches allowed hosts when an allow-list is configured', async () => {
    const host = new GitRepositoryHost({ allowedHosts: ['git.acme.example'] });
    const url = `git://127.0.0.1:${port}/acme/api.git`;
    expect(host.supports(url)).toBe(false);
    await expect(host.listTags(url)).rejects.toThrow(/may read/);
    expect(host.supports('https://git.acme.example/acme/api.git')).toBe(true);
  });

  it('never repeats credentials from the URL in its errors', async () => {
    const host = new GitRepositoryHost({
      allowedHosts: [`127.0.0.1:${port}`],
    });
    const error = await host
      .getHead(`https://user:s3cr3t-token@127.0.0.1:${port}/acme/none.git`)
      .catch(e => e);
    expect(error).toBeInstanceOf(RepositoryHostError);
    expect(error.message).not.toContain('s3cr3t-token');
  });
});
