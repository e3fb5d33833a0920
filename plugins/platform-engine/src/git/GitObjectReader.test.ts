import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGitRepository, testGit } from '../testUtils/testPlatform';
import { GitObjectReader } from './GitObjectReader';
import { listTreeFiles } from './listTreeFiles';

let root: string;
let repo: string;
let head: string;
const readers: GitObjectReader[] = [];

const reader = (options?: ConstructorParameters<typeof GitObjectReader>[1]) => {
  const made = new GitObjectReader(path.join(repo, '.git'), options);
  readers.push(made);
  return made;
};

/** The object `git cat-file` prints for `name`, one process per object as before. */
const catFile = (name: string) =>
  Buffer.from(testGit(repo, 'cat-file', '-p', name), 'utf8');

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'object-reader-'));
  repo = createGitRepository(path.join(root, 'platform'), [
    {
      files: {
        'platform.yaml': 'kind: Platform\n',
        'modules/vpc/main.tf': 'variable "cidr" {}\n',
        'modules/vpc/empty.tf': '',
        'modules/vpc/nested/deep/outputs.tf': 'output "id" {}\n',
        'modules/vpc-extra.tf': '# sorts between the directory and its files\n',
        'modules/eks/variables.tf': 'x'.repeat(300_000),
        'docs/näme with space.md': 'ü\n',
      },
    },
  ]);
  await fs.symlink('main.tf', path.join(repo, 'modules/vpc/link.tf'));
  testGit(repo, 'add', '--all', '.');
  // A submodule is a commit in the tree, never read as a file.
  testGit(
    repo,
    'update-index',
    '--add',
    '--cacheinfo',
    `160000,${'1'.repeat(40)},vendor/lib`,
  );
  testGit(repo, 'commit', '--quiet', '-m', 'link and submodule');
  head = testGit(repo, 'rev-parse', 'HEAD').trim();
});

afterEach(() => {
  readers.splice(0).forEach(r => r.close());
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('GitObjectReader', () => {
  it('reads the same content as one git process per object, all asked for at once', async () => {
    const names = [
      'modules/vpc/main.tf',
      'modules/vpc/empty.tf',
      'modules/eks/variables.tf',
      'docs/näme with space.md',
    ];
    const ids = names.map(name =>
      testGit(repo, 'rev-parse', `${head}:${name}`).trim(),
    );
    const objects = await Promise.all(ids.map(id => reader().read(id)));
    const one = reader();
    const together = await Promise.all(ids.map(id => one.read(id)));
    for (const [i, id] of ids.entries()) {
      expect(together[i]).toEqual({
        id,
        type: 'blob',
        size: catFile(id).length,
        content: catFile(id),
      });
      expect(objects[i]).toEqual(together[i]);
    }
  });

  it('answers undefined for an object the repository lacks, and goes on reading', async () => {
    const one = reader();
    const id = testGit(repo, 'rev-parse', `${head}:platform.yaml`).trim();
    const [lacking, found] = await Promise.all([
      one.read('0'.repeat(40)),
      one.read(id),
    ]);
    expect(lacking).toBeUndefined();
    expect(found?.content?.toString()).toBe('kind: Platform\n');
  });

  it('passes over an object larger than the read allows, keeping the next one whole', async () => {
    const one = reader();
    const big = testGit(
      repo,
      'rev-parse',
      `${head}:modules/eks/variables.tf`,
    ).trim();
    const small = testGit(
      repo,
      'rev-parse',
      `${head}:modules/vpc/main.tf`,
    ).trim();
    const [skipped, read] = await Promise.all([
      one.read(big, { maxSize: 1000 }),
      one.read(small, { maxSize: 1000 }),
    ]);
    expect(skipped).toEqual({ id: big, type: 'blob', size: 300_000 });
    expect(read?.content?.toString()).toBe('variable "cidr" {}\n');
  });

  it('refuses a name that would be read as two', async () => {
    await expect(reader().read(`${head}\n${head}`)).rejects.toThrow(
      'is not an object name this reader reads',
    );
  });

  it('stops its git process when closed, and starts another for a later read', async () => {
    const one = reader();
    await one.read(head);
    const pid = one.processId!;
    expect(processExists(pid)).toBe(true);
    one.close();
    expect(one.processId).toBeUndefined();
    await waitFor(() => !processExists(pid));
    await expect(one.read(head)).resolves.toMatchObject({ type: 'commit' });
    expect(one.processId).not.toBe(pid);
  });

  it('ends its git process on its own once unused', async () => {
    const one = reader({ idleMs: 50 });
    await one.read(head);
    const pid = one.processId!;
    await waitFor(() => !processExists(pid));
    expect(one.processId).toBeUndefined();
  });

  it('fails the reads waiting when git cannot start in the directory', async () => {
    const lost = new GitObjectReader(path.join(root, 'no-such-repository'));
    readers.push(lost);
    await expect(lost.read(head)).rejects.toThrow(
      'git cat-file could not start',
    );
  });
});

describe('listTreeFiles', () => {
  it('lists what git ls-tree -r lists, in its order', async () => {
    const listed = testGit(repo, 'ls-tree', '-r', '-z', head)
      .split('\0')
      .filter(Boolean)
      .map(record => {
        const [info, file] = record.split('\t');
        const [mode, type, object] = info.split(' ');
        return { mode, type, object, path: file };
      });
    expect(listed.map(e => e.path)).toContain('modules/vpc/link.tf');
    expect(listed.map(e => e.type)).toContain('commit');
    await expect(listTreeFiles(reader(), head)).resolves.toEqual(listed);
  });

  it('says which commit the repository lacks', async () => {
    const missing = 'f'.repeat(40);
    await expect(listTreeFiles(reader(), missing)).rejects.toThrow(
      `${missing} is not a tree or commit of the repository`,
    );
  });
});

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean) {
  for (let i = 0; i < 100 && !condition(); i++) {
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  expect(condition()).toBe(true);
}
