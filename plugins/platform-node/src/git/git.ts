import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PlatformTag } from '../resolution/types';

const execFileAsync = promisify(execFile);

/**
 * Runs git without a shell and without prompting for credentials; resolves to its stdout.
 *
 * @public
 */
export async function runGit(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  const { stdout } = await execFileAsync('git', args, {
    cwd: options.cwd,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', ...options.env },
  });
  return stdout;
}

/**
 * Tags of a local repository (a checkout or a bare repository), annotated tags peeled.
 *
 * @public
 */
export async function listLocalTags(dir: string): Promise<PlatformTag[]> {
  const out = await runGit(
    [
      'for-each-ref',
      '--format=%(refname:strip=2)%00%(objectname)%00%(*objectname)',
      'refs/tags',
    ],
    { cwd: dir },
  );
  return out
    .split('\n')
    .filter(Boolean)
    .map(line => {
      const [name, object, peeled] = line.split('\0');
      return { name, commit: peeled || object };
    });
}

/**
 * Tags of a remote repository, from `git ls-remote` (no clone needed), annotated tags peeled.
 *
 * @public
 */
export async function listRemoteTags(
  url: string,
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<PlatformTag[]> {
  const out = await runGit(['ls-remote', '--tags', '--', url], options);
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
