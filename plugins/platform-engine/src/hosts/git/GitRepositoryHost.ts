import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  redactUrlCredentials,
  ScanProblem,
} from '@platform-portal/plugin-platform-common';
import {
  GitCommandError,
  GitRunOptions,
  listLocalTags,
  listRemoteTags,
  runGit,
} from '../../git/git';
import { GitObjectReader } from '../../git/GitObjectReader';
import { listTreeFiles } from '../../git/listTreeFiles';
import {
  PlatformTag,
  RepositoryFile,
  RepositoryFiles,
  RepositoryHead,
  RepositoryHost,
  RepositoryHostError,
} from '@platform-portal/plugin-platform-node';
import {
  BranchChange,
  checkBranchName,
  checkOwnBranch,
  commitChange,
} from './commitChange';
import { GitRemoteAllowList } from './gitRemotes';

const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;
/** Local repositories whose object reader (one git process while in use) is kept for the next read. */
const KEPT_READERS = 8;
const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/**
 * Credentials git sends to an HTTPS remote.
 *
 * @public
 */
export interface GitCredentials {
  username: string;
  password: string;
}

/**
 * Options of {@link GitRepositoryHost}.
 *
 * @public
 */
export interface GitRepositoryHostOptions {
  /**
   * Directories whose bare repositories may be read through `file://` URLs. Empty by default, so
   * no local path is read unless configured.
   */
  localRoots?: string[];
  /**
   * Which remotes may be reached: `host`, `host:port`, `*.domain`, or with a scheme
   * (`http://127.0.0.1:8080`, `ssh://git.acme.example`); https when no scheme is given. Scheme,
   * host and port must all match (see {@link GitRemoteAllowList}). None by default, so a URL
   * taken from a catalog annotation reaches nothing the operator did not name.
   */
  allowedHosts?: string[];
  /** Time one git command may take; 300 s by default. */
  timeoutMs?: number;
  /** Seconds an HTTP transfer may stay under 1 kB/s; 20 by default. */
  lowSpeedSeconds?: number;
  /** Credentials for an HTTPS remote, e.g. from `integrations` in app-config. */
  credentials?: (url: string) => Promise<GitCredentials | undefined>;
  /** Where temporary fetches go; the OS temporary directory by default. */
  workDir?: string;
}

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return (
    relative !== '' &&
    !path.isAbsolute(relative) &&
    relative.split(path.sep)[0] !== '..'
  );
}

function hostError(url: string, action: string, error: unknown) {
  // An error this host already explained is passed on as it is.
  if (error instanceof RepositoryHostError) {
    return error;
  }
  if (error instanceof GitCommandError && error.timedOut) {
    return new RepositoryHostError(
      redactUrlCredentials(`${action} ${url} failed: ${error.message}`),
      { retryable: true },
    );
  }
  const stderr = (error as { stderr?: string })?.stderr ?? '';
  const detail =
    stderr
      .split('\n')
      .map(line => line.trim())
      .filter(line => line.startsWith('fatal:') || line.startsWith('error:'))
      .join(' ') || (error as Error)?.message;
  // git's messages repeat the URL, credentials included; they are cut out before anyone sees them.
  const message = redactUrlCredentials(
    `${action} ${url} failed: ${detail ?? String(error)}`,
  );
  const permanent =
    /not found|does not exist|does not appear to be a git|not a git repository|authentication failed|could not read Username|access denied|permission denied/i.test(
      detail ?? '',
    );
  return new RepositoryHostError(message, { retryable: !permanent });
}

/** A shallow fetch of one ref into a scratch repository, with the folder and remote options. */
type ShallowFetch = ((ref: string) => Promise<string>) & {
  dir: string;
  remote: GitRunOptions;
};

/**
 * The default branch and its commit of a local bare repository, read from its files (`HEAD`, the
 * loose ref, `packed-refs`) without starting git: a rescan of thousands of unchanged local
 * repositories would otherwise spend most of its time starting processes. Undefined when the
 * layout is not the plain one (e.g. reftable); the caller then asks git.
 */
