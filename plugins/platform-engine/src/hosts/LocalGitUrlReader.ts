import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import {
  UrlReaderService,
  UrlReaderServiceReadTreeOptions,
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadUrlOptions,
  UrlReaderServiceReadUrlResponse,
  UrlReaderServiceSearchOptions,
  UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  NotModifiedError,
} from '@backstage/errors';
import { runGitBuffer } from '../git/git';
import { readUrlRewrites } from './repositoryHostsFromConfig';

const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;
const MAX_TREE_SIZE = 200 * 1024 * 1024;
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const REF = /^[A-Za-z0-9_][A-Za-z0-9._/-]*$/;
const GLOB = /[*?[\]{}!]/;
// How many leading path segments may name a branch such as `release/2026/q4`.
const MAX_REF_SEGMENTS = 5;

/**
 * One URL prefix served from a directory of local bare repositories.
 *
 * @public
 */
export interface LocalGitMapping {
  /** An `https://` prefix ending in `/`, e.g. `https://github.com/acme/`. */
  prefix: string;
  /** The directory holding `<name>.git` for `<prefix><name>`. */
  directory: string;
}

/**
 * The part of Backstage's `ReadTreeResponseFactory` this reader uses.
 *
 * @public
 */
export interface LocalGitTreeResponseFactory {
  fromTarArchive(options: {
    stream: Readable;
    etag: string;
    filter?: (path: string, info?: { size: number }) => boolean;
    stripFirstDirectory?: boolean;
  }): Promise<UrlReaderServiceReadTreeResponse>;
}

interface ParsedUrl {
  gitDir: string;
  commit: string;
  /** The path inside the repository; empty for its root. */
  filePath: string;
}

/**
 * Runs git on a local bare repository through the engine's runner (time limit, local transport
 * only); paths are file names, never pathspec magic such as `:(glob)`.
 */
function gitBuffer(
  gitDir: string,
  args: string[],
  maxOutputBytes: number,
): Promise<Buffer> {
  return runGitBuffer(['--literal-pathspecs', '--git-dir', gitDir, ...args], {
    protocols: ['file'],
    maxOutputBytes,
  });
}

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return (
    relative !== '' &&
    !path.isAbsolute(relative) &&
    relative.split(path.sep)[0] !== '..'
  );
}

function decodeSegments(text: string, url: string): string[] {
  return text.split('/').map(segment => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw new InputError(`${url} is not a valid repository URL`);
    }
    // Checked after decoding, so `%2e%2e` and `%2f` cannot smuggle a traversal past the URL parser.
    if (
      decoded === '.' ||
      decoded === '..' ||
      /[/\\]/.test(decoded) ||
      [...decoded].some(char => char.charCodeAt(0) < 0x20)
    ) {
      throw new InputError(
        `${url} may not contain '..', '.', encoded slashes or control characters`,
      );
    }
    return decoded;
  });
}

/**
 * A URL reader for repositories the portal keeps as local bare git repositories, addressed by the
 * URLs the platform plugin maps to them (`platform.git.rewrites` into `platform.git.localRoots`). It
 * reads GitHub-style URLs
 * (`<repository>/blob/<ref>/<path>`, `<repository>/tree/<ref>/<path>`) with git from the bare
 * repository, so the catalog can register and refresh a project "Create project" published into
 * the local git root. Paths are confined to the configured roots: `..`, encoded slashes and
 * symbolic links out of a root are refused.
 *
 * @public
 */
export class LocalGitUrlReader implements UrlReaderService {
  /**
   * A factory in the form `urlReaderFactoriesServiceRef` of `@backstage/backend-defaults/urlReader`
   * takes; it adds no reader when no local root is configured.
   */
  static factory = (options: {
    config: Config;
    treeResponseFactory: LocalGitTreeResponseFactory;
  }): Array<{ reader: UrlReaderService; predicate: (url: URL) => boolean }> => {
    const mappings = LocalGitUrlReader.mappingsFromConfig(options.config);
    if (mappings.length === 0) {
      return [];
    }
    const reader = new LocalGitUrlReader({
      mappings,
      treeResponseFactory: options.treeResponseFactory,
    });
    return [{ reader, predicate: url => reader.handles(url.href) }];
  };

