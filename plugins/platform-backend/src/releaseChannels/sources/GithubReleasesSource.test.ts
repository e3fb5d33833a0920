import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { GithubClients } from '@platform-portal/plugin-platform-engine';
import { failure } from '@platform-portal/plugin-platform-engine/testUtils';
import { GithubReleasesSource } from './GithubReleasesSource';

const TOKEN = 'ghp_releasesecret123';
const API = 'https://api.github.com';
const GHE_API = 'https://ghe.acme.example/api/v3';

const server = setupServer();
registerMswTestHooks(server);

function release(tag: string, extra: object = {}) {
  return {
    id: tag.length,
    tag_name: tag,
    name: tag,
    draft: false,
    prerelease: false,
    created_at: '2026-05-01T09:00:00Z',
    published_at: '2026-05-01T10:00:00Z',
    html_url: `https://github.com/acme/payments-api/releases/tag/${tag}`,
    ...extra,
  };
}

function source(options: { timeoutMs?: number } = {}) {
  return new GithubReleasesSource({
    github: new GithubClients({
      integrations: ScmIntegrations.fromConfig(
        new ConfigReader({
          integrations: {
            github: [
              { host: 'github.com', token: TOKEN },
              {
                host: 'ghe.acme.example',
                apiBaseUrl: GHE_API,
                token: 'ghe-token-1234',
              },
            ],
          },
        }),
      ),
      retry: { retries: 0, retryAfterBaseValue: 1 },
    }),
    ...options,
  });
}

/** Two pages of releases with ETags; answers 304 to a matching If-None-Match, as GitHub does. */
function mockReleases(api = API) {
  const seen = {
    requests: 0,
    counted: 0,
    ifNoneMatch: [] as Array<string | null>,
    authorization: [] as Array<string | null>,
  };
  const pages: Record<string, object[]> = {
    '1': [
      release('v0.4.0'),
      release('v0.5.0', { draft: true }),
      release('v0.4.1', { prerelease: true }),
      release('nightly'),
    ],
    '2': [release('v0.3.2', { published_at: null })],
  };
  server.use(
    http.get(`${api}/repos/acme/payments-api/releases`, ({ request }) => {
      const url = new URL(request.url);
      const page = url.searchParams.get('page') ?? '1';
      seen.requests++;
      seen.ifNoneMatch.push(request.headers.get('if-none-match'));
      seen.authorization.push(request.headers.get('authorization'));
      const etag = `"page-${page}-v1"`;
      if (request.headers.get('if-none-match') === etag) {
        return new HttpResponse(null, { status: 304, headers: { etag } });
      }
      seen.counted++;
      return HttpResponse.json(pages[page] ?? [], {
        headers: {
          etag,
          ...(page === '1'
            ? {
                link: `<${api}/repos/acme/payments-api/releases?per_page=100&page=2>; rel="next"`,
              }
            : {}),
        },
      });
    }),
  );
  return seen;
}

