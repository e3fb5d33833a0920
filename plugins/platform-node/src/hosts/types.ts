import { ScanProblem } from '@platform-portal/plugin-platform-common';
import { PlatformTag } from '../resolution/types';

/**
 * A file read from a repository at one commit: its path relative to the repository root with
 * POSIX separators, and its bytes as stored (not yet checked to be text).
 *
 * @public
 */
export interface RepositoryFile {
  path: string;
  content: Buffer;
}

/**
 * What {@link RepositoryHost.readFiles} read: the wanted files, and one problem per file that
 * could not be read (too large, a symlink, a submodule); reading goes on past them.
 *
 * @public
 */
export interface RepositoryFiles {
  files: RepositoryFile[];
  problems: ScanProblem[];
}

/**
 * The commit at the tip of a repository's default branch.
 *
 * @public
 */
export interface RepositoryHead {
  /** Full commit SHA. */
  commit: string;
  /** Default branch name when the host knows it, e.g. `main`. */
  branch?: string;
}

/**
 * Thrown (or rejected with) by a host when a request failed; the scanner records the message as
 * a problem on the repository and retries later when `retryable` is set. The message must never
 * contain a credential.
 *
 * @public
 */
export class RepositoryHostError extends Error {
  readonly retryable: boolean;
  /** When the host asked to wait until (rate limits), epoch milliseconds. */
  readonly retryAfter?: number;

  constructor(
    message: string,
    options: { retryable?: boolean; retryAfter?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'RepositoryHostError';
    this.retryable = options.retryable ?? false;
    this.retryAfter = options.retryAfter;
  }
}

/**
 * Where repositories live and how to read them: GitHub through its API, any git remote or local
 * bare repository through git. Backend modules add more through
 * `platformRepositoryHostsExtensionPoint`.
 *
 * @public
 */
export interface RepositoryHost {
  /** Stable id for logs and problems, e.g. `github`, `git`. */
  readonly id: string;
  /**
   * Whether this host reads the repository at this URL (`https://github.com/acme/api`,
   * `file:///srv/git/acme/api.git`, `git@host:org/repo.git`).
   */
  supports(url: string): boolean;
  /** The tip of the default branch; cheap enough to call on every scan to skip unchanged ones. */
  getHead(url: string): Promise<RepositoryHead>;
  /**
   * The heads of many repositories read together, for hosts where that costs less than one
   * `getHead` each (GitHub: one query per 100 repositories). A repository whose head could not be
   * read maps to its error; one left out of the answer is asked with `getHead`.
   */
  currentRevisions?(
    urls: string[],
  ): Promise<Map<string, RepositoryHead | RepositoryHostError>>;
  /**
   * The files at `commit` whose paths `wanted` accepts. Symlinks and submodules are not followed;
   * files over `maxFileSize` bytes become problems.
   */
  readFiles(
    url: string,
    commit: string,
    wanted: (path: string) => boolean,
    options?: { maxFileSize?: number },
  ): Promise<RepositoryFiles>;
  /** Every tag with the commit it points at, annotated tags peeled. */
  listTags(url: string): Promise<PlatformTag[]>;
}

/**
 * A prefix rewrite of repository URLs, like git's `url.<base>.insteadOf`, e.g. from
 * `https://github.com/acme/` to a `file://` directory of local bare repositories.
 *
 * @public
 */
export interface UrlRewrite {
  from: string;
  to: string;
}
