import { ServerResponse } from 'node:http';
import { LocalServer, startHttpServer } from './__testUtils__/servers';
import { failure, testHttp } from './__testUtils__/sources';
import { HelmReleaseSource } from './HelmReleaseSource';
import { OciReleaseSource } from './OciReleaseSource';

// As `helm repo index` writes it (trimmed to two charts).
const INDEX = `apiVersion: v1
entries:
  payments-api:
  - apiVersion: v2
    appVersion: 0.4.0
    created: "2026-05-01T10:00:00.123456789Z"
    description: Card and wallet payment API.
    digest: 0f2c6a8f4b7a1c9e0f2c6a8f4b7a1c9e0f2c6a8f4b7a1c9e0f2c6a8f4b7a1c9e
    name: payments-api
    type: application
    urls:
    - charts/payments-api-0.4.0.tgz
    version: 0.4.0
  - apiVersion: v2
    appVersion: 0.3.2
    created: "2026-04-01T09:30:00+02:00"
    digest: 1f2c6a8f4b7a1c9e0f2c6a8f4b7a1c9e0f2c6a8f4b7a1c9e0f2c6a8f4b7a1c9e
    name: payments-api
    urls:
    - https://downloads.acme.example/payments-api-0.3.2.tgz
    version: 0.3.2
  - apiVersion: v2
    created: "2026-05-02T10:00:00Z"
    name: payments-api
    urls:
    - javascript:alert(1)
    version: 0.5.0-rc.1
  - apiVersion: v2
    name: payments-api
    version: "1.2"
  - apiVersion: v2
    name: payments-api
    version: nightly
  ledger:
  - apiVersion: v2
    name: ledger
    version: 2.0.0
generated: "2026-05-02T10:00:00Z"
`;

