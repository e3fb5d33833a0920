import { promises as fs } from 'node:fs';
import {
  describeWithRegistry,
  LocalRegistry,
  LocalServer,
  makeImageLayout,
  pushImage,
  requireRegistryTools,
  startHttpServer,
  startHttpsServer,
  startRegistry,
  startTokenServer,
  TokenServer,
} from './__testUtils__/servers';
import { failure, testHttp } from './__testUtils__/sources';
import {
  OciReleaseSource,
  parseChallenge,
  parseOciTarget,
} from './OciReleaseSource';
import { ReleaseRegistry } from './ReleaseHosts';

const PASSWORD = 'pa55-w0rd-secret';

function source(
  allowedHosts: string[],
  registries: ReleaseRegistry[] = [],
  options: { timeoutMs?: number; maxResponseBytes?: number } = {},
) {
  return new OciReleaseSource({
    http: testHttp({ allowedHosts, registries, ...options }),
  });
}

describe('parseOciTarget', () => {
  it.each([
    ['ghcr.io/acme/payments-api', 'ghcr.io', 'acme/payments-api'],
    ['oci://ghcr.io/acme/charts/payments', 'ghcr.io', 'acme/charts/payments'],
    ['ghcr.io/acme/api:v1.2.3', 'ghcr.io', 'acme/api'],
    ['localhost:5000/acme/api', 'localhost:5000', 'acme/api'],
    ['docker.io/nginx', 'registry-1.docker.io', 'library/nginx'],
    [`ghcr.io/acme/api@sha256:${'a'.repeat(64)}`, 'ghcr.io', 'acme/api'],
  ])('reads %s', (target, host, name) => {
    expect(parseOciTarget(target)).toEqual({ host, name });
  });

  it.each([
    'payments-api',
    'acme/api', // no registry host
    'ghcr.io/acme/../../v2/_catalog',
    'ghcr.io/Acme/API',
    'ghcr.io/',
    'user:pass@ghcr.io/acme/api',
    'ghcr.io/acme//api',
    'ghcr.io/acme/api?x=1',
  ])('refuses %s', target => {
    expect(() => parseOciTarget(target)).toThrow(
      expect.objectContaining({ code: 'refused' }),
    );
  });
});

describe('parseChallenge', () => {
  it('reads a bearer challenge', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:acme/api:pull"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://ghcr.io/token',
        service: 'ghcr.io',
        scope: 'repository:acme/api:pull',
      },
    });
  });

  it('reads parameters after a comma or a space, and a long header without one at once', () => {
    expect(
      parseChallenge('Bearer realm="https://r/token", service=r,scope="a"'),
    ).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://r/token', service: 'r', scope: 'a' },
    });
    const started = Date.now();
    // As long as a header may be; each position was tried to its end (half a second).
    expect(parseChallenge(`Bearer ${'a'.repeat(16_000)}`)).toEqual({
      scheme: 'bearer',
      params: {},
    });
    expect(Date.now() - started).toBeLessThan(100);
  });
});

