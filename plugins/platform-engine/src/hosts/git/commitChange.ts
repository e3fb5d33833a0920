import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RepositoryHostError } from '@platform-portal/plugin-platform-node';
import { GitRunOptions, runGit } from '../../git/git';

/**
 * One file of a change, with its whole new content.
 *
 * @public
 */
export interface ChangedFile {
  path: string;
  content: string;
}

/**
 * A change to commit on a branch of a repository, on top of a known commit.
 *
 * @public
 */
export interface BranchChange {
  /** The commit the change is made on (the one the files were read at). */
  base: string;
  /** The branch to point at the new commit, e.g. `platform/upgrade/vpc-2.1.1`. */
  branch: string;
  files: ChangedFile[];
  message: string;
  author: { name: string; email: string };
}

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
// Modes git gives a file it tracks; a symlink or submodule at the path is not a file to edit.
const FILE_MODES = new Set(['100644', '100755']);

/** Refuses a branch name git would refuse, or one outside the `platform/` namespace. */
export async function checkBranchName(branch: string): Promise<void> {
  const valid = await runGit(['check-ref-format', '--branch', branch]).then(
    () => true,
    () => false,
  );
  if (!valid || !branch.startsWith('platform/')) {
    throw new RepositoryHostError(
      `"${branch}" is not a branch name the portal may push (it must be valid for git and start with platform/)`,
      { retryable: false },
    );
  }
}

/**
 * Writes the change as one commit on top of `base` in a bare repository that holds `base`,
 * through a private index (no work tree, no checkout), and answers the new commit's SHA. Each
 * file keeps its mode; a path that is not a regular file at `base` is refused.
 */
export async function commitChange(
  gitDir: string,
  change: BranchChange,
  options: Pick<GitRunOptions, 'timeoutMs'> = {},
): Promise<string> {
  if (!SHA.test(change.base)) {
    throw new RepositoryHostError(`"${change.base}" is not a full commit SHA`, {
      retryable: false,
    });
  }
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'platform-index-'));
  const env = {
    GIT_INDEX_FILE: path.join(scratch, 'index'),
    GIT_AUTHOR_NAME: change.author.name,
    GIT_AUTHOR_EMAIL: change.author.email,
    GIT_COMMITTER_NAME: change.author.name,
    GIT_COMMITTER_EMAIL: change.author.email,
  };
  const git = (args: string[], input?: string) =>
    runGit(args, { cwd: gitDir, env, input, timeoutMs: options.timeoutMs });
  try {
    await git(['read-tree', change.base]);
    for (const file of change.files) {
      const entry = (
        await git(['ls-tree', change.base, '--', file.path])
      ).trim();
      const mode = entry.split(' ')[0];
      if (entry && !FILE_MODES.has(mode)) {
        throw new RepositoryHostError(
          `${file.path} is not a regular file at ${change.base.slice(0, 12)}`,
          { retryable: false },
        );
      }
      const blob = (
        await git(['hash-object', '-w', '--stdin'], file.content)
      ).trim();
      await git([
        'update-index',
        '--add',
        '--cacheinfo',
        `${entry ? mode : '100644'},${blob},${file.path}`,
      ]);
    }
    const tree = (await git(['write-tree'])).trim();
    return (
      await git(
        ['commit-tree', tree, '-p', change.base, '-F', '-'],
        change.message,
      )
    ).trim();
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Refuses to move a branch whose head a person made: the portal only ever replaces its own
 * commits. `head` is the branch's current commit in `gitDir`, when the branch exists.
 */
export async function checkOwnBranch(
  gitDir: string,
  change: BranchChange,
  head: string | undefined,
): Promise<void> {
  if (!head) {
    return;
  }
  const [name, email] = (
    await runGit(['log', '-1', '--format=%an%x00%ae', head], { cwd: gitDir })
  )
    .trim()
    .split('\0');
  if (email !== change.author.email) {
    throw new RepositoryHostError(
      `the branch ${change.branch} has commits by ${name}; the portal does not overwrite them (merge or delete the branch, then ask again)`,
      { retryable: false },
    );
  }
}
