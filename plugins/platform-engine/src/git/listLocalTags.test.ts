import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { GitRepositoryHost } from '../hosts/git/GitRepositoryHost';
import {
  TEST_GIT_IDENTITY,
  cloneBare,
  createGitRepository,
  testGit,
} from '../testUtils/testPlatform';
import { listLocalTags, runGit } from './git';

let root: string;
let bare: string;
let first: string;

/** An annotated tag made at a date of the test's choosing (git takes the tagger's date from here). */
async function annotatedTag(dir: string, name: string, message: string) {
  await runGit(['tag', '-a', '-F', '-', name], {
    cwd: dir,
    input: message,
    env: { ...TEST_GIT_IDENTITY, GIT_COMMITTER_DATE: '2025-03-04T05:06:07Z' },
    config: { 'tag.gpgsign': 'false' },
  });
}

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'tag-dates-'));
  const work = createGitRepository(path.join(root, 'work'), [
    { files: { 'main.tf': '' }, tags: ['vpc/v1.0.0'] },
    { files: { 'main.tf': 'variable "cidr" {}\n' } },
  ]);
  first = testGit(work, 'rev-parse', 'vpc/v1.0.0').trim();
  await annotatedTag(
    work,
    'vpc/v2.0.0',
    'vpc 2.0.0: cidr is required\n\nSet `cidr` on every call.\nSee UPGRADING.md.\n',
  );
  await annotatedTag(work, 'vpc/v2.0.1', '');
  await annotatedTag(work, 'vpc/v2.1.0', `Big\n\n${'x'.repeat(20_000)}`);
  bare = cloneBare(work, path.join(root, 'repos', 'platform.git'));
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('listLocalTags', () => {
  it("dates an annotated tag by its tagger and a lightweight one by its commit, and keeps the annotated tag's message", async () => {
    const tags = await listLocalTags(bare);
    const byName = new Map(tags.map(tag => [tag.name, tag]));

    expect(byName.get('vpc/v2.0.0')).toEqual({
      name: 'vpc/v2.0.0',
      commit: testGit(bare, 'rev-parse', 'vpc/v2.0.0^{commit}').trim(),
      date: '2025-03-04T05:06:07.000Z',
      message:
        'vpc 2.0.0: cidr is required\n\nSet `cidr` on every call.\nSee UPGRADING.md.',
    });
    const commitDate = testGit(bare, 'log', '-1', '--format=%cI', first);
    expect(byName.get('vpc/v1.0.0')).toEqual({
      name: 'vpc/v1.0.0',
      commit: first,
      date: new Date(commitDate.trim()).toISOString(),
    });
    // A lightweight tag has no message of its own: the commit's message is not a release note.
    expect(byName.get('vpc/v1.0.0')?.message).toBeUndefined();
    expect(byName.get('vpc/v2.0.1')?.message).toBeUndefined();
  });

  it('cuts a very long message', async () => {
    const tag = (await listLocalTags(bare)).find(t => t.name === 'vpc/v2.1.0');
    expect(tag?.message?.startsWith('Big\n\nxxx')).toBe(true);
    expect(tag?.message?.length).toBeLessThanOrEqual(16_001);
    expect(tag?.message?.endsWith('…')).toBe(true);
  });

  it('is what the git host lists for a repository under a local root', async () => {
    const host = new GitRepositoryHost({
      localRoots: [path.join(root, 'repos')],
    });
    const url = pathToFileURL(bare).href;
    expect(
      (await host.listTags(url)).sort((a, b) => a.name.localeCompare(b.name)),
    ).toEqual(
      (await listLocalTags(bare)).sort((a, b) => a.name.localeCompare(b.name)),
    );
  });
});
