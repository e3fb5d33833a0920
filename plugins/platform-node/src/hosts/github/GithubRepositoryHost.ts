import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
  ScmIntegrations,
} from '@backstage/integration';
import {
  redactUrlCredentials,
  ScanProblem,
} from '@internal/plugin-platform-common';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { Parser, ReadEntry } from 'tar';
import { PlatformTag } from '../../resolution/types';
import {
  RepositoryFile,
  RepositoryFiles,
  RepositoryHead,
  RepositoryHost,
  RepositoryHostError,
} from '../types';

const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;
const DEFAULT_MAX_ARCHIVE_SIZE = 512 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_MAX_RETRY_AFTER_SECONDS = 60;
const DEFAULT_CACHE_SIZE = 10_000;
const TAGS_PER_PAGE = 100;
const MAX_TAG_PAGES = 100;
const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
// https://<host>/<owner>/<repo>[.git][/]; no credentials, query or fragment.
const REPO_URL =
  /^https:\/\/([^/@?#\s\\]+)\/([^/?#\s\\]+)\/([^/?#\s\\]+?)\/?$/i;
const NAME = /^[A-Za-z0-9_.-]{1,100}$/;
// Asked of plugin-retry never to retry these: they are answers, not hiccups. Rate limits (403,
// 429) are the throttling plugin's and this host's business.
const DO_NOT_RETRY = [304, 400, 401, 403, 404, 409, 410, 413, 422, 429, 451];
const noop = () => {};

type OctokitPlugin = Parameters<typeof Octokit.plugin>[0];
// The plugins are typed against @octokit/core 5 and @octokit/rest 19 is built on core 4; the
// plugin interface (hooks, options) is the same in both, only the declared types differ.
const ThrottledOctokit = Octokit.plugin(
  throttling as unknown as OctokitPlugin,
  retry as unknown as OctokitPlugin,
);

/**
 * Options of {@link GithubRepositoryHost}.
 *
 * @public
 */
export interface GithubRepositoryHostOptions {
  /** The `integrations` of app-config; a host is read when it has a GitHub integration. */
  integrations: ScmIntegrationRegistry;
  /**
   * Tokens for requests, personal or from a GitHub App installation;
   * `DefaultGithubCredentialsProvider.fromIntegrations(integrations)` when absent.
   */
  credentialsProvider?: GithubCredentialsProvider;
  logger?: LoggerService;
  /** Time allowed for one attempt of one request, body included; 120 s by default. */
  timeoutMs?: number;
  /** Largest repository archive downloaded, in bytes; 512 MiB by default. */
  maxArchiveSize?: number;
  /** Repositories whose head is remembered for conditional requests; 10 000 by default. */
  cacheSize?: number;
  throttle?: {
    /**
     * A rate-limited request is retried once when the wait is at most this many seconds
     * (60 by default); otherwise it fails with a retryable error carrying `retryAfter`.
     */
    maxRetryAfterSeconds?: number;
    /** Milliseconds per second of waiting asked by GitHub; 1000, smaller in tests. */
    retryAfterBaseValue?: number;
  };
  retry?: {
    /** Retries of a request that failed with a server error or timed out; 3 by default. */
    retries?: number;
    /** Milliseconds per unit of the quadratic backoff (1, 4, 9 units); 1000, smaller in tests. */
    retryAfterBaseValue?: number;
  };
}

interface RepoRef {
  /** Lower-case `host/owner/repo`, the key of caches. */
  key: string;
  owner: string;
  repo: string;
  apiBaseUrl: string;
}

interface CachedHead {
  etag: string;
  commit: string;
}

interface CachedTagPage {
  etag: string;
  tags: PlatformTag[];
  hasNext: boolean;
}

interface RequestErrorLike {
  status: number;
  message?: string;
  response?: {
    headers?: Record<string, string | undefined>;
    data?: unknown;
  };
}

function isRequestError(error: unknown): error is RequestErrorLike {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { status?: unknown }).status === 'number'
  );
}

