import zlib from 'node:zlib';
import { LocalServer, startHttpServer } from './__testUtils__/servers';
import { failure } from './__testUtils__/sources';
import { ReleaseHosts, releaseHostsFromConfig } from './ReleaseHosts';
import { ReleaseHttp } from './ReleaseHttp';
import { ConfigReader } from '@backstage/config';

describe('ReleaseHosts', () => {
  const hosts = new ReleaseHosts({
    allowedHosts: [
      'Charts.Acme.Example',
      '*.pkg.acme.example',
      'localhost:5000',
    ],
    registries: [{ host: 'ghcr.io', username: 'bot', password: 'pw' }],
  });

  it.each([
    ['charts.acme.example', true],
    ['CHARTS.acme.example', true],
    ['charts.acme.example:8443', false], // a listed host allows its default ports only
    ['npm.pkg.acme.example', true],
    ['pkg.acme.example', false],
    ['evilpkg.acme.example', false],
    ['localhost:5000', true],
    ['localhost', false],
    ['ghcr.io', true], // registries are allowed
    ['169.254.169.254', false],
  ])('%s allowed: %s', (host, allowed) => {
    expect(hosts.allows(host)).toBe(allowed);
  });

  it.each([
    ['file:///etc/passwd', /only http and https/],
    ['gopher://charts.acme.example/', /only http and https/],
    ['https://user:pw@charts.acme.example/', /credentials/],
    ['https://internal.acme.example/', /allowedHosts/],
    ['not a url', /not a valid URL/],
    // Tricks that make a URL look like it names an allowed host.
    ['https://charts.acme.example./', /^charts\.acme\.example\. is not a host/],
    ['https://charts.acme.example@evil.example/', /credentials/],
    ['https://evil.example#@charts.acme.example', /^evil\.example is not/],
    ['https://evil.example\\@charts.acme.example', /^evil\.example is not/],
    ['https://charts.acme.example%2eevil.example/', /evil\.example is not/],
    ['http://127.0.0.1:5000/', /^127\.0\.0\.1:5000 is not/], // only localhost:5000 is
    ['http://[::ffff:127.0.0.1]:5000/', /is not a host/],
    ['http://[::1]:5000/', /^\[::1\]:5000 is not/],
  ])('refuses %s', (url, message) => {
    expect(() => hosts.check(url)).toThrow(message);
  });

  it('reads allowed hosts and registries from config', () => {
    const fromConfig = releaseHostsFromConfig(
      new ConfigReader({
        allowedHosts: ['pypi.org'],
        registries: [{ host: 'registry.acme.internal:5000', insecure: true }],
      }),
      ['127.0.0.1:7080'],
    );
    expect(fromConfig.allows('pypi.org')).toBe(true);
    expect(fromConfig.allows('127.0.0.1:7080')).toBe(true);
    expect(fromConfig.schemeFor('registry.acme.internal:5000')).toBe('http:');
    expect(fromConfig.schemeFor('pypi.org')).toBe('https:');
  });
});

