import { ServerResponse } from 'node:http';
import { LocalServer, startHttpServer } from './__testUtils__/servers';
import { testHttp } from './__testUtils__/sources';
import { createReleaseChannelReader } from './createReleaseChannelReader';
import { TerraformRegistrySource } from './TerraformRegistrySource';

/** A module versions document listing `count` versions, as the registry protocol writes it. */
function versionsDocument(count: number): string {
  const list = Array.from(
    { length: count },
    (_, i) => `{"version":"${i % 1000}.${Math.floor(i / 1000)}.0"}`,
  );
  return `{"modules":[{"versions":[${list.join(',')}]}]}`;
}

describe('createReleaseChannelReader against a channel that lists too many versions', () => {
  let server: LocalServer;
  let versions: number;

  beforeAll(async () => {
    server = await startHttpServer((req, res: ServerResponse) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/terraform.json') {
        res.end(JSON.stringify({ 'modules.v1': '/v1/modules/' }));
        return;
      }
      res.end(versionsDocument(versions));
    });
  });
  afterAll(() => server.close());

  const read = () =>
    createReleaseChannelReader([
      new TerraformRegistrySource({
        http: testHttp({ registries: [{ host: server.host, insecure: true }] }),
      }),
    ]).read({
      kind: 'terraform-registry',
      target: `${server.host}/acme/eks/aws`,
    });

  it('reads a module with thousands of versions', async () => {
    versions = 5000;
    const reading = await read();
    expect(reading.problem).toBeUndefined();
    expect(reading.releaseCount).toBe(5000);
    expect(reading.latest?.version).toBe('999.4.0');
  });

  it('refuses a versions document of a million versions, within the response limit, without sorting it', async () => {
    // About 20 MB: under the 32 MiB response limit.
    versions = 1_000_000;
    const started = Date.now();
    // Sorting them took about a minute.
    const reading = await read();
    expect(reading).toMatchObject({
      releaseCount: 0,
      problem: {
        code: 'refused',
        message:
          'the channel lists 1000000 versions; more than 50000 are not read',
      },
    });
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);
});

describe('createReleaseChannelReader on a source that fails with a long message', () => {
  it('shows the failure without credentials or control characters, cut short, at once', async () => {
    const reader = createReleaseChannelReader([
      {
        kind: 'helm',
        listReleases: async () => {
          throw new Error(
            `https://bot:s3cret@charts.acme.example \u001b[2J ${'x'.repeat(
              1_000_000,
            )}`,
          );
        },
      },
    ]);
    const started = Date.now();
    const reading = await reader.read({
      kind: 'helm',
      target: 'https://charts.acme.example#payments',
    });
    expect(reading.problem?.message).toMatch(
      /^reading the channel failed: https:\/\/REDACTED@charts\.acme\.example \\u001b\[2J x+…$/,
    );
    expect(reading.problem?.message).toHaveLength(1001);
    // Looking for credentials in a megabyte of text took minutes.
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