/** Removes anything credential-like from text that will be shown or logged. */
function sanitize(text: string, secrets: Array<string | undefined> = []) {
  let result = redactUrlCredentials(text)
    // codeload and other redirects carry short-lived tokens in the query.
    .replace(
      /([?&](?:token|access_token|jwt|sig|signature)=)[^&\s#]+/gi,
      '$1***',
    )
    .replace(/\b(?:gh[pousr]|github_pat)_[A-Za-z0-9_]+/g, '***')
    .replace(/\b(token|bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 ***');
  for (const secret of secrets) {
    if (secret && secret.length >= 4) {
      result = result.split(secret).join('***');
    }
  }
  return result;
}

function header(error: RequestErrorLike, name: string): string | undefined {
  const value = error.response?.headers?.[name];
  return value === undefined || value === null ? undefined : String(value);
}

function gitHubMessage(error: RequestErrorLike): string | undefined {
  const data = error.response?.data as { message?: unknown } | undefined;
  return typeof data?.message === 'string' ? data.message : undefined;
}

/**
 * Epoch milliseconds GitHub asks to wait until: `retry-after` seconds, else the
 * `x-ratelimit-reset` epoch seconds, else a minute as GitHub's documentation advises.
 */
function rateLimitRetryAfter(error: RequestErrorLike): number {
  const retryAfter = Number(header(error, 'retry-after') ?? NaN);
  if (Number.isFinite(retryAfter)) {
    return Date.now() + retryAfter * 1000;
  }
  const reset = Number(header(error, 'x-ratelimit-reset') ?? NaN);
  if (Number.isFinite(reset)) {
    return reset * 1000;
  }
  return Date.now() + 60_000;
}

function isRateLimited(error: RequestErrorLike): boolean {
  if (error.status !== 403 && error.status !== 429) {
    return false;
  }
  return (
    error.status === 429 ||
    header(error, 'x-ratelimit-remaining') === '0' ||
    header(error, 'retry-after') !== undefined ||
    /rate limit/i.test(gitHubMessage(error) ?? '')
  );
}

/** The body of a `sha` media type answer: text with `charset=utf-8`, bytes without. */
function asText(data: unknown): string {
  if (typeof data === 'string') {
    return data;
  }
  if (ArrayBuffer.isView(data)) {
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString(
      'utf8',
    );
  }
  if (Object.prototype.toString.call(data) === '[object ArrayBuffer]') {
    return Buffer.from(data as ArrayBuffer).toString('utf8');
  }
  return '';
}

function parseNextLink(link: string | undefined): boolean {
  return !!link && /rel="next"/.test(link);
}

/** Splits a tarball's path into the repository path, without its `owner-repo-sha/` folder. */
function repositoryPath(entryPath: string): string | undefined {
  const slash = entryPath.indexOf('/');
  if (slash < 0) {
    return undefined;
  }
  const rest = entryPath.slice(slash + 1).replace(/\/+$/, '');
  if (
    !rest ||
    rest.startsWith('/') ||
    rest.split('/').some(part => part === '' || part === '.' || part === '..')
  ) {
    return undefined;
  }
  return rest;
}

/** Reads a gzipped tarball from memory, keeping what `wanted` accepts. */
function extractTarball(
  archive: Buffer,
  wanted: (path: string) => boolean,
  maxFileSize: number,
): Promise<RepositoryFiles> {
  return new Promise((resolve, reject) => {
    const files: RepositoryFile[] = [];
    const problems: ScanProblem[] = [];
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        const file = repositoryPath(entry.path);
        if (!file || entry.type === 'Directory' || !wanted(file)) {
          entry.resume();
          return;
        }
        if (entry.type === 'SymbolicLink') {
          problems.push({
            file,
            message: 'symbolic link in the repository; not followed',
          });
          entry.resume();
        } else if (
          entry.type !== 'File' &&
          entry.type !== 'OldFile' &&
          entry.type !== 'ContiguousFile'
        ) {
          entry.resume(); // hard links, devices: nothing git stores as a file
        } else if (entry.size > maxFileSize) {
          problems.push({
            file,
            message: `file is over the size limit of ${maxFileSize} bytes; not scanned`,
          });
          entry.resume();
        } else {
          const chunks: Buffer[] = [];
          entry.on('data', (chunk: Buffer) => chunks.push(chunk));
          entry.on('end', () =>
            files.push({ path: file, content: Buffer.concat(chunks) }),
          );
        }
      },
    });
    parser.on('error', reject);
    parser.on('abort', reject);
    parser.on('end', () => resolve({ files, problems }));
    parser.end(archive);
  });
}

/**
 * Reads repositories on GitHub and GitHub Enterprise through the REST API: the head with one
 * conditional request (free when nothing changed), the files with one archive download, the tags
 * from the tags endpoint. Hosts, tokens and GitHub Apps come from `integrations` in app-config.
 *
 * @public
 */
export class GithubRepositoryHost implements RepositoryHost {
  readonly id = 'github';
  private readonly integrations: ScmIntegrationRegistry;
  private readonly credentialsProvider: GithubCredentialsProvider;
  private readonly clients = new Map<string, Octokit>();
  private readonly heads = new Map<string, CachedHead>();
  private readonly tagPages = new Map<string, Map<number, CachedTagPage>>();

