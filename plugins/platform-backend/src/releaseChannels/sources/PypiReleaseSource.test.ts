import { ServerResponse } from 'node:http';
import {
  failure,
  LocalServer,
  startHttpServer,
  testHttp,
} from '@platform-portal/plugin-platform-engine/testUtils';
import { pep440ToSemver, PypiReleaseSource } from './PypiReleaseSource';

const file = (time: string, yanked = false) => ({
  filename: 'payments_api-x.tar.gz',
  packagetype: 'sdist',
  upload_time: time.replace('Z', '').replace(/\.\d+/, ''),
  upload_time_iso_8601: time,
  yanked,
  yanked_reason: yanked ? 'broken build' : null,
});

// The JSON API's shape (`/pypi/<project>/json`), trimmed.
const PROJECT = {
  info: {
    name: 'payments-api',
    version: '0.4.0',
    package_url: 'https://pypi.org/project/payments-api/',
  },
  releases: {
    '0.3.2': [file('2026-04-01T09:00:00.000000Z')],
    '0.4.0': [
      file('2026-05-02T10:00:00.000000Z'),
      file('2026-05-01T10:00:00.123456Z'),
    ],
    '0.4.1': [file('2026-05-03T10:00:00.000000Z', true)],
    '0.5': [],
    '0.5.0rc1': [file('2026-05-04T10:00:00.000000Z')],
    '1!2.0': [file('2026-05-04T10:00:00.000000Z')],
  },
  urls: [],
};

describe('pep440ToSemver', () => {
  it.each([
    ['1.2.3', '1.2.3'],
    ['2.1', '2.1.0'],
    ['3', '3.0.0'],
    ['1.0rc1', '1.0.0-rc.1'],
    ['1.0.0a2', '1.0.0-alpha.2'],
    ['1.0.0.b1', '1.0.0-beta.1'],
    ['1.0.dev3', '1.0.0-dev.3'],
    ['v1.4.0', '1.4.0'],
  ])('reads %s as %s', (version, semver) => {
    expect(pep440ToSemver(version)).toBe(semver);
  });

  it.each(['1!2.0', '1.0.post1', '1.0+local', '1.2.3.4', 'latest', ''])(
    'has no semver for %s',
    version => {
      expect(pep440ToSemver(version)).toBeUndefined();
    },
  );
});

describe('PypiReleaseSource', () => {
  let server: LocalServer;
  let handler: (path: string, res: ServerResponse) => void;

  beforeAll(async () => {
    server = await startHttpServer((req, res) =>
      handler(new URL(req.url ?? '/', 'http://localhost').pathname, res),
    );
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    handler = (path, res) => {
      if (
        path === '/pypi/payments-api/json' ||
        path === '/simple-root/pypi/payments-api/json'
      ) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(PROJECT));
      } else {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"message": "Not Found"}');
      }
    };
  });

  const pypi = () =>
    new PypiReleaseSource({
      http: testHttp({ allowedHosts: [server.host] }),
      defaultIndex: `${server.url}/`,
    });

  it('lists releases with an installable file, published at their first upload', async () => {
    const releases = await pypi().listReleases('payments-api');
    expect(releases).toEqual([
      {
        version: '0.3.2',
        versionAsPublished: '0.3.2',
        publishedAt: '2026-04-01T09:00:00.000Z',
        url: 'https://pypi.org/project/payments-api/0.3.2/',
      },
      {
        version: '0.4.0',
        versionAsPublished: '0.4.0',
        publishedAt: '2026-05-01T10:00:00.123Z',
        url: 'https://pypi.org/project/payments-api/0.4.0/',
      },
      {
        version: '0.5.0-rc.1',
        versionAsPublished: '0.5.0rc1',
        publishedAt: '2026-05-04T10:00:00.000Z',
        url: 'https://pypi.org/project/payments-api/0.5.0rc1/',
      },
    ]);
  });

  it('reads a project from a named index, normalizing its name', async () => {
    const releases = await new PypiReleaseSource({
      http: testHttp({ allowedHosts: [server.host] }),
    }).listReleases(`${server.url}/simple-root/#Payments_API`);
    expect(releases).toHaveLength(3);
    expect(server.requests.map(r => r.url)).toEqual([
      '/simple-root/pypi/payments-api/json',
    ]);
  });

  it('answers not-found for an unknown project', async () => {
    const error = await failure(pypi().listReleases('ledger'));
    expect(error.code).toBe('not-found');
  });

  it('answers unreachable for an answer that is not a project document', async () => {
    handler = (_path, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"info": {}}');
    };
    const error = await failure(pypi().listReleases('payments-api'));
    expect(error.code).toBe('unreachable');
  });

  it('answers rate-limited with when to come back', async () => {
    handler = (_path, res) => {
      res.writeHead(429, { 'retry-after': '30' });
      res.end();
    };
    const error = await failure(pypi().listReleases('payments-api'));
    expect(error.code).toBe('rate-limited');
    expect(error.message).toMatch(/retry after/);
  });

  it.each(['../etc', 'payments api', '-x', 'a/b'])(
    'refuses the name %s',
    async name => {
      const error = await failure(pypi().listReleases(name));
      expect(error.code).toBe('refused');
      expect(server.requests).toHaveLength(0);
    },
  );

  it('refuses the default index when its host is not allowed', async () => {
    const error = await failure(
      new PypiReleaseSource({
        http: testHttp(),
        defaultIndex: 'https://pypi.org/',
      }).listReleases('payments-api'),
    );
    expect(error.code).toBe('refused');
    expect(error.message).toContain('pypi.org');
  });
});
