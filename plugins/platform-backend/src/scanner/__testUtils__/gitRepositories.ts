import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One commit of a repository's history: files written (null deletes one), then tags on it. */
export interface HistoryStep {
  files: Record<string, string | null>;
  tags?: string[];
}

async function git(cwd: string, args: string[]): Promise<void> {
  await run(
    'git',
    [
      '-c',
      'user.name=Test',
      '-c',
      'user.email=test@example.com',
      '-c',
      'commit.gpgsign=false',
      '-c',
      'tag.gpgsign=false',
      '-c',
      'init.defaultBranch=main',
      ...args,
    ],
    { cwd },
  );
}

/**
 * Makes the bare repository `<root>/acme/<name>.git` from a history, as the demo lays out its
 * repositories (so that the demo's hosts read it as `https://github.com/acme/<name>`).
 */
export async function makeBareRepository(
  root: string,
  name: string,
  history: HistoryStep[],
): Promise<void> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'platform-history-'));
  try {
    await git(work, ['init', '--quiet']);
    for (const [index, step] of history.entries()) {
      for (const [file, content] of Object.entries(step.files)) {
        const target = path.join(work, file);
        if (content === null) {
          await fs.rm(target, { force: true });
        } else {
          await fs.mkdir(path.dirname(target), { recursive: true });
          await fs.writeFile(target, content);
        }
      }
      await git(work, ['add', '--all', '.']);
      await git(work, ['commit', '--quiet', '-m', `step ${index + 1}`]);
      for (const tag of step.tags ?? []) {
        await git(work, ['tag', tag]);
      }
    }
    await fs.mkdir(path.join(root, 'acme'), { recursive: true });
    await git(root, [
      'clone',
      '--quiet',
      '--bare',
      work,
      path.join(root, 'acme', `${name}.git`),
    ]);
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}
