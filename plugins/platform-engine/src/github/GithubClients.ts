import { createHash } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
  ScmIntegrations,
} from '@backstage/integration';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { LRUCache } from 'lru-cache';
import {
  isGithubRequestError,
  rateLimitRetryAfter,
  redactGithubSecrets,
} from './githubErrors';
import {
  heldBackError,
  RateLimitGate,
  rateLimitResource,
  RequestSlots,
} from './githubRateLimits';

// A few GitHub hosts times the credentials in use: one token per host, or one GitHub App
// installation per organisation. Installation tokens are renewed every hour, so the clients of
// replaced tokens must fall out rather than pile up.
const DEFAULT_MAX_CLIENTS = 100;
// Counted in heads, tags and releases held (a head is 1, a page of 100 tags 101), a few hundred
// bytes each: every head of 10,000 services and some thousand full pages of tags or releases,
// tens of megabytes at most. Past it the least recently read lose their ETag, which costs one
// request counted against the rate limit the next time they are read.
const DEFAULT_CACHE_SIZE = 200_000;
// Asked of plugin-retry never to retry these: they are answers, not hiccups. Rate limits (403,
// 429) are the throttling plugin's and `send`'s business.
const DO_NOT_RETRY = [304, 400, 401, 403, 404, 409, 410, 413, 422, 429, 451];
const DEFAULT_RETRIES = 3;
// What plugin-throttling allows by default; GitHub refuses more than 100 concurrent requests.
const DEFAULT_MAX_CONCURRENT_REQUESTS = 10;
const MAX_CONCURRENT_REQUESTS = 100;
const noop = () => {};

type OctokitPlugin = Parameters<typeof Octokit.plugin>[0];
// The plugins are typed against @octokit/core 5 and @octokit/rest 19 is built on core 4; the
// plugin interface (hooks, options) is the same in both, only the declared types differ.
const ThrottledOctokit = Octokit.plugin(
  // First, so that its hook is the innermost: it sees every answer, those the plugins after it
  // retry included.
  observeRateLimits as unknown as OctokitPlugin,
  throttling as unknown as OctokitPlugin,
  retry as unknown as OctokitPlugin,
);

/**
 * How one reader's requests may behave; each reader passes its own with every request, since the
 * clients are shared.
 *
 * @public
 */
export interface GithubRequestLimits {
  /** Time allowed for one attempt of one request, body included, in milliseconds. */
  timeoutMs: number;
  /**
   * A rate-limited request is retried once when GitHub asks to wait at most this many seconds;
   * 0 never waits.
   */
  maxRateLimitWaitSeconds: number;
  /**
   * Largest answer accepted, by its announced length; a larger one is refused unread, as a 413
   * whose body gives its `size` and the `limit`.
   */
  maxResponseBytes?: number;
}

/**
 * The client for one repository's host and credentials.
 *
 * @public
 */
export interface GithubClient {
  octokit: Octokit;
  /** The token the client sends, to be kept out of messages; undefined without credentials. */
  token?: string;
}

/**
 * Options of {@link GithubClients}.
 *
 * @public
 */
