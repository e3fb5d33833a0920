import { ConfigReader } from '@backstage/config';
import {
  GithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { GithubClients, GithubRequestLimits } from './GithubClients';
import { isRateLimited, rateLimitRetryAfter } from './githubErrors';

const API = 'https://api.github.com';
const TOKEN = 'ghp_clientstest123';

const appConfig = {
  integrations: { github: [{ host: 'github.com', token: TOKEN }] },
};

const server = setupServer();
registerMswTestHooks(server);

function makeClients(maxConcurrentRequests?: number) {
  return new GithubClients({
    integrations: ScmIntegrations.fromConfig(new ConfigReader(appConfig)),
    maxConcurrentRequests,
    throttle: { retryAfterBaseValue: 10 },
    retry: { retryAfterBaseValue: 1 },
  });
}

/** Reads one repository's metadata the way every reader sends a request. */
async function readRepository(
  clients: GithubClients,
  maxRateLimitWaitSeconds: number,
  repo = 'api',
) {
  const { octokit } = await clients.client(
    `https://github.com/acme/${repo}`,
    API,
  );
  const limits: GithubRequestLimits = {
    timeoutMs: 5000,
    maxRateLimitWaitSeconds,
  };
  return octokit.request('GET /repos/{owner}/{repo}', {
    owner: 'acme',
    repo,
    request: GithubClients.requestOptions(limits),
  });
}

async function failure(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    error => error,
  );
}

describe('GithubClients', () => {
  it('sends no more requests to a host at once than configured', async () => {
    let inFlight = 0;
    let most = 0;
    server.use(
      http.get(`${API}/repos/acme/:repo`, async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await delay(30);
        inFlight--;
        return HttpResponse.json({ name: 'api' });
      }),
    );
    const clients = makeClients(3);

    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => readRepository(clients, 0, `r${i}`)),
    );

    expect(answers.every(answer => answer.status === 200)).toBe(true);
    expect(most).toBe(3);
  });

  it.each([0, 101, 2.5])('refuses %s concurrent requests', max => {
    expect(() => makeClients(max)).toThrow(
      `platform.github.maxConcurrentRequests must be a whole number from 1 to 100, not ${max}`,
    );
  });

  it('holds requests back once an answer spent the rate limit, until its reset', async () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    let requests = 0;
    server.use(
      http.get(`${API}/repos/acme/api`, () => {
        requests++;
        return HttpResponse.json(
          { name: 'api' },
          {
            headers: {
              'x-ratelimit-remaining': '0',
              'x-ratelimit-reset': String(reset),
              'x-ratelimit-resource': 'core',
            },
          },
        );
      }),
      http.post(`${API}/graphql`, () => {
        requests++;
        return HttpResponse.json({ data: { viewer: { login: 'acme' } } });
      }),
    );
    const clients = makeClients();
    await readRepository(clients, 60);

    const error = await failure(readRepository(clients, 60));

    expect(requests).toBe(1);
    expect(isRateLimited(error)).toBe(true);
    expect(rateLimitRetryAfter(error)).toBe(reset * 1000);
    expect(error.message).toMatch(
      /core rate limit is spent until .*; the request was not sent/,
    );
    // The GraphQL budget is another one.
    const { octokit } = await clients.client(
      'https://github.com/acme/api',
      API,
    );
    await expect(
      octokit.graphql('query { viewer { login } }'),
    ).resolves.toEqual({
      viewer: { login: 'acme' },
    });
    expect(requests).toBe(2);
  });

  it('learns the rate limit from the API answer of a request that redirects', async () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    const requests: string[] = [];
    server.use(
      http.get(`${API}/repos/acme/api/tarball/main`, () => {
        requests.push('tarball');
        return new HttpResponse(null, {
          status: 302,
          headers: {
            location: 'https://codeload.github.com/acme/api/legacy.tar.gz/main',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(reset),
          },
        });
      }),
      http.get(
        'https://codeload.github.com/acme/api/legacy.tar.gz/main',
        ({ request }) => {
          requests.push(`archive ${request.headers.get('authorization')}`);
          return new HttpResponse('archive');
        },
      ),
    );
    const clients = makeClients();
    const { octokit } = await clients.client(
      'https://github.com/acme/api',
      API,
    );
    const limits = { timeoutMs: 5000, maxRateLimitWaitSeconds: 60 };
    const tarball = () =>
      octokit.request('GET /repos/{owner}/{repo}/tarball/{ref}', {
        owner: 'acme',
        repo: 'api',
        ref: 'main',
        request: GithubClients.requestOptions(limits),
      });

    await expect(tarball()).resolves.toMatchObject({ status: 200 });
    const error = await failure(tarball());

    expect(requests).toEqual(['tarball', 'archive null']);
    expect(rateLimitRetryAfter(error)).toBe(reset * 1000);
  });

  it('pauses every request for the retry-after of a secondary rate limit', async () => {
    const answered: string[] = [];
    server.use(
      http.get(`${API}/repos/acme/:repo`, ({ params }) => {
        if (answered.length === 0) {
          answered.push(`${params.repo} refused`);
          return HttpResponse.json(
            { message: 'You have exceeded a secondary rate limit.' },
            { status: 403, headers: { 'retry-after': '30' } },
          );
        }
        answered.push(String(params.repo));
        return HttpResponse.json({ name: params.repo });
      }),
    );
    const clients = makeClients();
    // Retried once after the wait asked (30 s, 300 ms in this test).
    await readRepository(clients, 60, 'api');

    // A reader that may not wait is refused without a request; one that may is sent after it.
    const error = await failure(readRepository(clients, 0, 'web'));
    expect(isRateLimited(error)).toBe(true);
    await readRepository(clients, 60, 'web');
    expect(answered).toEqual(['api refused', 'api', 'web']);
  });

  it('gives repositories of one host and token one client, and other tokens their own', async () => {
    const tokens: Record<string, string> = {
      'https://github.com/acme/api': 'ghs_acme',
      'https://github.com/acme/web': 'ghs_acme',
      'https://github.com/globex/api': 'ghs_globex',
    };
    const credentialsProvider: GithubCredentialsProvider = {
      getCredentials: async ({ url }) => ({ type: 'app', token: tokens[url] }),
    };
    const clients = new GithubClients({
      integrations: ScmIntegrations.fromConfig(new ConfigReader(appConfig)),
      credentialsProvider,
    });

    const api = await clients.client('https://github.com/acme/api', API);
    const web = await clients.client('https://github.com/acme/web', API);
    const globex = await clients.client('https://github.com/globex/api', API);

    expect(web.octokit).toBe(api.octokit);
    expect(globex.octokit).not.toBe(api.octokit);
    expect([api.token, globex.token]).toEqual(['ghs_acme', 'ghs_globex']);
  });
});