  /**
   * The prefixes app-config maps to local bare repositories: `platform.git.rewrites` whose target is
   * a `file://` URL or a directory inside `platform.git.localRoots`.
   */
  static mappingsFromConfig(config: Config): LocalGitMapping[] {
    const roots = (
      config.getOptionalStringArray('platform.git.localRoots') ?? []
    ).map(root => path.resolve(root));
    const mappings: LocalGitMapping[] = [];
    for (const { from, to } of readUrlRewrites(config)) {
      if (
        !/^https?:\/\/[^/]+\/(?:.+\/)?$/.test(from) ||
        !/^file:\/\//.test(to)
      ) {
        continue;
      }
      let directory: string;
      try {
        directory = path.resolve(fileURLToPath(to));
      } catch {
        continue;
      }
      if (roots.some(root => root === directory || isInside(root, directory))) {
        mappings.push({ prefix: from, directory });
      }
    }
    return mappings;
  }

  private readonly mappings: LocalGitMapping[];
  private readonly treeResponseFactory: LocalGitTreeResponseFactory;
  private readonly maxFileSize: number;

  constructor(options: {
    mappings: LocalGitMapping[];
    treeResponseFactory: LocalGitTreeResponseFactory;
    maxFileSize?: number;
  }) {
    this.mappings = options.mappings.map(m => ({
      prefix: m.prefix,
      directory: path.resolve(m.directory),
    }));
    this.treeResponseFactory = options.treeResponseFactory;
    this.maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  }

  /** Whether a URL lies under a mapped prefix; such URLs are answered here or refused, never elsewhere. */
  handles(url: string): boolean {
    return this.mappingOf(url) !== undefined;
  }

  async readUrl(
    url: string,
    options?: UrlReaderServiceReadUrlOptions,
  ): Promise<UrlReaderServiceReadUrlResponse> {
    const { gitDir, commit, filePath } = await this.parse(url);
    if (!filePath) {
      throw new InputError(`${url} names no file`);
    }
    const entry = await this.entry(gitDir, commit, filePath, url);
    if (entry.type !== 'blob') {
      throw new InputError(`${url} is a directory, not a file`);
    }
    if (entry.mode === '120000') {
      throw new NotAllowedError(`${url} is a symbolic link; not followed`);
    }
    if (entry.size > this.maxFileSize) {
      throw new InputError(
        `${url} is over the size limit of ${this.maxFileSize} bytes`,
      );
    }
    if (options?.etag && options.etag === entry.object) {
      throw new NotModifiedError();
    }
    const content = await gitBuffer(
      gitDir,
      ['cat-file', 'blob', entry.object],
      this.maxFileSize + 1024,
    );
    return {
      buffer: async () => content,
      stream: () => Readable.from(content),
      etag: entry.object,
    };
  }

  async readTree(
    url: string,
    options?: UrlReaderServiceReadTreeOptions,
  ): Promise<UrlReaderServiceReadTreeResponse> {
    const { gitDir, commit, filePath } = await this.parse(url);
    let tree: string;
    if (filePath) {
      const entry = await this.entry(gitDir, commit, filePath, url);
      if (entry.type !== 'tree') {
        throw new InputError(`${url} is a file, not a directory`);
      }
      tree = entry.object;
    } else {
      tree = (await gitBuffer(gitDir, ['rev-parse', `${commit}^{tree}`], 1024))
        .toString('utf8')
        .trim();
    }
    if (options?.etag && options.etag === tree) {
      throw new NotModifiedError();
    }
    const archive = await gitBuffer(
      gitDir,
      ['archive', '--format=tar', tree],
      MAX_TREE_SIZE,
    );
    return this.treeResponseFactory.fromTarArchive({
      stream: Readable.from(archive),
      etag: tree,
      filter: options?.filter,
      stripFirstDirectory: false,
    });
  }

  async search(
    url: string,
    options?: UrlReaderServiceSearchOptions,
  ): Promise<UrlReaderServiceSearchResponse> {
    if (GLOB.test(new URL(url).pathname)) {
      throw new InputError(
        `${url}: patterns are not supported for local git repositories; name one file`,
      );
    }
    try {
      const response = await this.readUrl(url, options);
      return {
        files: [{ url, content: response.buffer }],
        etag: response.etag ?? '',
      };
    } catch (error) {
      if ((error as Error)?.name === 'NotFoundError') {
        return { files: [], etag: '' };
      }
      throw error;
    }
  }