describe('GithubReleasesSource', () => {
  it('lists published releases across pages, skipping drafts and non-semver tags', async () => {
    mockReleases();
    const releases = await source().listReleases('acme/payments-api');
    expect(releases).toEqual([
      {
        version: '0.4.0',
        versionAsPublished: 'v0.4.0',
        publishedAt: '2026-05-01T10:00:00.000Z',
        url: 'https://github.com/acme/payments-api/releases/tag/v0.4.0',
      },
      {
        version: '0.4.1',
        versionAsPublished: 'v0.4.1',
        publishedAt: '2026-05-01T10:00:00.000Z',
        url: 'https://github.com/acme/payments-api/releases/tag/v0.4.1',
        prerelease: true,
      },
      {
        version: '0.3.2',
        versionAsPublished: 'v0.3.2',
        publishedAt: '2026-05-01T09:00:00.000Z',
        url: 'https://github.com/acme/payments-api/releases/tag/v0.3.2',
      },
    ]);
  });

  it('sends the integration token and asks again with ETags, which cost no rate limit', async () => {
    const seen = mockReleases();
    const github = source();
    const first = await github.listReleases(
      'https://github.com/acme/payments-api.git/',
    );
    const second = await github.listReleases('acme/payments-api');
    expect(second).toEqual(first);
    expect(seen.requests).toBe(4);
    expect(seen.counted).toBe(2);
    expect(seen.ifNoneMatch).toEqual([
      null,
      null,
      '"page-1-v1"',
      '"page-2-v1"',
    ]);
    expect(seen.authorization.every(a => a === `token ${TOKEN}`)).toBe(true);
  });

  it('reads GitHub Enterprise hosts through their integration API URL', async () => {
    const seen = mockReleases(GHE_API);
    const releases = await source().listReleases(
      'https://ghe.acme.example/acme/payments-api',
    );
    expect(releases).toHaveLength(3);
    expect(seen.authorization[0]).toBe('token ghe-token-1234');
  });

  it('refuses a host without a GitHub integration, without a request', async () => {
    let requests = 0;
    server.events.on('request:start', () => {
      requests++;
    });
    const error = await failure(
      source().listReleases('https://git.internal.example/acme/payments-api'),
    );
    expect(error.code).toBe('refused');
    expect(requests).toBe(0);
  });

  it.each([
    'acme',
    'acme/payments-api/extra',
    'acme/..',
    'https://github.com/acme',
    'git@github.com:acme/x.git',
  ])('refuses the target %s', async target => {
    const error = await failure(source().listReleases(target));
    expect(error.code).toBe('refused');
  });

  it('answers not-found for a missing repository', async () => {
    server.use(
      http.get(`${API}/repos/acme/gone/releases`, () =>
        HttpResponse.json({ message: 'Not Found' }, { status: 404 }),
      ),
    );
    const error = await failure(source().listReleases('acme/gone'));
    expect(error.code).toBe('not-found');
  });

  it('answers unauthorized for bad credentials, without the token', async () => {
    server.use(
      http.get(`${API}/repos/acme/payments-api/releases`, () =>
        HttpResponse.json({ message: 'Bad credentials' }, { status: 401 }),
      ),
    );
    const error = await failure(source().listReleases('acme/payments-api'));
    expect(error.code).toBe('unauthorized');
    expect(error.message).not.toContain(TOKEN);
  });

  it('answers rate-limited with the reset time, without waiting for it', async () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    server.use(
      http.get(`${API}/repos/acme/payments-api/releases`, () =>
        HttpResponse.json(
          { message: 'API rate limit exceeded' },
          {
            status: 403,
            headers: {
              'x-ratelimit-remaining': '0',
              'x-ratelimit-reset': String(reset),
            },
          },
        ),
      ),
    );
    const started = Date.now();
    const error = await failure(source().listReleases('acme/payments-api'));
    expect(error.code).toBe('rate-limited');
    expect(error.retryAfter?.getTime()).toBe(reset * 1000);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('answers rate-limited for a 429 with Retry-After', async () => {
    server.use(
      http.get(`${API}/repos/acme/payments-api/releases`, () =>
        HttpResponse.json(
          { message: 'You have exceeded a secondary rate limit' },
          { status: 429, headers: { 'retry-after': '90' } },
        ),
      ),
    );
    const error = await failure(source().listReleases('acme/payments-api'));
    expect(error.code).toBe('rate-limited');
    expect(error.retryAfter!.getTime()).toBeGreaterThan(Date.now() + 60_000);
  });

  it('answers unreachable when GitHub does not answer in time', async () => {
    server.use(
      http.get(`${API}/repos/acme/payments-api/releases`, async () => {
        await delay(2000);
        return HttpResponse.json([]);
      }),
    );
    const error = await failure(
      source({ timeoutMs: 100 }).listReleases('acme/payments-api'),
    );
    expect(error.code).toBe('unreachable');
  });

  it('stops when the caller aborts', async () => {
    server.use(
      http.get(`${API}/repos/acme/payments-api/releases`, async () => {
        await delay(2000);
        return HttpResponse.json([]);
      }),
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failure(
      source().listReleases('acme/payments-api', { signal: controller.signal }),
    );
    expect(error.code).toBe('unreachable');
    expect(error.message).toMatch(/cancelled/);
  });
});
