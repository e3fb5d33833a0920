import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  ChannelRelease,
  normalizeVersion,
} from '@platform-portal/plugin-platform-common';
import {
  ReleaseChannelError,
  ReleaseVersionSource,
} from '@platform-portal/plugin-platform-node';
import {
  GithubClients,
  GithubRequestLimits,
  isGithubRequestError,
  isRateLimited,
  rateLimitRetryAfter,
  redactGithubSecrets,
} from '@platform-portal/plugin-platform-engine';

const DEFAULT_TIMEOUT_MS = 15_000;
const PER_PAGE = 100;
const DEFAULT_MAX_PAGES = 10;
const NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/**
 * Options of {@link GithubReleasesSource}.
 *
 * @public
 */
export interface GithubReleasesSourceOptions {
  /** The clients and ETag cache shared with every other reader of GitHub. */
  github: GithubClients;
  /** Time allowed for one request; 15 s by default. */
  timeoutMs?: number;
  /** Pages of 100 releases read at most; 10 by default. */
  maxPages?: number;
}

interface ReleasePage {
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

  static fromConfig(
    config: Config,
    options: Omit<GithubReleasesSourceOptions, 'github'> & {
      github?: GithubClients;
      logger?: LoggerService;
    } = {},
  ): GithubReleasesSource {
    const { logger, ...rest } = options;
    return new GithubReleasesSource({
      ...rest,
      github: options.github ?? GithubClients.fromConfig(config, { logger }),
    });
  }

  constructor(private readonly options: GithubReleasesSourceOptions) {}

  async listReleases(
    target: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<ChannelRelease[]> {
    const { github } = this.options;
    const repository = this.parse(target);
    let client;
    try {
      client = await github.client(repository.url, repository.apiBaseUrl);
    } catch (error) {
      throw new ReleaseChannelError(
        'unauthorized',
        redactGithubSecrets(
          `no GitHub credentials for ${repository.url}: ${
            (error as Error)?.message ?? String(error)
          }`,
        ),
      );
    }
    // A channel read is never worth waiting for a rate limit: the next scan reads it again.
    const limits: GithubRequestLimits = {
      timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxRateLimitWaitSeconds: 0,
    };
    const releases: ChannelRelease[] = [];
    const maxPages = this.options.maxPages ?? DEFAULT_MAX_PAGES;
    for (let page = 1; page <= maxPages; page++) {
      let current: ReleasePage;
      try {
        current = await github.conditional<ReleasePage>(
          `${repository.key} releases ${page}`,
          async etag => {
            const response = await github.send(limits, () =>
              client.octokit.request('GET /repos/{owner}/{repo}/releases', {
                owner: repository.owner,
                repo: repository.repo,
                per_page: PER_PAGE,
                page,
                headers: etag ? { 'if-none-match': etag } : {},
                request: GithubClients.requestOptions(limits, options.signal),
              }),
            );
            const data = response.data as GithubRelease[];
            return {
              etag: response.headers.etag,
              value: {
                releases: data.flatMap(toRelease),
                hasNext: /rel="next"/.test(response.headers.link ?? ''),
              },
              size: 1 + data.length,
            };
          },
        );
      } catch (error) {
        throw this.failure(repository.url, error, client.token, options.signal);
      }
      releases.push(...current.releases);
      if (!current.hasNext) {
        break;
      }
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
        `"${redactGithubSecrets(
          target,
        )}" is not a GitHub repository; expected owner/repo or https://<host>/owner/repo`,
      );
    }
    const apiBaseUrl = this.options.github.apiBaseUrl(host);
    if (!apiBaseUrl) {
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
      apiBaseUrl,
    };
  }

  private failure(
    url: string,
    error: unknown,
    token: string | undefined,
    signal: AbortSignal | undefined,
  ): ReleaseChannelError {
    const code = isGithubRequestError(error) ? error.status : undefined;
    const clean = (text: string) => redactGithubSecrets(text, [token]);
    const where = `GitHub releases of ${url}`;
    if (isGithubRequestError(error) && isRateLimited(error)) {
      const retryAfter = new Date(rateLimitRetryAfter(error));
      return new ReleaseChannelError(
        'rate-limited',
        `${where}: GitHub rate limit exceeded; retry after ${retryAfter.toISOString()}`,
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
