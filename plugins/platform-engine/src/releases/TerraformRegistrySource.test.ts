import { ServerResponse } from 'node:http';
import { LocalServer, startHttpServer } from './__testUtils__/servers';
import { failure, testHttp } from './__testUtils__/sources';
import { TerraformRegistrySource } from './TerraformRegistrySource';

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

// Shapes as the module registry protocol documents them.
const VERSIONS = {
  modules: [
    {
      source: 'acme/vpc/aws',
      versions: [
        {
          version: '1.3.0',
          root: { providers: [], dependencies: [] },
          submodules: [],
        },
        {
          version: '1.4.0',
          root: { providers: [], dependencies: [] },
          submodules: [],
        },
        { version: '1.5.0-beta.1', submodules: [] },
        { version: 'not-a-version' },
        {},
      ],
    },
  ],
};

describe('TerraformRegistrySource', () => {
  let server: LocalServer;
  let other: LocalServer;
  let handler: (path: string, res: ServerResponse) => void;

  beforeAll(async () => {
    server = await startHttpServer((req, res) =>
      handler(new URL(req.url ?? '/', 'http://localhost').pathname, res),
    );
    other = await startHttpServer((_req, res) => json(res, 200, VERSIONS));
  });
  afterAll(async () => {
    await server.close();
    await other.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
    other.requests.length = 0;
    handler = (path, res) => {
      if (path === '/.well-known/terraform.json') {
        json(res, 200, {
          'modules.v1': '/api/registry/v1/modules/',
          'providers.v1': '/v1/providers/',
        });
      } else if (path === '/api/registry/v1/modules/acme/vpc/aws/versions') {
        json(res, 200, VERSIONS);
      } else {
        json(res, 404, { errors: ['Not Found'] });
      }
    };
  });

  const terraform = (allowedHosts: string[] = []) =>
    new TerraformRegistrySource({
      http: testHttp({
        allowedHosts,
        registries: [{ host: server.host, insecure: true }],
      }),
    });

  it('finds the module API by service discovery and lists its versions', async () => {
    const releases = await terraform().listReleases(
      `${server.host}/acme/vpc/aws`,
    );
    expect(releases.map(r => r.versionAsPublished)).toEqual([
      '1.3.0',
      '1.4.0',
      '1.5.0-beta.1',
    ]);
    expect(server.requests.map(r => r.url)).toEqual([
      '/.well-known/terraform.json',
      '/api/registry/v1/modules/acme/vpc/aws/versions',
    ]);
  });

  it('answers not-found for a module the registry does not know', async () => {
    const error = await failure(
      terraform().listReleases(`${server.host}/acme/eks/aws`),
    );
    expect(error.code).toBe('not-found');
  });

  it('answers not-found for a host without a module registry', async () => {
    handler = (_path, res) =>
      json(res, 200, { 'providers.v1': '/v1/providers/' });
    const error = await failure(
      terraform().listReleases(`${server.host}/acme/vpc/aws`),
    );
    expect(error.code).toBe('not-found');
    expect(error.message).toMatch(/no modules\.v1/);
  });

  it('follows a discovery document to another allowed host', async () => {
    handler = (_path, res) =>
      json(res, 200, { 'modules.v1': `${other.url}/v1/modules/` });
    const releases = await terraform([other.host]).listReleases(
      `${server.host}/acme/vpc/aws`,
    );
    expect(releases).toHaveLength(3);
    expect(other.requests.map(r => r.url)).toEqual([
      '/v1/modules/acme/vpc/aws/versions',
    ]);
  });

  it('refuses a discovery document pointing at a host that is not allowed', async () => {
    handler = (_path, res) =>
      json(res, 200, { 'modules.v1': `${other.url}/v1/modules/` });
    const error = await failure(
      terraform().listReleases(`${server.host}/acme/vpc/aws`),
    );
    expect(error.code).toBe('refused');
    expect(other.requests).toHaveLength(0);
  });

  it('answers unreachable for a discovery document that is not JSON', async () => {
    handler = (_path, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html></html>');
    };
    const error = await failure(
      terraform().listReleases(`${server.host}/acme/vpc/aws`),
    );
    expect(error.code).toBe('unreachable');
  });

  it.each([
    'acme/vpc/aws',
    'registry.terraform.io/acme/vpc',
    'registry.terraform.io/acme/../aws/x',
    'registry.terraform.io/acme/vpc/aws/extra',
    'user:pw@registry.terraform.io/acme/vpc/aws',
    'registry.terraform.io/acme/vpc/aws?x=1',
  ])('refuses the target %s', async target => {
    const error = await failure(
      terraform(['registry.terraform.io']).listReleases(target),
    );
    expect(error.code).toBe('refused');
  });

  it('refuses a registry that is not allowed, without asking it', async () => {
    const error = await failure(
      new TerraformRegistrySource({ http: testHttp() }).listReleases(
        `${server.host}/acme/vpc/aws`,
      ),
    );
    expect(error.code).toBe('refused');
    expect(server.requests).toHaveLength(0);
  });
});