describe('ReleaseHttp', () => {
  let first: LocalServer;
  let second: LocalServer;

  beforeAll(async () => {
    second = await startHttpServer((_req, res) => {
      res.end('moved here');
    });
    first = await startHttpServer((req, res) => {
      if (req.url === '/moved') {
        res.writeHead(301, { location: `${second.url}/index.yaml` });
      } else if (req.url === '/relative') {
        res.writeHead(302, { location: '/final' });
      } else if (req.url === '/elsewhere') {
        res.writeHead(307, {
          location: 'http://169.254.169.254/latest/meta-data/?token=abc',
        });
      } else if (req.url === '/to-file') {
        res.writeHead(302, { location: 'file:///etc/passwd' });
      } else if (req.url === '/trickle') {
        // Headers at once, then a byte now and then: never a whole answer.
        res.writeHead(200);
        const timer = setInterval(() => res.write('x'), 50);
        res.on('close', () => clearInterval(timer));
        return;
      } else if (req.url === '/bomb') {
        // 16 MiB that compress to about 16 KB; fetch unpacks them as they come.
        res.writeHead(200, { 'content-encoding': 'gzip' });
        res.end(zlib.gzipSync(Buffer.alloc(16 * 1024 * 1024)));
        return;
      } else if (req.url === '/loop') {
        res.writeHead(302, { location: '/loop' });
      } else if (req.url === '/secondary-limit') {
        res.writeHead(403, { 'retry-after': '60' });
      } else if (req.url === '/forbidden') {
        res.writeHead(403);
      } else if (req.url === '/down') {
        res.writeHead(503);
      } else {
        res.write('final');
      }
      res.end();
    });
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });
  beforeEach(() => {
    first.requests.length = 0;
    second.requests.length = 0;
  });

  const client = () =>
    new ReleaseHttp({
      hosts: new ReleaseHosts({
        allowedHosts: [second.host],
        // Marked insecure: these local servers speak plain HTTP only.
        registries: [
          { host: first.host, token: 'first-host-token', insecure: true },
        ],
      }),
    });

  it('follows a redirect to an allowed host without the credentials of the first', async () => {
    const answer = await client().get(`${first.url}/moved`);
    expect(answer.body.toString()).toBe('moved here');
    expect(answer.url.host).toBe(second.host);
    expect(first.requests[0].headers.authorization).toBe(
      'Bearer first-host-token',
    );
    expect(second.requests[0].headers.authorization).toBeUndefined();
  });

  it("refuses to send a registry's credentials over plain HTTP unless it is marked insecure", async () => {
    const http = new ReleaseHttp({
      hosts: new ReleaseHosts({
        registries: [{ host: second.host, token: 'second-host-token' }],
      }),
    });
    const error = await failure(http.get(`${second.url}/index.yaml`));
    expect(error.code).toBe('refused');
    expect(error.message).toBe(
      `${second.url}/index.yaml is plain HTTP, and the credentials configured for ${second.host} are sent over HTTPS only; use https://, or mark the registry insecure in platform.releaseChannels.registries`,
    );
    expect(second.requests).toHaveLength(0);
  });

  it('follows relative redirects on the same host', async () => {
    const answer = await client().get(`${first.url}/relative`);
    expect(answer.body.toString()).toBe('final');
  });

  it.each([
    [
      '/elsewhere',
      '169.254.169.254 is not a host release channels may be read from',
    ],
    ['/to-file', 'file: URLs are not read; only http and https'],
  ])('does not follow the redirect of %s', async (path, message) => {
    const error = await failure(client().get(`${first.url}${path}`));
    expect(error.code).toBe('refused');
    expect(error.message).toContain(message);
    expect(error.message).not.toContain('token=abc');
  });

  it('gives up on an answer that trickles in past the time allowed', async () => {
    const http = new ReleaseHttp({
      hosts: new ReleaseHosts({ allowedHosts: [first.host] }),
      timeoutMs: 500,
    });
    const started = Date.now();
    const error = await failure(http.get(`${first.url}/trickle`));
    expect(error.message).toBe(
      `${first.url}/trickle did not answer within 1 s`,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('counts the unpacked bytes of a compressed answer against the limit', async () => {
    const http = new ReleaseHttp({
      hosts: new ReleaseHosts({ allowedHosts: [first.host] }),
      maxResponseBytes: 1024 * 1024,
    });
    const error = await failure(http.get(`${first.url}/bomb`));
    expect(error.message).toBe(
      `${first.url}/bomb answered with more than 1048576 bytes; not read (platform.releaseChannels.maxResponseBytes)`,
    );
  });

  it('gives up on redirect loops', async () => {
    const error = await failure(client().get(`${first.url}/loop`));
    expect(error.message).toMatch(/redirected more than 5 times/);
    expect(first.requests.length).toBe(6);
  });

  it.each([
    ['/secondary-limit', 'rate-limited'],
    ['/forbidden', 'unauthorized'],
    ['/down', 'unreachable'],
  ])('maps the answer of %s to %s', async (path, code) => {
    const error = await failure(
      client().getOk(`${first.url}${path}`, 'a test document'),
    );
    expect(error.code).toBe(code);
    expect(error.message).toContain('a test document');
  });

  it('answers a 2xx body as it is', async () => {
    const answer = await client().getOk(
      `${first.url}/plain`,
      'a test document',
    );
    expect(answer.body.toString()).toBe('final');
  });
});
