import { redactUrlCredentials } from '@platform-portal/plugin-platform-common';
import { ReleaseHosts } from './ReleaseHosts';
import { ReleaseChannelError } from '@platform-portal/plugin-platform-node';

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
const MAX_REDIRECTS = 5;
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * One HTTP answer, its body read in full.
 *
 * @public
 */
export interface ReleaseHttpAnswer {
  status: number;
  headers: Headers;
  body: Buffer;
  /** Where the answer came from, after redirects. */
  url: URL;
}

/**
 * Options of one {@link ReleaseHttp.get}.
 *
 * @public
 */
export interface ReleaseHttpRequest {
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /**
   * The `Authorization` header; `undefined` sends the credentials of the host's `registries`
   * entry, `false` sends none.
   */
  authorization?: string | false;
  /** Largest body read, in bytes; the client's limit by default. */
  maxBytes?: number;
}

/**
 * Options of {@link ReleaseHttp}.
 *
 * @public
 */
export interface ReleaseHttpOptions {
  hosts: ReleaseHosts;
  /** Time allowed for one request, body included; 15 s by default. */
  timeoutMs?: number;
  /** Largest body read, in bytes; 32 MiB by default. */
  maxResponseBytes?: number;
}

/** `Retry-After` (seconds or a date) or `X-RateLimit-Reset` (epoch seconds), as a date. */
export function retryAfterOf(headers: Headers): Date | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) {
      return new Date(Date.now() + seconds * 1000);
    }
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) {
      return new Date(date);
    }
  }
  const reset = Number(headers.get('x-ratelimit-reset') ?? NaN);
  return Number.isFinite(reset) && reset > 0
    ? new Date(reset * 1000)
    : undefined;
}

function describe(url: URL): string {
  return redactUrlCredentials(`${url.origin}${url.pathname}`);
}

/**
 * HTTP for version sources: every URL, redirects included, checked against the allowed hosts
 * before it is requested; a timeout per request; bodies read up to a limit; credentials from
 * `registries` sent only to their own host and never put in a message.
 *
 * @public
 */
export class ReleaseHttp {
  readonly hosts: ReleaseHosts;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;

  constructor(options: ReleaseHttpOptions) {
    this.hosts = options.hosts;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxResponseBytes =
      options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  }

  /** The `Authorization` header the host's `registries` entry asks for, if any. */
  registryAuthorization(host: string): string | undefined {
    const registry = this.hosts.registry(host);
    if (registry?.token) {
      return `Bearer ${registry.token}`;
    }
    if (registry?.username && registry.password !== undefined) {
      return `Basic ${Buffer.from(
        `${registry.username}:${registry.password}`,
      ).toString('base64')}`;
    }
    return undefined;
  }

  /**
   * The configured credentials for a request's host; a target written with `http://` must not make
   * them cross the network in clear text, so over plain HTTP they are refused unless the
   * registry is marked `insecure`.
   */
  private registryCredentials(url: URL): string | undefined {
    const authorization = this.registryAuthorization(url.host);
    if (
      authorization &&
      url.protocol === 'http:' &&
      !this.hosts.registry(url.host)?.insecure
    ) {
      throw new ReleaseChannelError(
        'refused',
        `${describe(url)} is plain HTTP, and the credentials configured for ${
          url.host
        } are sent over HTTPS only; use https://, or mark the registry insecure in platform.releaseChannels.registries`,
      );
    }
    return authorization;
  }