export interface GithubClientsOptions {
  /** The `integrations` of app-config; a host is read when it has a GitHub integration. */
  integrations: ScmIntegrationRegistry;
  /**
   * Tokens for requests, personal or from a GitHub App installation;
   * `DefaultGithubCredentialsProvider.fromIntegrations(integrations)` when absent.
   */
  credentialsProvider?: GithubCredentialsProvider;
  logger?: LoggerService;
  /**
   * Heads, tags and releases remembered with their ETag for conditional requests (a page of 100
   * counts 101); 200 000 by default.
   */
  cacheSize?: number;
  /**
   * Requests sent at once to one GitHub host, whatever the credentials; 10 by default, at most
   * 100 (GitHub answers more with its secondary rate limit).
   */
  maxConcurrentRequests?: number;
  throttle?: {
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

interface CachedAnswer {
  etag: string;
  value: unknown;
  size: number;
}

const byConfig = new WeakMap<Config, GithubClients>();

/**
 * The portal's one way to GitHub and GitHub Enterprise: a throttled, retrying octokit per host and
 * credentials, and one cache of ETags for conditional requests, which GitHub answers 304 without
 * counting them against the rate limit. Repository reads and release channels both go through it,
 * so they share the rate limit's accounting and the concurrency allowed per host.
 *
 * @public
 */
export class GithubClients {
  private readonly integrations: ScmIntegrationRegistry;
  private readonly credentialsProvider: GithubCredentialsProvider;
  private readonly clients = new LRUCache<string, Octokit>({
    max: DEFAULT_MAX_CLIENTS,
  });
  private readonly answers: LRUCache<string, CachedAnswer>;
  private readonly slots = new Map<string, RequestSlots>();

  /**
   * The clients of this app-config, made on first use: every reader given the same config (the
   * backend's root config) shares them, as it would a root service.
   */
  static fromConfig(
    config: Config,
    options: { logger?: LoggerService } = {},
  ): GithubClients {
    let clients = byConfig.get(config);
    if (!clients) {
      const integrations = ScmIntegrations.fromConfig(config);
      clients = new GithubClients({
        integrations,
        credentialsProvider:
          DefaultGithubCredentialsProvider.fromIntegrations(integrations),
        logger: options.logger,
        maxConcurrentRequests: config.getOptionalNumber(
          'platform.github.maxConcurrentRequests',
        ),
      });
      byConfig.set(config, clients);
    }
    return clients;
  }

  constructor(private readonly options: GithubClientsOptions) {
    const max =
      options.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS;
    if (!Number.isInteger(max) || max < 1 || max > MAX_CONCURRENT_REQUESTS) {
      throw new Error(
        `platform.github.maxConcurrentRequests must be a whole number from 1 to ${MAX_CONCURRENT_REQUESTS}, not ${max}`,
      );
    }
    this.integrations = options.integrations;
    this.credentialsProvider =
      options.credentialsProvider ??
      DefaultGithubCredentialsProvider.fromIntegrations(options.integrations);
    this.answers = new LRUCache({
      maxSize: options.cacheSize ?? DEFAULT_CACHE_SIZE,
      sizeCalculation: answer => answer.size,
    });
  }

  /**
   * The REST API URL of a host's GitHub integration, without a trailing slash; undefined when the
   * host has none, or (GitHub Enterprise) its integration names no `apiBaseUrl`.
   */
  apiBaseUrl(host: string): string | undefined {
    const apiBaseUrl = this.integrations.github.byHost(host)?.config.apiBaseUrl;
    if (!apiBaseUrl || !/^https?:\/\//.test(apiBaseUrl)) {
      return undefined;
    }
    return apiBaseUrl.replace(/\/+$/, '');
  }

  /**
   * The client for a repository (`https://<host>/<owner>/<repo>`, the URL its credentials are
   * looked up by) whose host's API is `apiBaseUrl`. Fails as the credentials provider fails.
   */
  async client(
    repositoryUrl: string,
    apiBaseUrl: string,
  ): Promise<GithubClient> {
    const { token } = await this.credentialsProvider.getCredentials({
      url: repositoryUrl,
    });
    const key = `${apiBaseUrl}\n${
      token ? createHash('sha256').update(token).digest('hex') : 'anonymous'
    }`;
    let octokit = this.clients.get(key);
    if (!octokit) {
      octokit = this.create(apiBaseUrl, token);
      this.clients.set(key, octokit);
    }
    return { octokit, token };
  }

  /**
   * Runs one request. plugin-throttling retries a rate-limited 403 once when the wait is short
   * enough for `limits`; a 429 (GitHub answers either) is left to this, which does the same.
   */
  async send<T>(
    limits: GithubRequestLimits,
    request: () => Promise<T>,
  ): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (!isGithubRequestError(error) || error.status !== 429) {
        throw error;
      }
      const until = rateLimitRetryAfter(error);
      const seconds = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      if (
        limits.maxRateLimitWaitSeconds <= 0 ||
        seconds > limits.maxRateLimitWaitSeconds
      ) {
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

  /**
   * A conditional read: `read` is given the ETag of the last answer under `key`, if any, and
   * answers with the new ETag and value; when GitHub answers 304 the remembered value is returned.
   * `size` is how many heads, tags or releases the value holds, 1 by default.
   */
  async conditional<T>(
    key: string,
    read: (
      etag: string | undefined,
    ) => Promise<{ etag?: string; value: T; size?: number }>,
  ): Promise<T> {
    const cached = this.answers.get(key);
    let answer: { etag?: string; value: T; size?: number };
    try {
      answer = await read(cached?.etag);
    } catch (error) {
      if (cached && isGithubRequestError(error) && error.status === 304) {
        return cached.value as T;
      }
      throw error;
    }
    if (answer.etag) {
      this.answers.set(key, {
        etag: answer.etag,
        value: answer.value,
        size: Math.max(1, Math.ceil(answer.size ?? 1)),
      });
    } else {
      this.answers.delete(key);
    }
    return answer.value;
  }

  /**
   * The `request` options that carry `limits` to the throttling plugin and to fetch. (Retries are
   * the same for every reader: plugin-retry takes a per-request count for a retry already asked.)
   */
  static requestOptions(
    limits: GithubRequestLimits,
    signal?: AbortSignal,
  ): { limits: GithubRequestLimits; signal?: AbortSignal } {
    return { limits, ...(signal ? { signal } : {}) };
  }

  /** The slots of one host, shared by all its clients. */
  private hostSlots(apiBaseUrl: string): RequestSlots {
    let slots = this.slots.get(apiBaseUrl);
    if (!slots) {
      slots = new RequestSlots(
        this.options.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS,
      );
      this.slots.set(apiBaseUrl, slots);
    }
    return slots;
  }

  private create(apiBaseUrl: string, token: string | undefined): Octokit {
    const { logger } = this.options;
    const slots = this.hostSlots(apiBaseUrl);
    const onLimit =
      (kind: string) =>
      (
        retryAfter: number,
        options: {
          method?: string;
          url?: string;
          request?: { limits?: GithubRequestLimits };
        },
        _octokit: unknown,
        retryCount: number,
      ) => {
        const maxWait = options.request?.limits?.maxRateLimitWaitSeconds ?? 0;
        const again = retryCount === 0 && maxWait > 0 && retryAfter <= maxWait;
        logger?.warn(
          `GitHub ${kind} rate limit hit for ${
            options.method
          } ${redactGithubSecrets(options.url ?? '')}; ${
            again ? `retrying in ${retryAfter} s` : 'giving up'
          }`,
        );
        return again;
      };
    const gate = new RateLimitGate();
    const octokit = new ThrottledOctokit({
      rateLimitGate: gate,
      baseUrl: apiBaseUrl,
      auth: token,
      userAgent: 'backstage-platform',
      log: {
        debug: noop,
        info: noop,
        warn: (message: string) =>
          logger?.warn(redactGithubSecrets(String(message), [token])),
        error: (message: string) =>
          logger?.error(redactGithubSecrets(String(message), [token])),
      },
      request: {
        fetch: (
          input: string | URL,
          init?: RequestInit & { limits?: GithubRequestLimits },
        ) =>
          fetchWithLimits(input, init, headers =>
            gate.observe(
              rateLimitResource(String(input)),
              Object.fromEntries(headers),
            ),
          ),
      },
      throttle: {
        // Per host, not per client: every credential's requests to a host share its concurrency.
        id: `platform-${apiBaseUrl}`,
        retryAfterBaseValue: this.options.throttle?.retryAfterBaseValue,
        onRateLimit: onLimit('primary'),
        onSecondaryRateLimit: onLimit('secondary'),
        // plugin-throttling sends every request through its `global` group (Bottleneck), 10 at
        // once per id; the host's slots take its place, so that the configured number holds.
        global: {
          key: () => ({
            schedule: <T>(
              _job: unknown,
              task: (...args: unknown[]) => Promise<T>,
              ...args: unknown[]
            ) => slots.run(() => task(...args)),
          }),
        },
      },
      retry: {
        doNotRetry: DO_NOT_RETRY,
        retries: this.options.retry?.retries ?? DEFAULT_RETRIES,
        retryAfterBaseValue: this.options.retry?.retryAfterBaseValue ?? 1000,
      },
    });
    this.holdBackWhenLimited(octokit, gate);
    return octokit;
  }

  /**
   * Holds a client's requests back while GitHub said its rate limit is spent or asked to pause
   * (see `RateLimitGate`): a reader whose limits allow the wait waits, another fails at
   * once with a rate-limit error that says until when, as GitHub would have answered.
   */
  private holdBackWhenLimited(octokit: Octokit, gate: RateLimitGate) {
    const base = this.options.throttle?.retryAfterBaseValue ?? 1000;
    octokit.hook.wrap('request', async (request, options) => {
      const resource = rateLimitResource(options.url);
      const limits = (options.request as { limits?: GithubRequestLimits })
        ?.limits;
      const until = gate.blockedUntil(resource);
      if (until) {
        const seconds = Math.ceil((until - Date.now()) / 1000);
        if (seconds > (limits?.maxRateLimitWaitSeconds ?? 0)) {
          throw heldBackError(resource, until);
        }
        await new Promise(resolve => setTimeout(resolve, seconds * base));
      }
      const sent = gate.sending(resource);
      try {
        return await request(options);
      } finally {
        sent();
      }
    });
  }
}

/**
 * An octokit plugin that tells the client's {@link RateLimitGate} (option `rateLimitGate`) what
 * every answer says of the rate limits.
 */
function observeRateLimits(
  octokit: Octokit,
  options: { rateLimitGate?: RateLimitGate },
) {
  const gate = options.rateLimitGate;
  if (gate) {
    octokit.hook.wrap('request', async (request, requestOptions) => {
      const resource = rateLimitResource(requestOptions.url);
      try {
        const response = await request(requestOptions);
        gate.observe(resource, response.headers);
        return response;
      } catch (error) {
        gate.observeError(resource, error);
        throw error;
      }
    });
  }
  return {};
}

/**
 * fetch with a fresh timeout per attempt and a cap on what is downloaded, both from the `limits`
 * octokit passes along with its `request` options.
 */
async function fetchWithLimits(
  input: string | URL,
  init?: RequestInit & { limits?: GithubRequestLimits },
  onRedirect?: (headers: Headers) => void,
): Promise<Response> {
  const { limits, ...rest } = init ?? {};
  const timeout = AbortSignal.timeout(limits?.timeoutMs ?? 120_000);
  const signal = rest.signal
    ? AbortSignal.any([rest.signal, timeout])
    : timeout;
  const response = await fetchThroughRedirects(
    input,
    { ...rest, signal },
    onRedirect,
  );
  const length = Number(response.headers.get('content-length'));
  const max = limits?.maxResponseBytes;
  if (max !== undefined && Number.isFinite(length) && length > max) {
    response.body?.cancel().catch(noop);
    // An answer rather than a thrown error, which octokit would take for a network failure and
    // retry.
    return new Response(
      JSON.stringify({
        message: `the answer is ${length} bytes, over the limit of ${max} bytes`,
        size: length,
        limit: max,
      }),
      { status: 413, headers: { 'content-type': 'application/json' } },
    );
  }
  return response;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * fetch following redirects itself, so that the API's own answer to a request that redirects
 * (an archive's 302 to codeload, whose answer has no rate-limit headers) is shown to
 * `onRedirect`: it is what tells how much of the rate limit remains. As fetch does, the
 * credentials are not sent on to another origin.
 */
async function fetchThroughRedirects(
  input: string | URL,
  init: RequestInit,
  onRedirect?: (headers: Headers) => void,
): Promise<Response> {
  if (init.redirect && init.redirect !== 'follow') {
    return fetch(input, init);
  }
  let url = new URL(String(input));
  let current: RequestInit = { ...init, redirect: 'manual' };
  for (let hop = 0; ; hop++) {
    const response = await fetch(url, current);
    const location = response.headers.get('location');
    if (!REDIRECTS.has(response.status) || !location || hop >= MAX_REDIRECTS) {
      return response;
    }
    onRedirect?.(response.headers);
    response.body?.cancel().catch(noop);
    const next = new URL(location, url);
    const headers = new Headers(current.headers);
    if (next.origin !== url.origin) {
      headers.delete('authorization');
    }
    // As fetch does: a 303, or a 301 or 302 answering a POST, is followed with a GET.
    const asGet =
      response.status === 303 ||
      ((response.status === 301 || response.status === 302) &&
        current.method === 'POST');
    current = {
      ...current,
      headers,
      ...(asGet ? { method: 'GET', body: undefined } : {}),
    };
    url = next;
  }
}
