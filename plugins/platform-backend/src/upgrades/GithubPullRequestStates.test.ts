import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { GithubClients } from '@platform-portal/plugin-platform-engine';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { GithubPullRequestStates } from './GithubPullRequestStates';

const server = setupServer();
registerMswTestHooks(server);

function states() {
  return new GithubPullRequestStates(
    new GithubClients({
      integrations: ScmIntegrations.fromConfig(
        new ConfigReader({
          integrations: { github: [{ host: 'github.com', token: 'ghp_x' }] },
        }),
      ),
      throttle: { retryAfterBaseValue: 1 },
      retry: { retryAfterBaseValue: 1, retries: 0 },
    }),
  );
}

/** Pull request 7 of acme/api, in the state given; answers 304 to its own ETag. */
function pullRequest(pull: { state: 'open' | 'closed'; merged: boolean }) {
  const requests: Array<string | null> = [];
  const etag = `"${pull.state}-${pull.merged}"`;
  server.use(
    http.get('https://api.github.com/repos/acme/api/pulls/7', ({ request }) => {
      const asked = request.headers.get('if-none-match');
      requests.push(asked);
      if (asked === etag) {
        return new HttpResponse(null, { status: 304, headers: { etag } });
      }
      return HttpResponse.json({ number: 7, ...pull }, { headers: { etag } });
    }),
  );
  return requests;
}

const URL = 'https://github.com/acme/api/pull/7';

describe('GithubPullRequestStates', () => {
  it('reads an open pull request, then asks again with its ETag and is answered 304', async () => {
    const requests = pullRequest({ state: 'open', merged: false });
    const reader = states();

    expect(await reader.state(URL)).toBe('open');
    expect(await reader.state(URL)).toBe('open');
    expect(requests).toEqual([null, '"open-false"']);
  });

  it('tells a merged pull request from one closed without merging', async () => {
    pullRequest({ state: 'closed', merged: true });
    expect(await states().state(URL)).toBe('merged');
    pullRequest({ state: 'closed', merged: false });
    expect(await states().state(URL)).toBe('closed');
  });

  it('reads nothing for a URL that is no pull request on a GitHub host it knows', async () => {
    const requests = pullRequest({ state: 'open', merged: false });
    const reader = states();
    expect(
      await reader.state('https://gitlab.example.com/acme/api/pull/7'),
    ).toBeUndefined();
    expect(
      await reader.state('https://github.com/acme/api/compare/main...x'),
    ).toBeUndefined();
    expect(requests).toEqual([]);
  });
});