  /** GETs a URL and answers whatever the server said, any status; throws only when no answer came. */
  async get(
    url: string | URL,
    request: ReleaseHttpRequest = {},
  ): Promise<ReleaseHttpAnswer> {
    let current = this.hosts.check(url);
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = request.signal
      ? AbortSignal.any([request.signal, timeout])
      : timeout;
    const origin = current.origin;
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = {
        'user-agent': 'backstage-platform-release-channels',
        ...request.headers,
      };
      // Credentials go to the host they were configured for, never across a redirect.
      const authorization =
        current.origin !== origin || request.authorization === false
          ? undefined
          : request.authorization ?? this.registryCredentials(current);
      if (authorization) {
        headers.authorization = authorization;
      }
      let response: Response;
      try {
        response = await fetch(current, {
          headers,
          redirect: 'manual',
          signal,
        });
      } catch (error) {
        throw this.failure(current, error, request.signal, timeout);
      }
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel().catch(() => undefined);
        if (hop >= MAX_REDIRECTS) {
          throw new ReleaseChannelError(
            'unreachable',
            `${describe(current)} redirected more than ${MAX_REDIRECTS} times`,
          );
        }
        current = this.hosts.check(location, current);
        continue;
      }
      const ok = response.status >= 200 && response.status < 300;
      const limit = ok
        ? request.maxBytes ?? this.maxResponseBytes
        : MAX_ERROR_BODY_BYTES;
      let body: Buffer;
      try {
        body = await this.readBody(response, limit, current, ok);
      } catch (error) {
        if (error instanceof ReleaseChannelError) {
          throw error;
        }
        throw this.failure(current, error, request.signal, timeout);
      }
      return {
        status: response.status,
        headers: response.headers,
        body,
        url: current,
      };
    }
  }

  /** GETs a URL and answers its body when the status is 2xx; other statuses become errors. */
  async getOk(
    url: string | URL,
    what: string,
    request: ReleaseHttpRequest = {},
  ): Promise<ReleaseHttpAnswer> {
    const answer = await this.get(url, request);
    if (answer.status < 200 || answer.status >= 300) {
      throw statusError(answer, what, this.hosts.howToAuthorize);
    }
    return answer;
  }

  /** GETs JSON; an answer that is not JSON becomes an error naming `what`. */
  async getJson<T = unknown>(
    url: string | URL,
    what: string,
    request: ReleaseHttpRequest = {},
  ): Promise<{ answer: ReleaseHttpAnswer; json: T }> {
    const answer = await this.getOk(url, what, {
      ...request,
      headers: { accept: 'application/json', ...request.headers },
    });
    try {
      return { answer, json: JSON.parse(answer.body.toString('utf8')) as T };
    } catch {
      throw new ReleaseChannelError(
        'unreachable',
        `${describe(answer.url)} did not answer with ${what} (not JSON)`,
      );
    }
  }

  private async readBody(
    response: Response,
    limit: number,
    url: URL,
    ok: boolean,
  ): Promise<Buffer> {
    const tooLarge = () =>
      new ReleaseChannelError(
        'unreachable',
        `${describe(
          url,
        )} answered with more than ${limit} bytes; not read (platform.releaseChannels.maxResponseBytes)`,
      );
    const length = Number(response.headers.get('content-length') ?? NaN);
    if (ok && Number.isFinite(length) && length > limit) {
      await response.body?.cancel().catch(() => undefined);
      throw tooLarge();
    }
    if (!response.body) {
      return Buffer.alloc(0);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        break;
      }
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        if (ok) {
          throw tooLarge();
        }
        break; // an error page is only read for its first bytes
      }
      chunks.push(Buffer.from(value));
    }
    return Buffer.concat(chunks);
  }

  private failure(
    url: URL,
    error: unknown,
    callerSignal: AbortSignal | undefined,
    timeout: AbortSignal,
  ): ReleaseChannelError {
    if (callerSignal?.aborted) {
      return new ReleaseChannelError(
        'unreachable',
        `reading ${describe(url)} was cancelled`,
        { cause: error },
      );
    }
    if (timeout.aborted) {
      return new ReleaseChannelError(
        'unreachable',
        `${describe(url)} did not answer within ${Math.round(
          this.timeoutMs / 1000,
        )} s`,
      );
    }
    const cause = (error as { cause?: { code?: string; message?: string } })
      ?.cause;
    const detail = cause?.code ?? cause?.message ?? (error as Error)?.message;
    return new ReleaseChannelError(
      'unreachable',
      `could not reach ${describe(url)}${detail ? ` (${detail})` : ''}`,
    );
  }
}

/** The error a non-2xx answer means: refused credentials, missing, rate limited, or down. */
export function statusError(
  answer: ReleaseHttpAnswer,
  what: string,
  howToAuthorize = 'check the credentials in platform.releaseChannels.registries',
): ReleaseChannelError {
  const where = `${describe(answer.url)} (${what})`;
  const { status, headers } = answer;
  const rateLimited =
    status === 429 ||
    (status === 403 &&
      (headers.get('x-ratelimit-remaining') === '0' ||
        headers.has('retry-after')));
  if (rateLimited) {
    const retryAfter = retryAfterOf(headers);
    return new ReleaseChannelError(
      'rate-limited',
      `${where}: rate limited (${status})${
        retryAfter ? `; retry after ${retryAfter.toISOString()}` : ''
      }`,
      { retryAfter },
    );
  }
  if (status === 401 || status === 403) {
    return new ReleaseChannelError(
      'unauthorized',
      `${where}: access denied (${status}); ${howToAuthorize}`,
    );
  }
  if (status === 404 || status === 410) {
    return new ReleaseChannelError(
      'not-found',
      `${where}: not found (${status})`,
    );
  }
  return new ReleaseChannelError(
    'unreachable',
    `${where}: the server answered ${status}`,
  );
}