describeWithRegistry('OciReleaseSource against a real registry', () => {
  let anonymous: LocalRegistry;
  let tokenServer: TokenServer;
  let secured: LocalRegistry;
  let layout: string;

  beforeAll(async () => {
    await requireRegistryTools();
    layout = await makeImageLayout('2026-03-04T05:06:07Z');
    anonymous = await startRegistry();
    tokenServer = await startTokenServer({ alice: PASSWORD });
    secured = await startRegistry({
      token: {
        realm: tokenServer.realm,
        service: tokenServer.service,
        issuer: tokenServer.issuer,
        certFile: tokenServer.certFile,
      },
    });
    for (const tag of [
      'v0.3.2',
      'v0.4.0',
      '0.5.0-rc.1',
      'latest',
      'sha-1a2b3c4',
    ]) {
      await pushImage(layout, `${anonymous.host}/acme/payments-api:${tag}`);
    }
    for (const tag of ['1.0.0', '1.1.0']) {
      await pushImage(
        layout,
        `${secured.host}/private/ledger:${tag}`,
        `alice:${PASSWORD}`,
      );
      await pushImage(
        layout,
        `${secured.host}/public/ledger:${tag}`,
        `alice:${PASSWORD}`,
      );
    }
  }, 120_000);

  afterAll(async () => {
    await anonymous?.close();
    await secured?.close();
    await tokenServer?.cleanup();
    if (layout) {
      await fs.rm(layout, { recursive: true, force: true });
    }
  });

  beforeEach(() => {
    tokenServer.requests.length = 0;
  });

  it('lists the semver tags of a repository, anonymously, with the newest image build time', async () => {
    const releases = await source(
      [],
      [{ host: anonymous.host, insecure: true }],
    ).listReleases(`${anonymous.host}/acme/payments-api`);
    expect(releases.map(r => r.versionAsPublished).sort()).toEqual([
      '0.5.0-rc.1',
      'v0.3.2',
      'v0.4.0',
    ]);
    const newest = releases.find(r => r.version === '0.4.0');
    expect(newest?.publishedAt).toBe('2026-03-04T05:06:07.000Z');
  });

  it('answers not-found for a repository the registry does not know', async () => {
    const error = await failure(
      source([], [{ host: anonymous.host, insecure: true }]).listReleases(
        `${anonymous.host}/acme/nothing-here`,
      ),
    );
    expect(error.code).toBe('not-found');
  });

  it('goes through the token flow with the configured credentials, and reuses the token', async () => {
    const oci = source(
      [tokenServer.host],
      [
        {
          host: secured.host,
          insecure: true,
          username: 'alice',
          password: PASSWORD,
        },
      ],
    );
    const releases = await oci.listReleases(`${secured.host}/private/ledger`);
    expect(releases.map(r => r.version).sort()).toEqual(['1.0.0', '1.1.0']);
    expect(releases.find(r => r.version === '1.1.0')?.publishedAt).toBe(
      '2026-03-04T05:06:07.000Z',
    );
    expect(tokenServer.requests).toHaveLength(1);
    expect(tokenServer.requests[0].headers.authorization).toMatch(/^Basic /);
    expect(tokenServer.requests[0].url).toContain(
      'scope=repository%3Aprivate%2Fledger%3Apull',
    );

    await oci.listReleases(`${secured.host}/private/ledger`);
    expect(tokenServer.requests).toHaveLength(1);
  });

  it('gets an anonymous token for a public repository', async () => {
    const releases = await source(
      [tokenServer.host],
      [{ host: secured.host, insecure: true }],
    ).listReleases(`${secured.host}/public/ledger`);
    expect(releases.map(r => r.version).sort()).toEqual(['1.0.0', '1.1.0']);
    expect(tokenServer.requests[0].headers.authorization).toBeUndefined();
  });

  it('answers unauthorized for a private repository without credentials', async () => {
    const error = await failure(
      source(
        [tokenServer.host],
        [{ host: secured.host, insecure: true }],
      ).listReleases(`${secured.host}/private/ledger`),
    );
    expect(error.code).toBe('unauthorized');
  });

  it('answers unauthorized for a wrong password, without repeating it', async () => {
    const error = await failure(
      source(
        [tokenServer.host],
        [
          {
            host: secured.host,
            insecure: true,
            username: 'alice',
            password: 'wrong-secret-xyz',
          },
        ],
      ).listReleases(`${secured.host}/private/ledger`),
    );
    expect(error.code).toBe('unauthorized');
    expect(error.message).not.toContain('wrong-secret-xyz');
    expect(error.message).not.toMatch(/Basic /);
  });

  it('refuses a token realm on a host that is not allowed, without asking it', async () => {
    const error = await failure(
      source([], [{ host: secured.host, insecure: true }]).listReleases(
        `${secured.host}/public/ledger`,
      ),
    );
    expect(error.code).toBe('refused');
    expect(error.message).toContain(tokenServer.host);
    expect(tokenServer.requests).toHaveLength(0);
  });

  it('refuses a registry that is not allowed, without asking it', async () => {
    const error = await failure(
      source([]).listReleases(`${anonymous.host}/acme/payments-api`),
    );
    expect(error.code).toBe('refused');
  });

  it('answers unreachable when the registry is down', async () => {
    const down = await startRegistry();
    const host = down.host;
    await down.close();
    const error = await failure(
      source([], [{ host, insecure: true }]).listReleases(`${host}/acme/api`),
    );
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain(host);
  });
});

