import { ServerResponse } from 'node:http';
import {
  failure,
  LocalServer,
  startHttpServer,
  testHttp,
} from '@platform-portal/plugin-platform-engine/testUtils';
import { NpmReleaseSource } from './NpmReleaseSource';

// A packument's shape, trimmed: `versions` are what can be installed, `time` also names
// unpublished versions.
const PACKUMENT = {
  _id: '@acme/payments-api',
  name: '@acme/payments-api',
  'dist-tags': { latest: '0.4.0', next: '0.5.0-rc.1' },
  versions: {
    '0.3.2': { name: '@acme/payments-api', version: '0.3.2' },
    '0.4.0': { name: '@acme/payments-api', version: '0.4.0' },
    '0.5.0-rc.1': { name: '@acme/payments-api', version: '0.5.0-rc.1' },
  },
  time: {
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-05-04T00:00:00.000Z',
    '0.3.2': '2026-04-01T09:00:00.000Z',
    '0.4.0': '2026-05-01T10:00:00.000Z',
    '0.4.1': '2026-05-02T10:00:00.000Z',
    '0.5.0-rc.1': '2026-05-03T10:00:00.000Z',
  },
};

describe('NpmReleaseSource', () => {
  let server: LocalServer;
  let handler: (url: string, res: ServerResponse) => void;

  beforeAll(async () => {
    server = await startHttpServer((req, res) => handler(req.url ?? '/', res));
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    handler = (url, res) => {
      if (url === '/@acme%2fpayments-api' || url === '/npm/ledger') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(PACKUMENT));
      } else {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error":"Not found"}');
      }
    };
  });

  const npm = () =>
    new NpmReleaseSource({
      http: testHttp({ allowedHosts: [server.host] }),
      defaultRegistry: server.url,
    });

  it('lists the published versions of a scoped package with their publish times', async () => {
    const releases = await npm().listReleases('@acme/payments-api');
    expect(releases).toEqual([
      {
        version: '0.3.2',
        versionAsPublished: '0.3.2',
        publishedAt: '2026-04-01T09:00:00.000Z',
      },
      {
        version: '0.4.0',
        versionAsPublished: '0.4.0',
        publishedAt: '2026-05-01T10:00:00.000Z',
      },
      {
        version: '0.5.0-rc.1',
        versionAsPublished: '0.5.0-rc.1',
        publishedAt: '2026-05-03T10:00:00.000Z',
      },
    ]);
    expect(server.requests.map(r => r.url)).toEqual(['/@acme%2fpayments-api']);
    expect(server.requests[0].headers.accept).toBe('application/json');
  });

  it('reads from a registry named in the target', async () => {
    const releases = await new NpmReleaseSource({
      http: testHttp({ allowedHosts: [server.host] }),
    }).listReleases(`${server.url}/npm/#ledger`);
    expect(releases).toHaveLength(3);
  });

  it('refuses a bare name when no default registry is configured', async () => {
    const error = await failure(
      new NpmReleaseSource({
        http: testHttp({ allowedHosts: [server.host] }),
      }).listReleases('ledger'),
    );
    expect(error.code).toBe('refused');
    expect(error.message).toContain('platform.releaseChannels.npmRegistry');
  });

  it('answers not-found for an unknown package', async () => {
    const error = await failure(npm().listReleases('@acme/nothing'));
    expect(error.code).toBe('not-found');
  });

  it('answers unauthorized when the registry wants credentials', async () => {
    handler = (_url, res) => {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="npm"' });
      res.end();
    };
    const error = await failure(npm().listReleases('@acme/payments-api'));
    expect(error.code).toBe('unauthorized');
  });

  it('sends the configured token only to its own registry', async () => {
    const releases = await new NpmReleaseSource({
      http: testHttp({
        // The test registry speaks plain HTTP, so its token may go out only when it says so.
        registries: [
          { host: server.host, token: 'npm-secret-token', insecure: true },
        ],
      }),
      defaultRegistry: server.url,
    }).listReleases('@acme/payments-api');
    expect(releases).toHaveLength(3);
    expect(server.requests[0].headers.authorization).toBe(
      'Bearer npm-secret-token',
    );
  });

  it('does not follow a redirect to a host that is not allowed', async () => {
    handler = (_url, res) => {
      res.writeHead(302, {
        location: 'http://169.254.169.254/latest/meta-data/',
      });
      res.end();
    };
    const error = await failure(npm().listReleases('@acme/payments-api'));
    expect(error.code).toBe('refused');
    expect(error.message).toContain('169.254.169.254');
  });

  it.each(['@acme/../../admin', 'Payments', '@acme/a/b', '.hidden', 'a b'])(
    'refuses the name %s',
    async name => {
      const error = await failure(npm().listReleases(name));
      expect(error.code).toBe('refused');
      expect(server.requests).toHaveLength(0);
    },
  );
});
