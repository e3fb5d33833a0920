import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The fixture platform of this package (platform.yaml, modules, the TAGS to create). */
export const fixturePlatformDir = path.resolve(
  __dirname,
  '../../fixtures/platform',
);

/** The fixture platform as a real git repository with its release tags, in a new directory. */
export function createPlatformRepository(
  dir: string = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-fixture-')),
): string {
  fs.cpSync(fixturePlatformDir, dir, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  commitAll(dir, 'platform');
  for (const tag of fs
    .readFileSync(path.join(dir, 'TAGS'), 'utf8')
    .split('\n')) {
    if (tag) git('tag', tag);
  }
  return dir;
}

/** Commits everything in the git repository of the directory, as a test author. */
export function commitAll(dir: string, message: string) {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('add', '-A');
  git(
    '-c',
    'user.name=t',
    '-c',
    'user.email=t@example.com',
    'commit',
    '-q',
    '-m',
    message,
  );
}
