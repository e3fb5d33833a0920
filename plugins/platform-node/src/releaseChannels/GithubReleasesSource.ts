import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import {
  ChannelRelease,
  normalizeVersion,
  redactUrlCredentials,
} from '@internal/plugin-platform-common';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { ReleaseChannelError, ReleaseVersionSource } from './types';

const DEFAULT_TIMEOUT_MS = 15_000;
const PER_PAGE = 100;
const DEFAULT_MAX_PAGES = 10;
const DEFAULT_CACHE_SIZE = 5_000;
const NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const DO_NOT_RETRY = [304, 400, 401, 403, 404, 409, 410, 422, 429, 451];
const noop = () => {};

type OctokitPlugin = Parameters<typeof Octokit.plugin>[0];
// The plugins are typed against @octokit/core 5 and @octokit/rest 19 is built on core 4; the
// plugin interface is the same in both, only the declared types differ.
const ThrottledOctokit = Octokit.plugin(
  throttling as unknown as OctokitPlugin,
  retry as unknown as OctokitPlugin,
);

/**
 * Options of {@link GithubReleasesSource}.
 *
 * @public
 */
export interface GithubReleasesSourceOptions {
  /** The `integrations` of app-config; GitHub and GitHub Enterprise hosts come from there. */
  integrations: ScmIntegrationRegistry;
  /** `DefaultGithubCredentialsProvider.fromIntegrations(integrations)` when absent. */
  credentialsProvider?: GithubCredentialsProvider;
  logger?: LoggerService;
  /** Time allowed for one request; 15 s by default. */
  timeoutMs?: number;
  /** Pages of 100 releases read at most; 10 by default. */
  maxPages?: number;
  /** Retries of a request that failed with a server error; 2 by default. */
  retries?: number;
  /** Milliseconds per unit of the retry backoff; 1000, smaller in tests. */
  retryAfterBaseValue?: number;
}

interface CachedPage {
  etag: string;
  releases: ChannelRelease[];
  hasNext: boolean;
}

interface GithubRelease {
  tag_name?: string;
  draft?: boolean;
  prerelease?: boolean;
  published_at?: string | null;
  created_at?: string;
  html_url?: string;
}

function status(error: unknown): number | undefined {
  const value = (error as { status?: unknown })?.status;
  return typeof value === 'number' ? value : undefined;
}

function responseHeader(error: unknown, name: string): string | undefined {
  const value = (error as { response?: { headers?: Record<string, unknown> } })
    ?.response?.headers?.[name];
  return value === undefined || value === null ? undefined : String(value);
}

/**
 * GitHub Releases through the REST API, on github.com and on GitHub Enterprise hosts that have an
 * integration; tokens and GitHub Apps from `integrations`. Each page of releases is asked with its
 * ETag, so an unchanged list is answered 304, which GitHub's rate limit does not count. Drafts are
 * skipped; releases marked "pre-release" never count as a channel's latest. Targets are
 * `owner/repo` (github.com) or `https://<host>/owner/repo`.
 *
 * @public
 */
export class GithubReleasesSource implements ReleaseVersionSource {
  readonly kind = 'github-releases' as const;
  private readonly credentialsProvider: GithubCredentialsProvider;
  private readonly clients = new Map<string, Octokit>();
  private readonly pages = new Map<string, Map<number, CachedPage>>();

  constructor(private readonly options: GithubReleasesSourceOptions) {
    this.credentialsProvider =
      options.credentialsProvider ??
      DefaultGithubCredentialsProvider.fromIntegrations(options.integrations);
  }