async function readLocalHead(
  gitDir: string,
): Promise<RepositoryHead | undefined> {
  const head = (await fs.readFile(path.join(gitDir, 'HEAD'), 'utf8')).trim();
  const symbolic = /^ref: (refs\/heads\/[^\s]+)$/.exec(head);
  if (!symbolic) {
    return SHA.test(head) ? { commit: head } : undefined;
  }
  const ref = symbolic[1];
  if (ref.split('/').includes('..')) {
    return undefined;
  }
  const branch = ref.slice('refs/heads/'.length);
  const loose = await fs
    .readFile(path.join(gitDir, ref), 'utf8')
    .then(text => text.trim())
    .catch(() => undefined);
  if (loose && SHA.test(loose)) {
    return { commit: loose, branch };
  }
  const packed = await fs
    .readFile(path.join(gitDir, 'packed-refs'), 'utf8')
    .catch(() => '');
  for (const line of packed.split('\n')) {
    const [sha, name] = line.split(' ');
    if (name === ref && SHA.test(sha)) {
      return { commit: sha, branch };
    }
  }
  return undefined;
}

/**
 * Reads repositories through git: any remote git reaches (tags with `ls-remote`, files from a
 * shallow fetch of one commit) and local bare repositories under configured roots (read in
 * place, nothing copied).
 *
 * @public
 */
export class GitRepositoryHost implements RepositoryHost {
  readonly id = 'git';
  private readonly localRoots: string[];
  private readonly allowList: GitRemoteAllowList;
  /** By git directory, the most recently used last. */
  private readonly readers = new Map<string, GitObjectReader>();

  constructor(private readonly options: GitRepositoryHostOptions = {}) {
    this.localRoots = (options.localRoots ?? []).map(root =>
      path.resolve(root),
    );
    this.allowList = new GitRemoteAllowList(options.allowedHosts ?? []);
  }

  supports(url: string): boolean {
    if (url.startsWith('file://')) {
      return this.localPath(url) !== undefined;
    }
    return this.allowList.check(url) !== undefined;
  }

  async getHead(url: string): Promise<RepositoryHead> {
    const local = this.localPath(url);
    if (local) {
      const head = await readLocalHead(local).catch(() => undefined);
      if (head) {
        return head;
      }
    }
    const out = await this.git(
      url,
      'Reading the default branch of',
      (remote, options) =>
        runGit(['ls-remote', '--symref', '--', remote, 'HEAD'], options),
    );
    let branch: string | undefined;
    let commit: string | undefined;
    for (const line of out.split('\n')) {
      const [left, right] = line.split('\t');
      if (left?.startsWith('ref: ') && right === 'HEAD') {
        branch = left.slice('ref: refs/heads/'.length);
      } else if (right === 'HEAD' && SHA.test(left)) {
        commit = left;
      }
    }
    if (!commit) {
      throw new RepositoryHostError(
        redactUrlCredentials(
          `${url} has no default branch (empty repository?)`,
        ),
      );
    }
    return { commit, branch };
  }

  async listTags(url: string): Promise<PlatformTag[]> {
    // A local repository also tells each tag's date and message; `ls-remote` tells neither.
    // One that does not exist is left to `ls-remote`, which says so in words callers know.
    const local = this.localPath(url);
    const present =
      local !== undefined &&
      (await fs.stat(local).then(
        stat => stat.isDirectory(),
        () => false,
      ));
    return this.git(url, 'Listing the tags of', (remote, options) =>
      present ? listLocalTags(local, options) : listRemoteTags(remote, options),
    );
  }

  async readFiles(
    url: string,
    commit: string,
    wanted: (path: string) => boolean,
    options: { maxFileSize?: number } = {},
  ): Promise<RepositoryFiles> {
    if (!SHA.test(commit)) {
      throw new RepositoryHostError(`"${commit}" is not a full commit SHA`);
    }
    const local = this.localPath(url);
    if (local) {
      return this.readTree(
        this.objectReader(local),
        commit,
        wanted,
        options.maxFileSize,
      );
    }
    return this.inScratchRepository(
      url,
      'Fetching',
      'platform-fetch-',
      async fetch => {
        // Fetching a commit by SHA needs the server to allow it; the default branch is the fallback.
        await fetch(commit).catch(() => fetch('HEAD'));
        const reader = new GitObjectReader(fetch.dir, {
          timeoutMs: this.options.timeoutMs,
        });
        try {
          return await this.readTree(
            reader,
            'FETCH_HEAD',
            wanted,
            options.maxFileSize,
          );
        } finally {
          reader.close();
        }
      },
    );
  }