  static fromConfig(
    config: Config,
    options: Omit<
      GithubRepositoryHostOptions,
      'integrations' | 'credentialsProvider'
    > = {},
  ): GithubRepositoryHost {
    const integrations = ScmIntegrations.fromConfig(config);
    return new GithubRepositoryHost({
      ...options,
      integrations,
      credentialsProvider:
        DefaultGithubCredentialsProvider.fromIntegrations(integrations),
    });
  }

  constructor(private readonly options: GithubRepositoryHostOptions) {
    this.integrations = options.integrations;
    this.credentialsProvider =
      options.credentialsProvider ??
      DefaultGithubCredentialsProvider.fromIntegrations(options.integrations);
  }

  supports(url: string): boolean {
    return this.parse(url) !== undefined;
  }

  async getHead(url: string): Promise<RepositoryHead> {
    const ref = this.require(url);
    const cached = this.heads.get(ref.key);
    const { headers, token } = await this.authorization(url);
    try {
      // The `sha` media type answers with the bare SHA of the default branch's tip and an ETag;
      // with If-None-Match an unchanged repository answers 304, which the rate limit ignores.
      // The branch's name is not in the answer, so `branch` stays unknown.
      const response = await this.send(() =>
        this.client(ref).request('GET /repos/{owner}/{repo}/commits/{ref}', {
          owner: ref.owner,
          repo: ref.repo,
          ref: 'HEAD',
          mediaType: { format: 'sha' },
          headers: {
            ...headers,
            ...(cached ? { 'if-none-match': cached.etag } : {}),
          },
        }),
      );
      const commit = asText(response.data).trim();
      if (!SHA.test(commit)) {
        throw new RepositoryHostError(
          `Reading the default branch of ${this.safeUrl(
            url,
          )} failed: unexpected answer from GitHub`,
          { retryable: true },
        );
      }
      const etag = response.headers.etag;
      if (etag) {
        this.remember(this.heads, ref.key, { etag, commit });
      } else {
        this.heads.delete(ref.key);
      }
      return { commit };
    } catch (error) {
      if (cached && isRequestError(error) && error.status === 304) {
        return { commit: cached.commit };
      }
      throw this.hostError(url, 'Reading the default branch of', error, token);
    }
  }

  async readFiles(
    url: string,
    commit: string,
    wanted: (path: string) => boolean,
    options: { maxFileSize?: number } = {},
  ): Promise<RepositoryFiles> {
    const ref = this.require(url);
    if (!SHA.test(commit)) {
      throw new RepositoryHostError(`"${commit}" is not a full commit SHA`);
    }
    const { headers, token } = await this.authorization(url);
    let archive: Buffer;
    try {
      // Answered with a redirect to a short-lived archive URL, which fetch follows.
      const response = await this.send(() =>
        this.client(ref).request('GET /repos/{owner}/{repo}/tarball/{ref}', {
          owner: ref.owner,
          repo: ref.repo,
          ref: commit,
          headers,
        }),
      );
      archive = Buffer.from(response.data as ArrayBuffer);
    } catch (error) {
      throw this.hostError(url, `Downloading ${commit} of`, error, token);
    }
    const maxArchiveSize =
      this.options.maxArchiveSize ?? DEFAULT_MAX_ARCHIVE_SIZE;
    if (archive.length > maxArchiveSize) {
      throw new RepositoryHostError(
        `Downloading ${commit} of ${this.safeUrl(
          url,
        )} failed: the repository archive is ${
          archive.length
        } bytes, over the limit of ${maxArchiveSize} bytes`,
      );
    }
    try {
      return await extractTarball(
        archive,
        wanted,
        options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
      );
    } catch (error) {
      throw new RepositoryHostError(
        sanitize(
          `Reading the archive of ${commit} of ${this.safeUrl(url)} failed: ${
            (error as Error)?.message ?? String(error)
          }`,
          [token],
        ),
        { retryable: true },
      );
    }
  }

