import { CustomErrorBase, NotFoundError } from '@backstage/errors';
import {
  redactLocalPaths,
  redactUrlCredentials,
} from '@platform-portal/plugin-platform-common';
import { RepositoryHosts } from '@platform-portal/plugin-platform-engine';
import { RepositoryHost } from '@platform-portal/plugin-platform-node';
import { quoted } from './sourceRequest';
import { sourceLanguage } from './sourceLanguage';

/** Larger files are refused: the view is for reading a few lines around a reference. */
const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;
/** How long the list of known repositories is used before it is read again. */
const KNOWN_TTL_MS = 15_000;
/** Files listed of one repository; the view is for finding a file, not for auditing a monorepo. */
const MAX_LISTED_FILES = 10_000;
/** git's own test for binary content: a NUL byte among the first 8000 bytes. */
const BINARY_PROBE_BYTES = 8000;

/** A file the view will not show (too large, binary, a symbolic link), with its HTTP status. */
export class SourceRefusedError extends CustomErrorBase {
  name = 'SourceRefusedError' as const;
  constructor(message: string, readonly statusCode: 413 | 415) {
    super(message);
  }
}

/** A text file of a repository at a commit, as the API answers it. */
export interface SourceFile {
  repository: string;
  entityRefs: string[];
  commit: string;
  path: string;
  language: string;
  size: number;
  content: string;
}

/** The files of a repository at a commit, as the API answers them. */
export interface SourceFileList {
  repository: string;
  entityRefs: string[];
  commit: string;
  files: string[];
  truncated: boolean;
}

/** A repository and commit the reader has found, not yet read. */
export interface SourceCommit {
  repository: string;
  entityRefs: string[];
  commit: string;
  host: RepositoryHost;
  url: string;
}

/** A file the reader has found a repository and a commit for, not yet read. */
export interface SourceTarget extends SourceCommit {
  path: string;
}

/** Options of {@link SourceReader}. */
export interface SourceReaderOptions {
  hosts: RepositoryHosts;
  /**
   * The repositories the scanner knows, each with its service: as kept, or with `current` with
   * every write committed before the call (to find a repository added a moment ago).
   */
  repositories: (ask: {
    current: boolean;
  }) => Promise<Array<{ url: string; entityRef: string }>>;
  /** The platform repositories (`platform.platforms`). */
  platforms: string[];
  /** Files over this many bytes are refused; 1 MiB by default. */
  maxFileSize?: number;
  /** Settles when local repositories can be read (a module may still be making them). */
  ready?: Promise<unknown>;
  now?: () => number;
}

/** A repository URL compared without a trailing slash or `.git`, as the catalog may write either. */
function repositoryKey(url: string): string {
  return url
    .trim()
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
}

function describeRepository(repository: string): string {
  return quoted(redactUrlCredentials(repository));
}

/**
 * Reads one text file of a repository the portal scans, through the repository hosts, for
 * repositories read through a local root: those have no web UI for a link to point at. Any
 * other repository, and anything that is not a text file inside it, is refused in words that
 * name the repository and the path, never a path of the server.
 */
export class SourceReader {
  private known?: { at: number; byKey: Map<string, string[]> };

  constructor(private readonly options: SourceReaderOptions) {}

  /** Finds the repository, its host and the commit (the head when none is given). */
  async locate(request: {
    repository: string;
    commit?: string;
  }): Promise<SourceCommit> {
    const { repository } = request;
    const entityRefs = await this.knownRepository(repository);
    if (!entityRefs) {
      throw new NotFoundError(
        `${describeRepository(
          repository,
        )} is not a repository the portal scans`,
      );
    }
    const resolved = this.options.hosts.resolve(repository);
    if (!resolved?.url.startsWith('file://')) {
      throw new NotFoundError(
        `The portal shows no files of ${describeRepository(
          repository,
        )}: it is not read from a local repository; open it on its host`,
      );
    }
    await this.options.ready;
    let commit = request.commit;
    if (!commit) {
      try {
        commit = (await resolved.host.getHead(resolved.url)).commit;
      } catch (error) {
        throw this.readError(repository, undefined, error);
      }
    }
    return { repository, entityRefs, commit, ...resolved };
  }