  /**
   * Ends the git processes kept for reading local repositories. A later read starts one again;
   * without a call they end on their own a second after their last read.
   */
  close(): void {
    for (const reader of this.readers.values()) {
      reader.close();
    }
    this.readers.clear();
  }

  /**
   * The object reader of a local repository: one git process for all reads of it (a platform's
   * releases are read one after another, each a tree and a few files), the last few kept.
   */
  private objectReader(gitDir: string): GitObjectReader {
    let reader = this.readers.get(gitDir);
    if (reader) {
      this.readers.delete(gitDir);
    } else {
      reader = new GitObjectReader(gitDir, {
        timeoutMs: this.options.timeoutMs,
      });
    }
    this.readers.set(gitDir, reader);
    for (const [dir, kept] of this.readers) {
      if (this.readers.size <= KEPT_READERS) {
        break;
      }
      // Reads it was asked for are still answered.
      kept.close();
      this.readers.delete(dir);
    }
    return reader;
  }

  /**
   * Commits a change on top of `change.base` and points `change.branch` at it: in place for a
   * local bare repository, otherwise through a shallow fetch of the base into a temporary bare
   * repository and a push, with the same allow-list, transports and credentials as reads. A
   * branch that exists is moved (asking again for the same upgrade updates its branch). Answers
   * the new commit.
   */
  async pushBranch(
    url: string,
    change: BranchChange,
  ): Promise<{ branch: string; commit: string }> {
    await checkBranchName(change.branch);
    const ref = `refs/heads/${change.branch}`;
    const local = this.localPath(url);
    if (local) {
      try {
        const head = await runGit(['rev-parse', '--verify', '--quiet', ref], {
          cwd: local,
        }).then(
          out => out.trim(),
          () => undefined,
        );
        await checkOwnBranch(local, change, head);
        const commit = await commitChange(local, change, {
          timeoutMs: this.options.timeoutMs,
        });
        // Moved only from the head that was checked, so a push in between is not lost.
        await runGit(['update-ref', ref, commit, head ?? ''], { cwd: local });
        return { branch: change.branch, commit };
      } catch (error) {
        throw hostError(url, 'Pushing a branch to', error);
      }
    }
    return this.inScratchRepository(
      url,
      'Pushing a branch to',
      'platform-push-',
      async fetch => {
        await fetch(change.base);
        // The branch as it is now, if it exists: whose it is, and what the push replaces.
        const current = 'refs/remotes/current';
        const head = await fetch(`${ref}:${current}`).then(
          async () =>
            (await runGit(['rev-parse', current], { cwd: fetch.dir })).trim(),
          () => undefined,
        );
        await checkOwnBranch(fetch.dir, change, head);
        const commit = await commitChange(fetch.dir, change, {
          timeoutMs: this.options.timeoutMs,
        });
        await runGit(
          [
            'push',
            '--quiet',
            `--force-with-lease=${ref}:${head ?? ''}`,
            '--',
            url,
            `${commit}:${ref}`,
          ],
          { ...fetch.remote, cwd: fetch.dir },
        );
        return { branch: change.branch, commit };
      },
    );
  }

