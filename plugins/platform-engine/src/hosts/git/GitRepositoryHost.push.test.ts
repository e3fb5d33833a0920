import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runGit } from '../../git/git';
import { GitDaemon, startGitDaemon } from '../../testUtils/gitDaemon';
import {
  cloneBare,
  createGitRepository,
  TEST_GIT_IDENTITY,
  testGit,
  writeFiles,
} from '../../testUtils/testPlatform';
import { GitRepositoryHost } from './GitRepositoryHost';

const author = { name: 'Platform Portal', email: 'portal@acme.example' };
const MAIN_TF = `module "network" {
  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v1.2.0"

  cidr_block = "10.20.0.0/16"
}
`;

let root: string;
let reposRoot: string;
let base: string;

async function makeRepository(name: string): Promise<string> {
  const work = path.join(root, `work-${name}`);
  writeFiles(work, { 'infra/main.tf': MAIN_TF, 'scripts.sh': '#!/bin/sh\n' });
  await fs.chmod(path.join(work, 'scripts.sh'), 0o755);
  await fs.symlink('infra/main.tf', path.join(work, 'link.tf'));
  createGitRepository(work, [{ message: 'first' }]);
  cloneBare(work, path.join(reposRoot, 'acme', `${name}.git`));
  return testGit(work, 'rev-parse', 'HEAD').trim();
}

const edited = MAIN_TF.replace('vpc/v1.2.0', 'vpc/v2.1.1');
const change = () => ({
  base,
  branch: 'platform/upgrade/vpc-2.1.1',
  files: [{ path: 'infra/main.tf', content: edited }],
  message: 'Upgrade vpc to 2.1.1',
  author,
});

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'git-push-'));
  reposRoot = path.join(root, 'repos');
  base = await makeRepository('api');
  await makeRepository('remote');
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

/** What the branch changes against its base, as `git diff` tells it. */
async function branchDiff(gitDir: string, branch: string) {
  const names = await runGit(
    ['diff', '--name-only', `${base}..refs/heads/${branch}`],
    { cwd: gitDir },
  );
  const content = await runGit(['show', `refs/heads/${branch}:infra/main.tf`], {
    cwd: gitDir,
  });
  const parents = await runGit(
    ['rev-list', '--parents', '-n', '1', `refs/heads/${branch}`],
    { cwd: gitDir },
  );
  return { names: names.trim().split('\n'), content, parents: parents.trim() };
}

describe('GitRepositoryHost.pushBranch to a local bare repository', () => {
  const host = () => new GitRepositoryHost({ localRoots: [reposRoot] });
  const gitDir = () => path.join(reposRoot, 'acme', 'api.git');
  const url = () => pathToFileURL(path.join(reposRoot, 'acme', 'api')).href;

  it('makes a branch whose diff against the scanned commit is exactly the edit', async () => {
    const { branch, commit } = await host().pushBranch(url(), change());
    expect(branch).toBe('platform/upgrade/vpc-2.1.1');
    const diff = await branchDiff(gitDir(), branch);
    expect(diff.names).toEqual(['infra/main.tf']);
    expect(diff.content).toBe(edited);
    expect(diff.parents).toBe(`${commit} ${base}`);
    // The default branch is untouched.
    expect(
      (
        await runGit(['rev-parse', 'refs/heads/main'], { cwd: gitDir() })
      ).trim(),
    ).toBe(base);
  });

  it('moves the branch when asked again, still one commit on the base', async () => {
    const again = { ...change(), message: 'Upgrade vpc to 2.1.1 (again)' };
    const { commit } = await host().pushBranch(url(), again);
    const diff = await branchDiff(gitDir(), again.branch);
    expect(diff.parents).toBe(`${commit} ${base}`);
    expect(
      await runGit(['log', '-1', '--format=%s%n%an <%ae>', commit], {
        cwd: gitDir(),
      }),
    ).toBe(
      'Upgrade vpc to 2.1.1 (again)\nPlatform Portal <portal@acme.example>\n',
    );
  });

  it('refuses to move a branch a person committed to, leaving it as it was', async () => {
    const branch = 'platform/upgrade/taken';
    const { commit } = await host().pushBranch(url(), { ...change(), branch });
    // A person adds a commit on top of the portal's.
    const tree = (
      await runGit(['rev-parse', `${commit}^{tree}`], { cwd: gitDir() })
    ).trim();
    const theirs = (
      await runGit(['commit-tree', tree, '-p', commit, '-m', 'fix by hand'], {
        cwd: gitDir(),
        env: { ...TEST_GIT_IDENTITY, GIT_AUTHOR_NAME: 'Jane Doe' },
      })
    ).trim();
    await runGit(['update-ref', `refs/heads/${branch}`, theirs], {
      cwd: gitDir(),
    });
    await expect(
      host().pushBranch(url(), { ...change(), branch }),
    ).rejects.toThrow(
      `the branch ${branch} has commits by Jane Doe; the portal does not overwrite them`,
    );
    expect(
      (
        await runGit(['rev-parse', `refs/heads/${branch}`], { cwd: gitDir() })
      ).trim(),
    ).toBe(theirs);
  });

  it('keeps an executable file executable', async () => {
    const { commit } = await host().pushBranch(url(), {
      ...change(),
      branch: 'platform/upgrade/scripts',
      files: [{ path: 'scripts.sh', content: '#!/bin/sh\necho upgraded\n' }],
    });
    expect(
      await runGit(['ls-tree', commit, '--', 'scripts.sh'], { cwd: gitDir() }),
    ).toMatch(/^100755 /);
  });

  it('refuses a symlink, a branch outside platform/ and a base that is not a SHA, writing nothing', async () => {
    const before = await runGit(['for-each-ref', '--format=%(refname)'], {
      cwd: gitDir(),
    });
    await expect(
      host().pushBranch(url(), {
        ...change(),
        branch: 'platform/upgrade/link',
        files: [{ path: 'link.tf', content: 'x' }],
      }),
    ).rejects.toThrow('link.tf is not a regular file');
    await expect(
      host().pushBranch(url(), { ...change(), branch: 'main' }),
    ).rejects.toThrow('"main" is not a branch name the portal may push');
    await expect(
      host().pushBranch(url(), { ...change(), branch: 'platform/bad..name' }),
    ).rejects.toThrow('is not a branch name');
    await expect(
      host().pushBranch(url(), { ...change(), base: 'HEAD' }),
    ).rejects.toThrow('"HEAD" is not a full commit SHA');
    expect(
      await runGit(['for-each-ref', '--format=%(refname)'], { cwd: gitDir() }),
    ).toBe(before);
  });
});