  /** The paths of the files at the commit {@link SourceReader.locate} found, in git's order. */
  async listFiles(target: SourceCommit): Promise<SourceFileList> {
    const { repository, entityRefs, commit, host, url } = target;
    const files: string[] = [];
    try {
      // Asked of every path and wanting none, the host lists the tree without reading a blob.
      await host.readFiles(url, commit, file => {
        files.push(file);
        return false;
      });
    } catch (error) {
      throw this.readError(repository, undefined, error, commit);
    }
    return {
      repository,
      entityRefs,
      commit,
      files: files.slice(0, MAX_LISTED_FILES),
      truncated: files.length > MAX_LISTED_FILES,
    };
  }

  /** Reads the file a {@link SourceReader.locate} found; refuses binary, large and linked files. */
  async read(target: SourceTarget): Promise<SourceFile> {
    const { repository, commit, path, host, url } = target;
    const maxFileSize = this.options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    let read;
    try {
      read = await host.readFiles(url, commit, file => file === path, {
        maxFileSize,
      });
    } catch (error) {
      throw this.readError(repository, path, error, commit);
    }
    const named = `${quoted(path)} at ${commit.slice(0, 12)}`;
    const file = read.files.find(f => f.path === path);
    if (!file) {
      const problem = read.problems.find(p => p.file === path)?.message;
      if (problem && /symbolic link/.test(problem)) {
        throw new SourceRefusedError(
          `${named} is a symbolic link; the source view shows files only`,
          415,
        );
      }
      if (problem && /size limit/.test(problem)) {
        throw new SourceRefusedError(
          `${named} is larger than the source view's limit of ${maxFileSize} bytes`,
          413,
        );
      }
      throw new NotFoundError(
        `${describeRepository(repository)} has no file ${named}`,
      );
    }
    const content = this.text(file.content);
    if (content === undefined) {
      throw new SourceRefusedError(
        `${named} is a binary file; the source view shows text only`,
        415,
      );
    }
    return {
      repository,
      entityRefs: target.entityRefs,
      commit,
      path,
      language: sourceLanguage(path),
      size: file.content.length,
      content,
    };
  }

  /** The file's text, or undefined when it is binary (a NUL byte, or no valid UTF-8). */
  private text(content: Buffer): string | undefined {
    if (content.subarray(0, BINARY_PROBE_BYTES).includes(0)) {
      return undefined;
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(content);
    } catch {
      return undefined;
    }
  }

  private readError(
    repository: string,
    path: string | undefined,
    error: unknown,
    commit?: string,
  ): Error {
    const detail = `${(error as Error)?.message ?? error} ${
      (error as { stderr?: string })?.stderr ?? ''
    }`;
    if (
      commit &&
      /not a tree object|not a tree or commit|not a valid object name|bad object|unknown revision|invalid object/i.test(
        detail,
      )
    ) {
      return new NotFoundError(
        `${describeRepository(repository)} has no commit ${commit}`,
      );
    }
    // Stored and shown without the server's paths, which only the log keeps.
    return new Error(
      redactLocalPaths(
        `Reading ${path ? `${quoted(path)} of ` : ''}${describeRepository(
          repository,
        )} failed: ${redactUrlCredentials(detail.trim())}`,
      ),
    );
  }

  /** The services of a repository the portal knows; an empty list for a platform repository. */
  private async knownRepository(
    repository: string,
  ): Promise<string[] | undefined> {
    const key = repositoryKey(repository);
    const now = (this.options.now ?? Date.now)();
    let known = this.known;
    const unknown = !known?.byKey.has(key);
    // A repository added a moment ago (a project just created) is looked for again at once,
    // among the repositories as they are now, whichever instance added it.
    if (
      !known ||
      now - known.at > KNOWN_TTL_MS ||
      (unknown && now - known.at > 1000)
    ) {
      const byKey = new Map<string, string[]>();
      for (const platform of this.options.platforms) {
        byKey.set(repositoryKey(platform), []);
      }
      const repositories = await this.options.repositories({
        current: unknown,
      });
      for (const { url, entityRef } of repositories) {
        const refs = byKey.get(repositoryKey(url)) ?? [];
        byKey.set(repositoryKey(url), [...refs, entityRef]);
      }
      // In one order whatever order the list comes in.
      for (const refs of byKey.values()) {
        refs.sort();
      }
      known = { at: now, byKey };
      this.known = known;
    }
    return known.byKey.get(key);
  }
}
