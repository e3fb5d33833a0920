import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  redactUrlCredentials,
  ScanProblem,
} from '@internal/plugin-platform-common';
import { listRemoteTags, runGit } from '../../git/git';
import { PlatformTag } from '../../resolution/types';
import {
  RepositoryFile,
  RepositoryFiles,
  RepositoryHead,
  RepositoryHost,
  RepositoryHostError,
} from '../types';

const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;
// Only transports that cannot run commands: `ext::`, `fd::` and bare local paths are refused.
const REMOTE_URL =
  /^(?:https?|ssh|git):\/\/[^\s]+$|^[\w.-]+@[\w.-]+:[\w./~-]+$/;
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
   * Which remote hosts may be reached (lower-case host names); every host when absent. Keeps a URL
   * taken from a catalog annotation from reaching internal services it should not.
   */
  allowedHosts?: string[];
  /** Credentials for an HTTPS remote, e.g. from `integrations` in app-config. */
  credentials?: (url: string) => Promise<GitCredentials | undefined>;
  /** Where temporary fetches go; the OS temporary directory by default. */
  workDir?: string;
}

function hostOf(url: string): string | undefined {
  const scheme = /^[a-z]+:\/\/(?:[^@/]*@)?([^/:]+)/i.exec(url);
  if (scheme) {
    return scheme[1].toLowerCase();
  }
  return /^[\w.-]+@([\w.-]+):/.exec(url)?.[1].toLowerCase();
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

interface TreeEntry {
  mode: string;
  type: string;
  object: string;
  size: number;
  path: string;
}

function parseTree(out: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of out.toString('utf8').split('\0')) {
    if (!record) {
      continue;
    }
    const tab = record.indexOf('\t');
    const [mode, type, object, size] = record.slice(0, tab).split(/\s+/);
    entries.push({
      mode,
      type,
      object,
      size: size === '-' ? 0 : Number(size),
      path: record.slice(tab + 1),
    });
  }
  return entries;
}

/** Runs git with bytes on stdin and collects stdout as bytes. */
function runGitBuffer(
  args: string[],
  options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: options.cwd,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', chunk => chunks.push(chunk));
    child.stderr.on('data', chunk => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', code => {
      if (code === 0) {
        resolve(Buffer.concat(chunks));
      } else {
        reject(
          Object.assign(new Error(`git ${args[0]} exited with ${code}`), {
            stderr,
          }),
        );
      }
    });
    // A git that exits before reading its input must report its own error, not EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** Splits `git cat-file --batch` output into object contents, in request order. */
function parseBatch(out: Buffer): Buffer[] {
  const contents: Buffer[] = [];
  let offset = 0;
  while (offset < out.length) {
    const newline = out.indexOf(10, offset);
    const header = out.subarray(offset, newline).toString('utf8');
    const [, type, size] = header.split(' ');
    if (type === 'missing' || size === undefined) {
      contents.push(Buffer.alloc(0));
      offset = newline + 1;
      continue;
    }
    const start = newline + 1;
    const end = start + Number(size);
    contents.push(out.subarray(start, end));
    offset = end + 1;
  }
  return contents;
}

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

  constructor(private readonly options: GitRepositoryHostOptions = {}) {
    this.localRoots = (options.localRoots ?? []).map(root =>
      path.resolve(root),
    );
  }

  supports(url: string): boolean {
    if (url.startsWith('file://')) {
      return this.localPath(url) !== undefined;
    }
    if (!REMOTE_URL.test(url)) {
      return false;
    }
    const host = hostOf(url);
    return (
      host !== undefined &&
      (!this.options.allowedHosts || this.options.allowedHosts.includes(host))
    );
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
      (remote, env) =>
        runGit(['ls-remote', '--symref', '--', remote, 'HEAD'], { env }),
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
    return this.git(url, 'Listing the tags of', (remote, env) =>
      listRemoteTags(remote, { env }),
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
      return this.readTree(local, commit, wanted, options.maxFileSize);
    }
    this.check(url);
    const dir = await fs.mkdtemp(
      path.join(this.options.workDir ?? os.tmpdir(), 'platform-fetch-'),
    );
    try {
      await runGit(['init', '--quiet', '--bare', dir]);
      const env = await this.credentialEnv(url);
      const fetch = (ref: string) =>
        runGit(
          ['fetch', '--quiet', '--no-tags', '--depth', '1', '--', url, ref],
          { cwd: dir, env },
        );
      // Fetching a commit by SHA needs the server to allow it; the default branch is the fallback.
      await fetch(commit).catch(() => fetch('HEAD'));
      const fetched = (
        await runGit(['rev-parse', 'FETCH_HEAD'], { cwd: dir })
      ).trim();
      return await this.readTree(dir, fetched, wanted, options.maxFileSize);
    } catch (error) {
      if (error instanceof RepositoryHostError) {
        throw error;
      }
      throw hostError(url, 'Fetching', error);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }

  private async readTree(
    gitDir: string,
    commit: string,
    wanted: (path: string) => boolean,
    maxFileSize = DEFAULT_MAX_FILE_SIZE,
  ): Promise<RepositoryFiles> {
    const tree = parseTree(
      await runGitBuffer(['ls-tree', '-r', '-z', '--long', commit], {
        cwd: gitDir,
      }),
    );
    const problems: ScanProblem[] = [];
    const blobs: TreeEntry[] = [];
    for (const entry of tree) {
      if (!wanted(entry.path)) {
        continue;
      }
      if (entry.mode === '120000') {
        problems.push({
          file: entry.path,
          message: 'symbolic link in the repository; not followed',
        });
      } else if (entry.type !== 'blob') {
        continue; // submodules are other repositories
      } else if (entry.size > maxFileSize) {
        problems.push({
          file: entry.path,
          message: `file is over the size limit of ${maxFileSize} bytes; not scanned`,
        });
      } else {
        blobs.push(entry);
      }
    }
    if (blobs.length === 0) {
      return { files: [], problems };
    }
    const contents = parseBatch(
      await runGitBuffer(['cat-file', '--batch'], {
        cwd: gitDir,
        input: blobs.map(blob => `${blob.object}\n`).join(''),
      }),
    );
    const files: RepositoryFile[] = blobs.map((blob, index) => ({
      path: blob.path,
      content: contents[index],
    }));
    return { files, problems };
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

  private check(url: string) {
    if (!this.supports(url)) {
      throw new RepositoryHostError(
        redactUrlCredentials(
          `${url} is not a repository this portal may read (not an allowed host or local root)`,
        ),
      );
    }
  }

  private async credentialEnv(
    url: string,
  ): Promise<NodeJS.ProcessEnv | undefined> {
    if (!/^https?:\/\//.test(url) || !this.options.credentials) {
      return undefined;
    }
    const credentials = await this.options.credentials(url);
    if (!credentials) {
      return undefined;
    }
    const basic = Buffer.from(
      `${credentials.username}:${credentials.password}`,
    ).toString('base64');
    // Passed through the environment, never the command line, which other users can list.
    return {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.extraHeader',
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
    };
  }

  private async git<T>(
    url: string,
    action: string,
    run: (remote: string, env?: NodeJS.ProcessEnv) => Promise<T>,
  ): Promise<T> {
    this.check(url);
    const local = this.localPath(url);
    try {
      return await run(
        local ? `file://${local}` : url,
        local ? undefined : await this.credentialEnv(url),
      );
    } catch (error) {
      throw hostError(url, action, error);
    }
  }
}
