import { ChildProcess, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runGit } from '../../git/git';
import { GitRepositoryHost } from './GitRepositoryHost';

const identity = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};
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
  await runGit(['init', '--quiet', '-b', 'main', work]);
  await fs.mkdir(path.join(work, 'infra'), { recursive: true });
  await fs.writeFile(path.join(work, 'infra/main.tf'), MAIN_TF);
  await fs.writeFile(path.join(work, 'scripts.sh'), '#!/bin/sh\n', {
    mode: 0o755,
  });
  await fs.symlink('infra/main.tf', path.join(work, 'link.tf'));
  await runGit(['add', '-A'], { cwd: work });
  await runGit(['commit', '--quiet', '-m', 'first'], {
    cwd: work,
    env: identity,
  });
  const bare = path.join(reposRoot, 'acme', `${name}.git`);
  await runGit(['clone', '--quiet', '--bare', work, bare]);
  return (await runGit(['rev-parse', 'HEAD'], { cwd: work })).trim();
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
        env: { ...identity, GIT_AUTHOR_NAME: 'Jane Doe' },
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
  let daemon: ChildProcess;
  let port: number;

  beforeAll(async () => {
    port = await new Promise<number>(resolve => {
      const server = net.createServer();
      server.listen(0, '127.0.0.1', () => {
        const address = server.address() as net.AddressInfo;
        server.close(() => resolve(address.port));
      });
    });
    daemon = spawn(
      'git',
      [
        'daemon',
        '--reuseaddr',
        '--export-all',
        '--enable=receive-pack',
        '--listen=127.0.0.1',
        `--port=${port}`,
        `--base-path=${reposRoot}`,
        reposRoot,
      ],
      { stdio: 'ignore' },
    );
    const accepts = () =>
      new Promise<boolean>(resolve => {
        const socket = net.connect(port, '127.0.0.1', () => {
          socket.end();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      });
    for (let attempt = 0; attempt < 50 && !(await accepts()); attempt++) {
      await new Promise(r => setTimeout(r, 100));
    }
  });

  afterAll(() => {
    daemon?.kill();
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
        env: { ...identity, GIT_AUTHOR_NAME: 'Jane Doe' },
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
