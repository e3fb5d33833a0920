import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Runs git without a shell and without prompting for credentials. */
export async function git(args: string[], cwd?: string): Promise<string> {
  const { stdout } = await execFileAsync('git', args, {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  });
  return stdout;
}

/** A tag and the commit it points at (annotated tags peeled). */
export interface GitTag {
  name: string;
  commit: string;
}

/** Tags of a local repository. */
export async function listLocalTags(dir: string): Promise<GitTag[]> {
  const out = await git(
    [
      'for-each-ref',
      '--format=%(refname:strip=2)%00%(objectname)%00%(*objectname)',
      'refs/tags',
    ],
    dir,
  );
  return out
    .split('\n')
    .filter(Boolean)
    .map(line => {
      const [name, object, peeled] = line.split('\0');
      return { name, commit: peeled || object };
    });
}

/** Tags of a remote repository, from `git ls-remote` (no clone needed). */
export async function listRemoteTags(url: string): Promise<GitTag[]> {
  const out = await git(['ls-remote', '--tags', '--', url]);
  const tags = new Map<string, string>();
  for (const line of out.split('\n').filter(Boolean)) {
    const [sha, ref] = line.split('\t');
    const name = ref.replace(/^refs\/tags\//, '');
    if (name.endsWith('^{}')) {
      tags.set(name.slice(0, -3), sha); // the peeled commit wins over the tag object
    } else if (!tags.has(name)) {
      tags.set(name, sha);
    }
  }
  return [...tags].map(([name, commit]) => ({ name, commit }));
}
