import { redactUrlCredentials } from '@platform-portal/plugin-platform-common';

/**
 * What octokit throws for an answer it did not like, or a network failure (status 500).
 *
 * @public
 */
export interface GithubRequestError {
  status: number;
  message?: string;
  response?: {
    headers?: Record<string, string | undefined>;
    data?: unknown;
  };
}

/**
 * Whether `error` is what octokit throws for a failed request.
 *
 * @public
 */
export function isGithubRequestError(
  error: unknown,
): error is GithubRequestError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { status?: unknown }).status === 'number'
  );
}

export function responseHeader(
  error: GithubRequestError,
  name: string,
): string | undefined {
  const value = error.response?.headers?.[name];
  return value === undefined || value === null ? undefined : String(value);
}

/** The `message` of GitHub's JSON error body. */
export function githubMessage(error: GithubRequestError): string | undefined {
  const data = error.response?.data as { message?: unknown } | undefined;
  return typeof data?.message === 'string' ? data.message : undefined;
}

/**
 * A 429, or a 403 that GitHub marks as a rate limit rather than a refusal.
 *
 * @public
 */
export function isRateLimited(error: GithubRequestError): boolean {
  if (error.status !== 403 && error.status !== 429) {
    return false;
  }
  return (
    error.status === 429 ||
    responseHeader(error, 'x-ratelimit-remaining') === '0' ||
    responseHeader(error, 'retry-after') !== undefined ||
    /rate limit/i.test(githubMessage(error) ?? '')
  );
}

/**
 * Epoch milliseconds GitHub asks to wait until: `retry-after` seconds, else the
 * `x-ratelimit-reset` epoch seconds, else a minute as GitHub's documentation advises.
 *
 * @public
 */
export function rateLimitRetryAfter(error: GithubRequestError): number {
  const retryAfter = Number(responseHeader(error, 'retry-after') ?? NaN);
  if (Number.isFinite(retryAfter)) {
    return Date.now() + retryAfter * 1000;
  }
  const reset = Number(responseHeader(error, 'x-ratelimit-reset') ?? NaN);
  if (Number.isFinite(reset)) {
    return reset * 1000;
  }
  return Date.now() + 60_000;
}

/**
 * Removes anything credential-like from text that will be shown or logged.
 *
 * @public
 */
export function redactGithubSecrets(
  text: string,
  secrets: Array<string | undefined> = [],
): string {
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