  /**
   * Runs `work` in a new temporary bare repository (`prefix` names its folder), removed
   * afterwards, with a shallow fetch of one ref of `url` (no tags) through the same allow-list,
   * transports and credentials as reads. A failure names `action` and the URL, never its
   * credentials.
   */
  private async inScratchRepository<T>(
    url: string,
    action: string,
    prefix: string,
    work: (fetch: ShallowFetch) => Promise<T>,
  ): Promise<T> {
    const remote = await this.remoteOptions(url);
    const dir = await fs.mkdtemp(
      path.join(this.options.workDir ?? os.tmpdir(), prefix),
    );
    try {
      await runGit(['init', '--quiet', '--bare', dir]);
      const fetch = (ref: string) =>
        runGit(
          ['fetch', '--quiet', '--no-tags', '--depth', '1', '--', url, ref],
          { ...remote, cwd: dir },
        );
      return await work(Object.assign(fetch, { dir, remote }));
    } catch (error) {
      throw hostError(url, action, error);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }

  private async readTree(
    reader: GitObjectReader,
    commit: string,
    wanted: (path: string) => boolean,
    maxFileSize = DEFAULT_MAX_FILE_SIZE,
  ): Promise<RepositoryFiles> {
    const entries = (await listTreeFiles(reader, commit)).filter(entry =>
      wanted(entry.path),
    );
    const blobs = entries.filter(
      entry => entry.mode !== '120000' && entry.type === 'blob',
    );
    // All asked for at once: git answers them in order, without a wait between.
    const contents = await Promise.all(
      blobs.map(blob => reader.read(blob.object, { maxSize: maxFileSize })),
    );
    const files: RepositoryFile[] = [];
    const problems: ScanProblem[] = [];
    const lacking: ScanProblem[] = [];
    let next = 0;
    for (const entry of entries) {
      if (entry.mode === '120000') {
        problems.push({
          file: entry.path,
          message: 'symbolic link in the repository; not followed',
        });
        continue;
      }
      if (entry.type !== 'blob') {
        continue; // submodules are other repositories
      }
      const object = contents[next++];
      if (!object) {
        lacking.push({
          file: entry.path,
          message: `the repository lacks this file's content (object ${entry.object}); not scanned`,
        });
      } else if (!object.content) {
        problems.push({
          file: entry.path,
          message: `file is over the size limit of ${maxFileSize} bytes; not scanned`,
        });
      } else {
        files.push({ path: entry.path, content: object.content });
      }
    }
    return { files, problems: [...problems, ...lacking] };
  }

  /** The bare repository a `file://` URL names, when it lies inside a configured root. */
  private localPath(url: string): string | undefined {
    if (!url.startsWith('file://')) {
      return undefined;
    }
    let target: string;
    try {
      target = path.resolve(fileURLToPath(url));
    } catch {
      return undefined;
    }
    const root = this.localRoots.find(r => isInside(r, target));
    if (!root) {
      return undefined;
    }
    // git finds `name.git` for `name`, as it does for remotes.
    return target.endsWith('.git') ? target : `${target}.git`;
  }

  /** How git is run against a remote: its transport only, its credentials, the time limits. */
  private async remoteOptions(url: string): Promise<GitRunOptions> {
    const remote = this.allowList.check(url);
    if (!remote) {
      throw new RepositoryHostError(
        redactUrlCredentials(
          `${url} is not a repository this portal may read (not an allowed host or local root)`,
        ),
        { retryable: false },
      );
    }
    const limits = {
      timeoutMs: this.options.timeoutMs,
      lowSpeedSeconds: this.options.lowSpeedSeconds,
      protocols: [remote.scheme],
    };
    if (!/^https?:\/\//.test(url) || !this.options.credentials) {
      return limits;
    }
    const credentials = await this.options.credentials(url);
    if (!credentials) {
      return limits;
    }
    const basic = Buffer.from(
      `${credentials.username}:${credentials.password}`,
    ).toString('base64');
    // Passed through the environment, never the command line, which other users can list.
    return {
      ...limits,
      config: { 'http.extraHeader': `Authorization: Basic ${basic}` },
    };
  }

  private async git<T>(
    url: string,
    action: string,
    run: (remote: string, options: GitRunOptions) => Promise<T>,
  ): Promise<T> {
    const local = this.localPath(url);
    const options: GitRunOptions = local
      ? { timeoutMs: this.options.timeoutMs, protocols: ['file'] }
      : await this.remoteOptions(url);
    try {
      return await run(local ? `file://${local}` : url, options);
    } catch (error) {
      throw hostError(url, action, error);
    }
  }
}