  toString() {
    return `localGit{prefixes=${this.mappings.map(m => m.prefix).join(',')}}`;
  }

  private mappingOf(url: string): LocalGitMapping | undefined {
    let href: string;
    try {
      const parsed = new URL(url);
      href = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
    } catch {
      return undefined;
    }
    return this.mappings.find(m => href.startsWith(m.prefix));
  }

  /** The bare repository, commit and path a URL names, validated and confined to its root. */
  private async parse(url: string): Promise<ParsedUrl> {
    const mapping = this.mappingOf(url);
    if (!mapping) {
      throw new NotAllowedError(`${url} is not in a local git root`);
    }
    const parsed = new URL(url);
    const rest = `${parsed.protocol}//${parsed.host}${parsed.pathname}`
      .slice(mapping.prefix.length)
      .replace(/\/+$/, '');
    const segments = decodeSegments(rest, url);
    const marker = segments.findIndex(s => s === 'blob' || s === 'tree');
    const repository = marker === -1 ? segments : segments.slice(0, marker);
    if (
      repository.length === 0 ||
      !repository.every(segment => NAME.test(segment))
    ) {
      throw new InputError(`${url} names no valid repository`);
    }
    const last = repository[repository.length - 1].replace(/\.git$/, '');
    const gitDir = path.join(
      mapping.directory,
      ...repository.slice(0, -1),
      `${last}.git`,
    );
    if (!isInside(mapping.directory, gitDir)) {
      throw new InputError(`${url} lies outside the local git root`);
    }
    const real = await fs.realpath(gitDir).catch(() => undefined);
    const realRoot = await fs
      .realpath(mapping.directory)
      .catch(() => mapping.directory);
    if (!real) {
      throw new NotFoundError(`No repository at ${url}`);
    }
    if (!isInside(realRoot, real)) {
      throw new NotAllowedError(
        `${url} leads out of the local git root through a symbolic link`,
      );
    }

    if (marker === -1) {
      return { gitDir: real, commit: 'HEAD', filePath: '' };
    }
    const after = segments.slice(marker + 1);
    if (after.length === 0) {
      throw new InputError(`${url} names no branch, tag or commit`);
    }
    for (
      let count = 1;
      count <= Math.min(after.length, MAX_REF_SEGMENTS);
      count++
    ) {
      const ref = after.slice(0, count).join('/');
      if (
        !REF.test(ref) ||
        ref.includes('..') ||
        ref.includes('@{') ||
        ref.endsWith('.lock')
      ) {
        throw new InputError(`${url} names an invalid ref '${ref}'`);
      }
      const commit = await gitBuffer(
        real,
        [
          'rev-parse',
          '--verify',
          '--quiet',
          '--end-of-options',
          `${ref}^{commit}`,
        ],
        1024,
      ).then(
        out => out.toString('utf8').trim(),
        () => undefined,
      );
      if (commit) {
        return { gitDir: real, commit, filePath: after.slice(count).join('/') };
      }
    }
    throw new NotFoundError(`No branch, tag or commit of ${url} exists`);
  }

  private async entry(
    gitDir: string,
    commit: string,
    filePath: string,
    url: string,
  ): Promise<{ mode: string; type: string; object: string; size: number }> {
    const out = (
      await gitBuffer(
        gitDir,
        ['ls-tree', '-z', '--long', '--full-tree', commit, '--', filePath],
        1024 * 1024,
      )
    ).toString('utf8');
    const record = out.split('\0').find(Boolean);
    if (!record) {
      throw new NotFoundError(`${url} does not exist`);
    }
    const tab = record.indexOf('\t');
    const [mode, type, object, size] = record.slice(0, tab).split(/\s+/);
    if (record.slice(tab + 1) !== filePath) {
      throw new NotFoundError(`${url} does not exist`);
    }
    return { mode, type, object, size: size === '-' ? 0 : Number(size) };
  }
}