describe('GitRepositoryHost.pushBranch to a remote', () => {
  let daemon: GitDaemon | undefined;
  let port: number;

  beforeAll(async () => {
    daemon = await startGitDaemon(reposRoot, { receivePack: true });
    port = daemon.port;
  });

  afterAll(() => {
    daemon?.stop();
  });

  it('fetches the base, commits and pushes the branch', async () => {
    const host = new GitRepositoryHost({
      allowedHosts: [`git://127.0.0.1:${port}`],
    });
    const gitDir = path.join(reposRoot, 'acme', 'remote.git');
    const remoteBase = (
      await runGit(['rev-parse', 'refs/heads/main'], { cwd: gitDir })
    ).trim();
    const { commit } = await host.pushBranch(
      `git://127.0.0.1:${port}/acme/remote.git`,
      { ...change(), base: remoteBase },
    );
    expect(
      (
        await runGit(['rev-parse', 'refs/heads/platform/upgrade/vpc-2.1.1'], {
          cwd: gitDir,
        })
      ).trim(),
    ).toBe(commit);
    expect(
      await runGit(['diff', '--name-only', `${remoteBase}..${commit}`], {
        cwd: gitDir,
      }),
    ).toBe('infra/main.tf\n');
  });

  it('moves its own branch again and refuses one a person pushed to', async () => {
    const host = new GitRepositoryHost({
      allowedHosts: [`git://127.0.0.1:${port}`],
    });
    const gitDir = path.join(reposRoot, 'acme', 'remote.git');
    const remoteUrl = `git://127.0.0.1:${port}/acme/remote.git`;
    const remoteBase = (
      await runGit(['rev-parse', 'refs/heads/main'], { cwd: gitDir })
    ).trim();
    const branch = 'platform/upgrade/remote-taken';
    await host.pushBranch(remoteUrl, { ...change(), base: remoteBase, branch });
    const again = await host.pushBranch(remoteUrl, {
      ...change(),
      base: remoteBase,
      branch,
      message: 'again',
    });
    expect(
      (
        await runGit(['rev-parse', `refs/heads/${branch}`], { cwd: gitDir })
      ).trim(),
    ).toBe(again.commit);
    const tree = (
      await runGit(['rev-parse', `${again.commit}^{tree}`], { cwd: gitDir })
    ).trim();
    const theirs = (
      await runGit(['commit-tree', tree, '-p', again.commit, '-m', 'by hand'], {
        cwd: gitDir,
        env: { ...TEST_GIT_IDENTITY, GIT_AUTHOR_NAME: 'Jane Doe' },
      })
    ).trim();
    await runGit(['update-ref', `refs/heads/${branch}`, theirs], {
      cwd: gitDir,
    });
    await expect(
      host.pushBranch(remoteUrl, { ...change(), base: remoteBase, branch }),
    ).rejects.toThrow('has commits by Jane Doe');
    expect(
      (
        await runGit(['rev-parse', `refs/heads/${branch}`], { cwd: gitDir })
      ).trim(),
    ).toBe(theirs);
  });

  it('reaches no remote the allow-list does not name', async () => {
    const host = new GitRepositoryHost({ allowedHosts: ['git.acme.example'] });
    await expect(
      host.pushBranch(`git://127.0.0.1:${port}/acme/remote.git`, change()),
    ).rejects.toThrow(/not a repository this portal may read/);
  });
});