  async listTags(url: string): Promise<PlatformTag[]> {
    const ref = this.require(url);
    const { headers, token } = await this.authorization(url);
    const cachedPages = this.tagPages.get(ref.key) ?? new Map();
    const pages = new Map<number, CachedTagPage>();
    const tags: PlatformTag[] = [];
    try {
      for (let page = 1; page <= MAX_TAG_PAGES; page++) {
        const cached = cachedPages.get(page);
        let current: CachedTagPage;
        try {
          const response = await this.send(() =>
            this.client(ref).request('GET /repos/{owner}/{repo}/tags', {
              owner: ref.owner,
              repo: ref.repo,
              per_page: TAGS_PER_PAGE,
              page,
              headers: {
                ...headers,
                ...(cached ? { 'if-none-match': cached.etag } : {}),
              },
            }),
          );
          current = {
            etag: response.headers.etag ?? '',
            tags: response.data.map(tag => ({
              name: tag.name,
              commit: tag.commit.sha,
            })),
            hasNext: parseNextLink(response.headers.link),
          };
        } catch (error) {
          if (cached && isRequestError(error) && error.status === 304) {
            current = cached;
          } else {
            throw error;
          }
        }
        pages.set(page, current);
        tags.push(...current.tags);
        if (!current.hasNext) {
          break;
        }
      }
    } catch (error) {
      throw this.hostError(url, 'Listing the tags of', error, token);
    }
    if ([...pages.values()].every(page => page.etag)) {
      this.remember(this.tagPages, ref.key, pages);
    } else {
      this.tagPages.delete(ref.key);
    }
    return tags;
  }