describe('OciReleaseSource against a registry on HTTPS', () => {
  let registry: LocalServer;
  let plainTokenService: LocalServer;
  let realm: string;
  const basic = `Basic ${Buffer.from(`bot:${PASSWORD}`).toString('base64')}`;

  beforeAll(async () => {
    registry = await startHttpsServer((req, res) => {
      if (req.url?.startsWith('/token')) {
        const allowed = req.headers.authorization === basic;
        res.writeHead(allowed ? 200 : 401);
        res.end(allowed ? '{"token":"registry-token"}' : '');
      } else if (req.headers.authorization === 'Bearer registry-token') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"name":"acme/api","tags":["1.0.0"]}');
      } else {
        res.writeHead(401, {
          'www-authenticate': `Bearer realm="${realm}",service="registry"`,
        });
        res.end();
      }
    });
    plainTokenService = await startHttpServer((_req, res) => {
      res.end('{"token":"registry-token"}');
    });
  });
  afterAll(async () => {
    await registry.close();
    await plainTokenService.close();
  });
  beforeEach(() => {
    plainTokenService.requests.length = 0;
  });

  const oci = () =>
    new OciReleaseSource({
      http: testHttp({
        allowedHosts: [plainTokenService.host],
        registries: [
          { host: registry.host, username: 'bot', password: PASSWORD },
        ],
      }),
      publishTimes: false,
    });

  it('answers its challenge with the configured credentials over HTTPS', async () => {
    realm = `${registry.url}/token`;
    const releases = await oci().listReleases(`${registry.host}/acme/api`);
    expect(releases.map(r => r.version)).toEqual(['1.0.0']);
  });

  it('does not send the credentials to a plain-HTTP token service its challenge names', async () => {
    realm = `${plainTokenService.url}/token`;
    const error = await failure(
      oci().listReleases(`${registry.host}/acme/api`),
    );
    expect(error.code).toBe('refused');
    expect(error.message).toBe(
      `the token service of ${registry.host} is plain HTTP (${plainTokenService.url}); its credentials are sent over HTTPS only`,
    );
    expect(plainTokenService.requests).toHaveLength(0);
  });
});

