import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listLocalTags } from '../git/git';
import { parsePlatformManifest } from '../manifest/parsePlatformManifest';
import {
  createBareRepository,
  testGit,
  testPlatformManifest,
} from './testPlatform';

describe('testPlatformManifest', () => {
  it('writes a manifest the real parser accepts, with the defaults and the keys given', () => {
    const { manifest, problems } = parsePlatformManifest(
      testPlatformManifest(
        [
          'vpc',
          {
            name: 'ci',
            kind: 'github-workflow',
            path: '.github/workflows/ci.yml',
            tagPattern: 'v{version}',
            deprecations: [{ versions: '< 2.0.0', message: 'use 2.x' }],
          },
        ],
        { name: 'small-platform' },
      ),
    );
    expect(problems).toEqual([]);
    expect(manifest?.name).toBe('small-platform');
    expect(manifest?.repository).toBe('https://github.com/acme/platform.git');
    expect(manifest?.modules).toEqual([
      expect.objectContaining({
        name: 'vpc',
        kind: 'terraform-module',
        path: 'modules/vpc',
        tagPattern: 'vpc/v{version}',
      }),
      expect.objectContaining({
        name: 'ci',
        kind: 'github-workflow',
        tagPattern: 'v{version}',
        deprecations: [
          expect.objectContaining({ versions: '< 2.0.0', message: 'use 2.x' }),
        ],
      }),
    ]);
  });
});

describe('createBareRepository', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'test-platform-'));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('commits each step with its copies, files and deletions, and tags the commit of its step', async () => {
    const source = path.join(root, 'source');
    fs.mkdirSync(source);
    fs.writeFileSync(path.join(source, 'main.tf'), 'copied\n');
    const bare = createBareRepository(path.join(root, 'acme/platform.git'), [
      {
        copies: { 'modules/vpc': source },
        files: { 'old.txt': 'one\n' },
        tags: ['vpc/v1.0.0'],
      },
      { files: { 'old.txt': null, 'new.txt': 'two\n' }, tags: ['vpc/v2.0.0'] },
    ]);
    expect((await listLocalTags(bare)).map(tag => tag.name).sort()).toEqual([
      'vpc/v1.0.0',
      'vpc/v2.0.0',
    ]);
    const files = (ref: string) =>
      testGit(bare, 'ls-tree', '-r', '--name-only', ref).trim().split('\n');
    expect(files('vpc/v1.0.0')).toEqual(['modules/vpc/main.tf', 'old.txt']);
    expect(files('vpc/v2.0.0')).toEqual(['modules/vpc/main.tf', 'new.txt']);
    expect(testGit(bare, 'log', '-1', '--format=%an', 'vpc/v1.0.0')).toBe(
      'Test\n',
    );
  });
});