  /**
   * Runs one request. plugin-throttling retries a rate-limited 403 once when the wait is short;
   * a 429 (GitHub answers either) is left to this, which does the same.
   */
  private async send<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (!isRequestError(error) || error.status !== 429) {
        throw error;
      }
      const until = rateLimitRetryAfter(error);
      const seconds = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      const maxRetryAfter =
        this.options.throttle?.maxRetryAfterSeconds ??
        DEFAULT_MAX_RETRY_AFTER_SECONDS;
      if (seconds > maxRetryAfter) {
        throw error;
      }
      this.options.logger?.warn(
        `GitHub rate limit hit (429); retrying in ${seconds} s`,
      );
      const base = this.options.throttle?.retryAfterBaseValue ?? 1000;
      await new Promise(resolve => setTimeout(resolve, seconds * base));
      return request();
    }
  }

  private parse(url: string): RepoRef | undefined {
    const match = REPO_URL.exec(url);
    if (!match) {
      return undefined;
    }
    const host = match[1].toLowerCase();
    const owner = match[2];
    const repo = match[3].replace(/\.git$/i, '');
    for (const name of [owner, repo]) {
      if (!NAME.test(name) || name.includes('..') || name === '.') {
        return undefined;
      }
    }
    const integration = this.integrations.github.byHost(host);
    const apiBaseUrl = integration?.config.apiBaseUrl;
    if (!apiBaseUrl || !/^https?:\/\//.test(apiBaseUrl)) {
      return undefined; // an Enterprise host needs `apiBaseUrl` in its integration
    }
    return {
      key: `${host}/${owner}/${repo}`.toLowerCase(),
      owner,
      repo,
      apiBaseUrl: apiBaseUrl.replace(/\/+$/, ''),
    };
  }

  private require(url: string): RepoRef {
    const ref = this.parse(url);
    if (!ref) {
      throw new RepositoryHostError(
        `${this.safeUrl(
          url,
        )} is not a GitHub repository this portal may read (https://<host>/<owner>/<repo> on a host with a GitHub integration)`,
      );
    }
    return ref;
  }

  private safeUrl(url: string): string {
    return sanitize(url);
  }

  private async authorization(
    url: string,
  ): Promise<{ headers: Record<string, string>; token?: string }> {
    const canonical = REPO_URL.exec(url)
      ? url.replace(/\.git\/?$|\/$/i, '')
      : url;
    try {
      const credentials = await this.credentialsProvider.getCredentials({
        url: canonical,
      });
      const headers: Record<string, string> = {};
      if (credentials.token) {
        headers.authorization = `token ${credentials.token}`;
      }
      return { headers, token: credentials.token };
    } catch (error) {
      throw new RepositoryHostError(
        sanitize(
          `Getting GitHub credentials for ${url} failed: ${
            (error as Error)?.message ?? String(error)
          }`,
        ),
        { retryable: true },
      );
    }
  }

  private client(ref: RepoRef): Octokit {
    const existing = this.clients.get(ref.apiBaseUrl);
    if (existing) {
      return existing;
    }
    const { logger } = this.options;
    const maxRetryAfter =
      this.options.throttle?.maxRetryAfterSeconds ??
      DEFAULT_MAX_RETRY_AFTER_SECONDS;
    const onLimit =
      (kind: string) =>
      (
        retryAfter: number,
        options: { method?: string; url?: string },
        _octokit: unknown,
        retryCount: number,
      ) => {
        const again = retryCount === 0 && retryAfter <= maxRetryAfter;
        logger?.warn(
          `GitHub ${kind} rate limit hit for ${options.method} ${sanitize(
            options.url ?? '',
          )}; ${again ? `retrying in ${retryAfter} s` : 'giving up'}`,
        );
        return again;
      };
    const client = new ThrottledOctokit({
      baseUrl: ref.apiBaseUrl,
      userAgent: 'backstage-platform-scanner',
      log: {
        debug: noop,
        info: noop,
        warn: (message: string) => logger?.warn(sanitize(String(message))),
        error: (message: string) => logger?.error(sanitize(String(message))),
      },
      request: { fetch: this.fetchWithLimits },
      throttle: {
        id: `platform-${ref.apiBaseUrl}`,
        retryAfterBaseValue: this.options.throttle?.retryAfterBaseValue,
        onRateLimit: onLimit('primary'),
        onSecondaryRateLimit: onLimit('secondary'),
      },
      retry: {
        doNotRetry: DO_NOT_RETRY,
        retries: this.options.retry?.retries ?? 3,
        retryAfterBaseValue: this.options.retry?.retryAfterBaseValue ?? 1000,
      },
    });
    this.clients.set(ref.apiBaseUrl, client);
    return client;
  }

  /** fetch with a fresh timeout per attempt and a cap on the size of what is downloaded. */
  private readonly fetchWithLimits = async (
    input: string | URL,
    init?: RequestInit,
  ): Promise<Response> => {
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const signal = init?.signal
      ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)])
      : AbortSignal.timeout(timeoutMs);
    const response = await fetch(input, { ...init, signal });
    const maxArchiveSize =
      this.options.maxArchiveSize ?? DEFAULT_MAX_ARCHIVE_SIZE;
    const length = Number(response.headers.get('content-length'));
    if (Number.isFinite(length) && length > maxArchiveSize) {
      response.body?.cancel().catch(noop);
      // An answer rather than a thrown error, which octokit would take for a network failure and
      // retry.
      return new Response(
        JSON.stringify({
          message: `the repository archive is ${length} bytes, over the limit of ${maxArchiveSize} bytes`,
        }),
        { status: 413, headers: { 'content-type': 'application/json' } },
      );
    }
    return response;
  };

  private remember<T>(cache: Map<string, T>, key: string, value: T) {
    cache.delete(key);
    cache.set(key, value);
    const limit = this.options.cacheSize ?? DEFAULT_CACHE_SIZE;
    while (cache.size > limit) {
      const oldest = cache.keys().next().value;
      if (oldest === undefined) {
        break;
      }
      cache.delete(oldest);
    }
  }

  private hostError(
    url: string,
    action: string,
    error: unknown,
    token: string | undefined,
  ): RepositoryHostError {
    const where = `${action} ${this.safeUrl(url)} failed`;
    const make = (
      detail: string,
      options: { retryable: boolean; retryAfter?: number },
    ) =>
      new RepositoryHostError(
        sanitize(`${where}: ${detail}`, [token]),
        options,
      );

    if (error instanceof RepositoryHostError) {
      return error;
    }
    if (!isRequestError(error)) {
      const message = (error as Error)?.message ?? String(error);
      return make(message, { retryable: true });
    }
    const github = gitHubMessage(error);
    if (isRateLimited(error)) {
      return make(
        `GitHub rate limit exceeded (${error.status}${
          github ? `: ${github}` : ''
        })`,
        { retryable: true, retryAfter: rateLimitRetryAfter(error) },
      );
    }
    switch (error.status) {
      case 401:
        return make('bad credentials (GitHub answered 401)', {
          retryable: false,
        });
      case 403:
        return make(
          `access denied (GitHub answered 403${github ? `: ${github}` : ''})`,
          { retryable: false },
        );
      case 404:
        return make('repository not found or no access (GitHub answered 404)', {
          retryable: false,
        });
      case 413:
        return make(github ?? 'the answer is too large', { retryable: false });
      case 409:
      case 422:
        return make(
          `the repository is empty or the commit does not exist (GitHub answered ${
            error.status
          }${github ? `: ${github}` : ''})`,
          { retryable: false },
        );
      default:
        break;
    }
    if (!error.response) {
      // fetch failed before any answer: octokit reports it as status 500 with fetch's message.
      const detail = error.message ?? '';
      const timedOut = /timeout|timed out|aborted/i.test(detail);
      return make(
        timedOut ? 'the request timed out' : `network error: ${detail}`,
        { retryable: true },
      );
    }
    return make(
      `GitHub answered ${error.status}${github ? `: ${github}` : ''}`,
      { retryable: error.status >= 500 || error.status === 408 },
    );
  }
}