describe('OciReleaseSource against registries that page and misbehave', () => {
  let server: LocalServer;
  let behaviour: (
    url: URL,
    res: import('node:http').ServerResponse,
  ) => void = () => undefined;

  beforeAll(async () => {
    server = await startHttpServer((req, res) =>
      behaviour(new URL(req.url ?? '/', 'http://localhost'), res),
    );
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  const oci = (
    options: { timeoutMs?: number; maxResponseBytes?: number } = {},
  ) => source([], [{ host: server.host, insecure: true }], options);

  it('follows Link pagination to the end', async () => {
    const pages: Record<string, { tags: string[]; next?: string }> = {
      '': { tags: ['v1.0.0', 'v1.1.0'], next: 'v1.1.0' },
      'v1.1.0': { tags: ['v1.2.0', 'nightly'], next: 'v1.2.0' },
      'v1.2.0': { tags: ['v2.0.0'] },
    };
    behaviour = (url, res) => {
      const page = pages[url.searchParams.get('last') ?? ''];
      res.writeHead(200, {
        'content-type': 'application/json',
        ...(page.next
          ? {
              link: `</v2/acme/api/tags/list?n=2&last=${page.next}>; rel="next"`,
            }
          : {}),
      });
      res.end(JSON.stringify({ name: 'acme/api', tags: page.tags }));
    };
    const releases = await new OciReleaseSource({
      http: testHttp({ registries: [{ host: server.host, insecure: true }] }),
      publishTimes: false,
    }).listReleases(`${server.host}/acme/api`);
    expect(releases.map(r => r.version)).toEqual([
      '1.0.0',
      '1.1.0',
      '1.2.0',
      '2.0.0',
    ]);
    expect(server.requests).toHaveLength(3);
  });

  it('keeps no more tags than its pages would hold, however many a registry answers', async () => {
    let page = 0;
    behaviour = (_url, res) => {
      page++;
      res.writeHead(200, {
        'content-type': 'application/json',
        link: `</v2/acme/api/tags/list?n=1000&last=${page}>; rel="next"`,
      });
      const tags = Array.from({ length: 100_000 }, (_, i) => `${page}.${i}.0`);
      res.end(JSON.stringify({ name: 'acme/api', tags }));
    };
    const releases = await new OciReleaseSource({
      http: testHttp({ registries: [{ host: server.host, insecure: true }] }),
      publishTimes: false,
      maxPages: 3,
    }).listReleases(`${server.host}/acme/api`);
    // 3 pages of 1000: the first page's first 3000 tags, and no further page asked.
    expect(releases).toHaveLength(3000);
    expect(releases.at(-1)?.version).toBe('1.2999.0');
    expect(server.requests).toHaveLength(1);
  });

  it('reads a Link header of nothing but "<" at once', async () => {
    behaviour = (_url, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        link: '<'.repeat(16_000),
      });
      res.end(JSON.stringify({ name: 'acme/api', tags: ['1.0.0'] }));
    };
    const started = Date.now();
    const releases = await oci().listReleases(`${server.host}/acme/api`);
    expect(releases.map(r => r.version)).toEqual(['1.0.0']);
    // Looking for the next page in it took half a second of the process's time.
    expect(Date.now() - started).toBeLessThan(150);
  });

  it('does not follow a next page to another host', async () => {
    behaviour = (_url, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        link: '<http://169.254.169.254/latest/meta-data>; rel="next"',
      });
      res.end(JSON.stringify({ name: 'acme/api', tags: ['1.0.0'] }));
    };
    const releases = await oci().listReleases(`${server.host}/acme/api`);
    expect(releases.map(r => r.version)).toEqual(['1.0.0']);
  });

  it('answers rate-limited with when to come back', async () => {
    behaviour = (_url, res) => {
      res.writeHead(429, { 'retry-after': '120' });
      res.end('{"errors":[{"code":"TOOMANYREQUESTS"}]}');
    };
    const error = await failure(oci().listReleases(`${server.host}/acme/api`));
    expect(error.code).toBe('rate-limited');
    expect(error.retryAfter!.getTime()).toBeGreaterThan(Date.now() + 100_000);
  });

  it('answers unreachable for a registry that does not answer in time', async () => {
    behaviour = () => undefined; // never answers
    const error = await failure(
      oci({ timeoutMs: 200 }).listReleases(`${server.host}/acme/api`),
    );
    expect(error.code).toBe('unreachable');
    expect(error.message).toMatch(/did not answer within/);
  });

  it('stops reading an answer over the size limit', async () => {
    behaviour = (_url, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ name: 'acme/api', tags: Array(50_000).fill('1.0.0') }),
      );
    };
    const error = await failure(
      oci({ maxResponseBytes: 10_000 }).listReleases(`${server.host}/acme/api`),
    );
    expect(error.code).toBe('unreachable');
    expect(error.message).toMatch(/more than 10000 bytes/);
  });

  it('answers unreachable for a tags list that is not JSON', async () => {
    behaviour = (_url, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>proxy login</html>');
    };
    const error = await failure(oci().listReleases(`${server.host}/acme/api`));
    expect(error.code).toBe('unreachable');
    expect(error.message).toMatch(/JSON/);
  });

  it('stops when the caller aborts', async () => {
    behaviour = () => undefined;
    const controller = new AbortController();
    const pending = oci().listReleases(`${server.host}/acme/api`, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    const error = await failure(pending);
    expect(error.message).toMatch(/cancelled/);
  });
});