describe('HelmReleaseSource', () => {
  let server: LocalServer;
  let answer: (path: string, res: ServerResponse) => void;

  beforeAll(async () => {
    server = await startHttpServer((req, res) =>
      answer(new URL(req.url ?? '/', 'http://localhost').pathname, res),
    );
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    answer = (path, res) => {
      if (path === '/stable/index.yaml') {
        res.writeHead(200, { 'content-type': 'text/yaml' });
        res.end(INDEX);
      } else {
        res.writeHead(404);
        res.end('not found');
      }
    };
  });

  const helm = (options: { maxResponseBytes?: number } = {}) =>
    new HelmReleaseSource({
      http: testHttp({ allowedHosts: [server.host], ...options }),
    });

  it('lists the chart versions of an index.yaml with their publish times and download links', async () => {
    const releases = await helm().listReleases(
      `${server.url}/stable#payments-api`,
    );
    expect(releases).toEqual([
      {
        version: '0.4.0',
        versionAsPublished: '0.4.0',
        publishedAt: '2026-05-01T10:00:00.123Z',
        url: `${server.url}/stable/charts/payments-api-0.4.0.tgz`,
      },
      {
        version: '0.3.2',
        versionAsPublished: '0.3.2',
        publishedAt: '2026-04-01T07:30:00.000Z',
        url: 'https://downloads.acme.example/payments-api-0.3.2.tgz',
      },
      {
        version: '0.5.0-rc.1',
        versionAsPublished: '0.5.0-rc.1',
        publishedAt: '2026-05-02T10:00:00.000Z',
      },
    ]);
    expect(server.requests.map(r => r.url)).toEqual(['/stable/index.yaml']);
  });

  it('accepts the index URL itself and a trailing slash', async () => {
    for (const target of [
      `${server.url}/stable/index.yaml#ledger`,
      `${server.url}/stable/#ledger`,
    ]) {
      const releases = await helm().listReleases(target);
      expect(releases.map(r => r.version)).toEqual(['2.0.0']);
    }
  });

  it('answers not-found for a chart the repository does not have', async () => {
    const error = await failure(
      helm().listReleases(`${server.url}/stable#billing`),
    );
    expect(error.code).toBe('not-found');
    expect(error.message).toContain('no chart "billing"');
  });

  it('answers not-found for a repository without an index', async () => {
    const error = await failure(
      helm().listReleases(`${server.url}/missing#payments-api`),
    );
    expect(error.code).toBe('not-found');
  });

  it('reports a malformed index.yaml as a problem, not a crash', async () => {
    answer = (_path, res) => {
      res.writeHead(200);
      res.end('entries:\n  payments-api:\n  - version: [0.4.0\n');
    };
    const error = await failure(
      helm().listReleases(`${server.url}/stable#payments-api`),
    );
    expect(error.code).toBe('unreachable');
    expect(error.message).toMatch(/not a valid Helm repository index/);
  });

  it('refuses to expand a YAML alias bomb', async () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) {
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    }
    answer = (_path, res) => {
      res.writeHead(200);
      res.end(`${lines.join('\n')}\nentries: {}\n`);
    };
    const error = await failure(
      helm().listReleases(`${server.url}/stable#payments-api`),
    );
    expect(error.code).toBe('unreachable');
    expect(error.message).toMatch(/alias/i);
  });

  describe('on a large repository', () => {
    /** `count` charts of 100 versions each, as `helm repo index` writes them. */
    const bigIndex = (count: number) => {
      const charts = Array.from({ length: count }, (_, c) => {
        const versions = Array.from(
          { length: 100 },
          (_v, v) =>
            `  - apiVersion: v2\n    created: "2026-01-01T00:00:00Z"\n    digest: ${'0f'.repeat(
              32,
            )}\n    name: chart${c}\n    urls:\n    - https://charts.acme.example/chart${c}-1.${v}.0.tgz\n    version: 1.${v}.0`,
        );
        return `  chart${c}:\n${versions.join('\n')}`;
      });
      return `apiVersion: v1\nentries:\n${charts.join(
        '\n',
      )}\ngenerated: "2026-01-01T00:00:00Z"\n`;
    };
    let index: string;
    beforeAll(() => {
      index = bigIndex(800); // about 20 MB, parsed whole in about a minute
    });
    beforeEach(() => {
      answer = (_path, res) => {
        res.writeHead(200);
        res.end(index);
      };
    });

    it('reads one chart of a 20 MB index in seconds', async () => {
      const started = Date.now();
      const releases = await helm().listReleases(
        `${server.url}/stable#chart400`,
      );
      expect(releases).toHaveLength(100);
      expect(releases[99]).toEqual(
        expect.objectContaining({
          version: '1.99.0',
          url: 'https://charts.acme.example/chart400-1.99.0.tgz',
        }),
      );
      expect(Date.now() - started).toBeLessThan(10_000);
    }, 20_000);

    it('answers not-found for a chart it does not have, without parsing it', async () => {
      const started = Date.now();
      const error = await failure(
        helm().listReleases(`${server.url}/stable#chart4000`),
      );
      expect(error.code).toBe('not-found');
      expect(Date.now() - started).toBeLessThan(10_000);
    }, 20_000);

    it('does not parse a chart whose own entries take megabytes', async () => {
      const versions = `  - version: 1.0.0\n    description: ${'x'.repeat(
        1000,
      )}\n`.repeat(5000);
      index = `apiVersion: v1\nentries:\n  huge:\n${versions}`;
      const error = await failure(
        helm().listReleases(`${server.url}/stable#huge`),
      );
      expect(error.code).toBe('unreachable');
      expect(error.message).toBe(
        `${server.url}/stable/index.yaml: the entries of "huge" take more than 4194304 characters; not read`,
      );
    });
  });

  it.each([
    ['JSON', '{"apiVersion":"v1","entries":{"ledger":[{"version":"2.0.0"}]}}'],
    ['flow style under entries', 'entries:\n  ledger: [{version: 2.0.0}]\n'],
    [
      'quoted keys and CRLF line ends',
      'entries:\r\n  "ledger":\r\n    - version: 2.0.0\r\n',
    ],
  ])('reads an index written as %s', async (_layout, text) => {
    answer = (_path, res) => {
      res.writeHead(200);
      res.end(text);
    };
    const releases = await helm().listReleases(`${server.url}/stable#ledger`);
    expect(releases.map(r => r.version)).toEqual(['2.0.0']);
  });

  it('reports a chart nested a hundred thousand levels deep as a problem, without a stack trace', async () => {
    answer = (_path, res) => {
      res.writeHead(200);
      res.end(
        `entries:\n  ledger: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
      );
    };
    const error = await failure(
      helm().listReleases(`${server.url}/stable#ledger`),
    );
    expect(error.code).toBe('unreachable');
    expect(error.message).toMatch(
      /^\S+ is not a valid Helm repository index: /,
    );
    expect(error.message).not.toMatch(/\n|\.ts\b|\.js\b/);
  }, 30_000);

  it('answers unreachable for something that is not an index', async () => {
    answer = (_path, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Sign in</body></html>');
    };
    const error = await failure(
      helm().listReleases(`${server.url}/stable#payments-api`),
    );
    expect(error.message).toMatch(/not a Helm repository index/);
  });

  it('stops reading an index over the size limit', async () => {
    answer = (_path, res) => {
      res.writeHead(200);
      res.end(`${INDEX}\n# ${'x'.repeat(100_000)}\n`);
    };
    const error = await failure(
      helm({ maxResponseBytes: 50_000 }).listReleases(
        `${server.url}/stable#payments-api`,
      ),
    );
    expect(error.message).toMatch(/more than 50000 bytes/);
  });

  it.each([
    ['no chart', 'https://charts.acme.example/stable'],
    ['an empty chart', 'https://charts.acme.example/stable#'],
    ['a chart with a slash', 'https://charts.acme.example/stable#../x'],
    ['a file URL', 'file:///etc/passwd#x'],
    ['credentials in the URL', 'https://user:secret@charts.acme.example#x'],
  ])('refuses a target with %s', async (_what, target) => {
    const error = await failure(
      new HelmReleaseSource({
        http: testHttp({ allowedHosts: ['charts.acme.example'] }),
      }).listReleases(target),
    );
    expect(error.code).toBe('refused');
    expect(error.message).not.toContain('secret');
  });

  it('refuses a repository on a host that is not allowed, without asking it', async () => {
    const error = await failure(
      new HelmReleaseSource({ http: testHttp() }).listReleases(
        `${server.url}/stable#payments-api`,
      ),
    );
    expect(error.code).toBe('refused');
    expect(server.requests).toHaveLength(0);
  });

  it('reads oci:// charts through the OCI source', async () => {
    answer = (path, res) => {
      if (path === '/v2/acme/charts/payments-api/tags/list') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            name: 'acme/charts/payments-api',
            tags: ['0.3.2', '0.4.0'],
          }),
        );
      } else {
        res.writeHead(404);
        res.end();
      }
    };
    const http = testHttp({
      registries: [{ host: server.host, insecure: true }],
    });
    const releases = await new HelmReleaseSource({
      http,
      oci: new OciReleaseSource({ http, publishTimes: false }),
    }).listReleases(`oci://${server.host}/acme/charts/payments-api`);
    expect(releases.map(r => r.version)).toEqual(['0.3.2', '0.4.0']);
  });
});
