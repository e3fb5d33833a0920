import { GithubClients } from '@platform-portal/plugin-platform-engine';

/** A pull request's URL in GitHub's web UI: `https://<host>/<owner>/<repo>/pull/<number>`. */
const PULL_URL =
  /^https:\/\/([^/]+)\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)\/pull\/(\d+)$/;
/** A state read is one request; it does not wait long for the rate limit. */
const LIMITS = { timeoutMs: 15_000, maxRateLimitWaitSeconds: 5 };

/**
 * Reads where the portal's pull requests stand on GitHub, with conditional requests: an
 * unchanged pull request is answered 304 from the remembered ETag, which GitHub does not count
 * against the rate limit, so asking on every read of the changes costs nothing while it is open.
 *
 * @internal
 */
export class GithubPullRequestStates {
  constructor(private readonly github: GithubClients) {}

  /** Open, merged or closed; undefined for a URL of no GitHub host the portal knows. */
  async state(url: string): Promise<'open' | 'merged' | 'closed' | undefined> {
    const match = PULL_URL.exec(url);
    const apiBaseUrl = match && this.github.apiBaseUrl(match[1]);
    if (!match || !apiBaseUrl) {
      return undefined;
    }
    const [, host, owner, repo, number] = match;
    const { octokit } = await this.github.client(
      `https://${host}/${owner}/${repo}`,
      apiBaseUrl,
    );
    return this.github.conditional(
      `pull:${host}/${owner}/${repo}#${number}`.toLowerCase(),
      async etag => {
        const response = await this.github.send(LIMITS, () =>
          octokit.rest.pulls.get({
            owner,
            repo,
            pull_number: Number(number),
            headers: etag ? { 'if-none-match': etag } : {},
            request: GithubClients.requestOptions(LIMITS),
          }),
        );
        const { merged, state } = response.data;
        return {
          etag: response.headers.etag,
          value: merged ? 'merged' : (state as 'open' | 'closed'),
        };
      },
    );
  }
}