  async listReleases(
    target: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<ChannelRelease[]> {
    const repository = this.parse(target);
    let token: string | undefined;
    try {
      token = (
        await this.credentialsProvider.getCredentials({
          url: repository.url,
        })
      ).token;
    } catch (error) {
      throw new ReleaseChannelError(
        'unauthorized',
        redactUrlCredentials(
          `no GitHub credentials for ${repository.url}: ${
            (error as Error)?.message ?? String(error)
          }`,
        ),
      );
    }
    const client = this.client(repository.apiBaseUrl);
    const cached =
      this.pages.get(repository.key) ?? new Map<number, CachedPage>();
    const read = new Map<number, CachedPage>();
    const releases: ChannelRelease[] = [];
    const maxPages = this.options.maxPages ?? DEFAULT_MAX_PAGES;
    for (let page = 1; page <= maxPages; page++) {
      const before = cached.get(page);
      let current: CachedPage;
      try {
        const response = await client.request(
          'GET /repos/{owner}/{repo}/releases',
          {
            owner: repository.owner,
            repo: repository.repo,
            per_page: PER_PAGE,
            page,
            headers: {
              ...(token ? { authorization: `token ${token}` } : {}),
              ...(before ? { 'if-none-match': before.etag } : {}),
            },
            request: { signal: options.signal },
          },
        );
        current = {
          etag: response.headers.etag ?? '',
          releases: (response.data as GithubRelease[]).flatMap(toRelease),
          hasNext: /rel="next"/.test(response.headers.link ?? ''),
        };
      } catch (error) {
        if (before && status(error) === 304) {
          current = before;
        } else {
          throw this.failure(repository.url, error, token, options.signal);
        }
      }
      read.set(page, current);
      releases.push(...current.releases);
      if (!current.hasNext) {
        break;
      }
    }
    if ([...read.values()].every(page => page.etag)) {
      this.pages.delete(repository.key);
      this.pages.set(repository.key, read);
      const limit = DEFAULT_CACHE_SIZE;
      while (this.pages.size > limit) {
        this.pages.delete(this.pages.keys().next().value!);
      }
    } else {
      this.pages.delete(repository.key);
    }
    return releases.map(release => ({ ...release }));
  }

  private parse(target: string) {
    const trimmed = target
      .trim()
      .replace(/\/+$/, '')
      .replace(/\.git$/i, '');
    const match =
      /^https:\/\/([^/@?#\s\\]+)\/([^/?#\s\\]+)\/([^/?#\s\\]+)$/i.exec(
        trimmed,
      ) ?? /^()([^/:@?#\s\\]+)\/([^/?#\s\\]+)$/.exec(trimmed);
    const host = match?.[1] ? match[1].toLowerCase() : 'github.com';
    const owner = match?.[2] ?? '';
    const repo = match?.[3] ?? '';
    if (
      !match ||
      ![owner, repo].every(
        name => NAME.test(name) && name !== '.' && !name.includes('..'),
      )
    ) {
      throw new ReleaseChannelError(
        'refused',
        `"${redactUrlCredentials(
          target,
        )}" is not a GitHub repository; expected owner/repo or https://<host>/owner/repo`,
      );
    }
    const apiBaseUrl =
      this.options.integrations.github.byHost(host)?.config.apiBaseUrl;
    if (!apiBaseUrl || !/^https?:\/\//.test(apiBaseUrl)) {
      throw new ReleaseChannelError(
        'refused',
        `${host} has no GitHub integration with an API URL in app-config (integrations.github)`,
      );
    }
    return {
      key: `${host}/${owner}/${repo}`.toLowerCase(),
      url: `https://${host}/${owner}/${repo}`,
      owner,
      repo,
      apiBaseUrl: apiBaseUrl.replace(/\/+$/, ''),
    };
  }

  private client(apiBaseUrl: string): Octokit {
    const existing = this.clients.get(apiBaseUrl);
    if (existing) {
      return existing;
    }
    const { logger } = this.options;
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const client = new ThrottledOctokit({
      baseUrl: apiBaseUrl,
      userAgent: 'backstage-platform-release-channels',
      log: { debug: noop, info: noop, warn: noop, error: noop },
      request: {
        fetch: (input: string | URL, init?: RequestInit) =>
          fetch(input, {
            ...init,
            signal: init?.signal
              ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)])
              : AbortSignal.timeout(timeoutMs),
          }),
      },
      throttle: {
        id: `platform-releases-${apiBaseUrl}`,
        // A channel read is never worth waiting for a rate limit: the next scan reads it again.
        onRateLimit: (retryAfter: number) => {
          logger?.warn(
            `GitHub rate limit hit; releases are read again in ${retryAfter} s`,
          );
          return false;
        },
        onSecondaryRateLimit: () => false,
      },
      retry: {
        doNotRetry: DO_NOT_RETRY,
        retries: this.options.retries ?? 2,
        retryAfterBaseValue: this.options.retryAfterBaseValue ?? 1000,
      },
    });
    this.clients.set(apiBaseUrl, client);
    return client;
  }

  private failure(
    url: string,
    error: unknown,
    token: string | undefined,
    signal: AbortSignal | undefined,
  ): ReleaseChannelError {
    const code = status(error);
    const clean = (text: string) => {
      let result = redactUrlCredentials(text);
      if (token) {
        result = result.split(token).join('***');
      }
      return result;
    };
    const where = `GitHub releases of ${url}`;
    const rateLimited =
      code === 429 ||
      (code === 403 &&
        (responseHeader(error, 'x-ratelimit-remaining') === '0' ||
          responseHeader(error, 'retry-after') !== undefined));
    if (rateLimited) {
      const retryAfterSeconds = Number(responseHeader(error, 'retry-after'));
      const reset = Number(responseHeader(error, 'x-ratelimit-reset'));
      let retryAfter: Date | undefined;
      if (Number.isFinite(retryAfterSeconds)) {
        retryAfter = new Date(Date.now() + retryAfterSeconds * 1000);
      } else if (Number.isFinite(reset)) {
        retryAfter = new Date(reset * 1000);
      }
      return new ReleaseChannelError(
        'rate-limited',
        `${where}: GitHub rate limit exceeded${
          retryAfter ? `; retry after ${retryAfter.toISOString()}` : ''
        }`,
        { retryAfter },
      );
    }
    if (code === 401) {
      return new ReleaseChannelError(
        'unauthorized',
        `${where}: bad credentials (401)`,
      );
    }
    if (code === 403) {
      return new ReleaseChannelError(
        'unauthorized',
        `${where}: access denied (403)`,
      );
    }
    if (code === 404) {
      return new ReleaseChannelError(
        'not-found',
        `${where}: repository not found or no access (404)`,
      );
    }
    if (signal?.aborted) {
      return new ReleaseChannelError(
        'unreachable',
        `${where}: reading was cancelled`,
      );
    }
    const response = (error as { response?: unknown })?.response;
    if (code !== undefined && response) {
      return new ReleaseChannelError(
        'unreachable',
        `${where}: GitHub answered ${code}`,
      );
    }
    const message = (error as Error)?.message ?? String(error);
    return new ReleaseChannelError(
      'unreachable',
      clean(
        `${where}: ${
          /timeout|timed out|abort/i.test(message)
            ? 'GitHub did not answer in time'
            : `network error: ${message}`
        }`,
      ),
    );
  }
}

function toRelease(release: GithubRelease): ChannelRelease[] {
  if (release.draft || typeof release.tag_name !== 'string') {
    return [];
  }
  const version = normalizeVersion(release.tag_name);
  if (!version) {
    return [];
  }
  const published = release.published_at ?? release.created_at;
  return [
    {
      version,
      versionAsPublished: release.tag_name,
      ...(published ? { publishedAt: new Date(published).toISOString() } : {}),
      ...(release.html_url && /^https:\/\//.test(release.html_url)
        ? { url: release.html_url }
        : {}),
      ...(release.prerelease ? { prerelease: true } : {}),
    },
  ];
}
