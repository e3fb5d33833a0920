import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CountingListener,
  createGitRepository,
  describeWithRegistry,
  LocalRegistry,
  LocalServer,
  makeImageLayout,
  pushImage,
  startChartRepository,
  startCountingListener,
  startHttpServer,
  startRegistry,
  startTerraformRegistry,
  testPlatformManifest,
} from '@platform-portal/plugin-platform-engine/testUtils';
import { runCli, scanReportSchemaErrors } from '../__testUtils__/runCli';

// eks is tagged up to 2.1.1 and the chart up to 1.2.0; the registries lag one release behind.
const EKS_TAGS = ['2.0.0', '2.1.0', '2.1.1'];
const EKS_PUBLISHED = ['2.0.0', '2.1.0'];
const CHART_TAGS = ['1.0.0', '1.1.0', '1.2.0'];
const CHART_PUBLISHED = ['1.0.0', '1.1.0'];

/** A platform whose eks module is published to a Terraform registry and whose chart to a Helm repository. */
function createPlatform(
  dir: string,
  channels: { terraform: string; helm: string; oci?: string },
): string {
  return createGitRepository(dir, [
    {
      files: {
        'platform.yaml': testPlatformManifest([
          {
            name: 'eks',
            tagPattern: 'eks-v{version}',
            channels: { 'terraform-registry': channels.terraform },
          },
          {
            name: 'service-chart',
            kind: 'helm-chart',
            path: 'charts/service',
            tagPattern: 'service-chart/v{version}',
            channels: {
              helm: channels.helm,
              ...(channels.oci && { oci: channels.oci }),
            },
          },
        ]),
        'modules/eks/main.tf': '# eks\n',
        'charts/service/Chart.yaml':
          'apiVersion: v2\nname: service-chart\nversion: 1.0.0\n',
      },
      tags: [
        ...EKS_TAGS.map(v => `eks-v${v}`),
        ...CHART_TAGS.map(v => `service-chart/v${v}`),
      ],
    },
  ]);
}

/** A service that installs eks from the registry at 2.1.0 and the chart from the repository at 1.0.0. */
function createService(
  dir: string,
  from: { terraform: string; helm: string },
): string {
  fs.mkdirSync(path.join(dir, 'chart'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'main.tf'),
    `module "eks" {\n  source  = "${from.terraform}"\n  version = "2.1.0"\n}\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'chart', 'Chart.yaml'),
    `apiVersion: v2\nname: api\nversion: 0.1.0\ndependencies:\n  - name: service-chart\n    version: 1.0.0\n    repository: ${from.helm}\n`,
  );
  return dir;
}

/** `platform-scan scan DIR --platform PLATFORM ...args`. */
const scanAgainst = (dir: string, platform: string, ...args: string[]) =>
  runCli('scan', dir, '--platform', platform, ...args);

/** The same with `--channels`, allowing each of `hosts` (`scheme://host`). */
const scanChannels = (
  dir: string,
  platform: string,
  hosts: string[],
  ...args: string[]
) =>
  scanAgainst(
    dir,
    platform,
    '--channels',
    ...hosts.flatMap(host => ['--allow-host', host]),
    ...args,
  );

/** The verdict and explanation of each reference, by file. */
function verdicts(out: string): Record<string, string> {
  return Object.fromEntries(
    JSON.parse(out).references.map(
      (r: { file: string; verdict: string; explanation: string }) => [
        r.file,
        `${r.verdict}: ${r.explanation}`,
      ],
    ),
  );
}

describe('platform-scan --channels', () => {
  let root: string;
  let terraform: LocalServer;
  let helm: LocalServer;
  let platform: string;
  let service: string;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-channels-'));
    terraform = await startTerraformRegistry({ 'acme/eks/aws': EKS_PUBLISHED });
    helm = await startChartRepository({ 'service-chart': CHART_PUBLISHED });
    const channels = {
      terraform: `${terraform.host}/acme/eks/aws`,
      helm: `${helm.url}#service-chart`,
    };
    platform = createPlatform(path.join(root, 'platform'), channels);
    service = createService(path.join(root, 'service'), {
      terraform: channels.terraform,
      helm: helm.url,
    });
  });
  afterAll(async () => {
    await terraform.close();
    await helm.close();
    fs.rmSync(root, { recursive: true, force: true });
  });
  beforeEach(() => {
    terraform.requests.length = 0;
    helm.requests.length = 0;
  });

  const allowBoth = () => [`http://${terraform.host}`, `http://${helm.host}`];

  it('judges a consumer against what its channel offers, and says which tagged release the channel lacks', async () => {
    const json = await scanChannels(
      service,
      platform,
      allowBoth(),
      '--format',
      'json',
    );
    expect({ code: json.code, err: json.err }).toEqual({ code: 0, err: '' });
    const report = JSON.parse(json.out);
    expect(scanReportSchemaErrors(report)).toEqual([]);
    // 2.1.0 is the newest release the registry has: no upgrade to the unpublished 2.1.1.
    expect(report.references).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: 'main.tf',
          module: 'eks',
          version: '2.1.0',
          latest: '2.1.0',
          verdict: 'up-to-date',
        }),
        expect.objectContaining({
          file: 'chart/Chart.yaml',
          module: 'service-chart',
          version: '1.0.0',
          latest: '1.1.0',
          verdict: 'minor-behind',
        }),
      ]),
    );
    expect(report.channels).toEqual([
      {
        module: 'eks',
        kind: 'terraform-registry',
        target: `${terraform.host}/acme/eks/aws`,
        latest: '2.1.0',
        notYetOffered: ['2.1.1'],
        versions: EKS_PUBLISHED,
      },
      {
        module: 'service-chart',
        kind: 'helm',
        target: `${helm.url}#service-chart`,
        latest: '1.1.0',
        notYetOffered: ['1.2.0'],
        versions: CHART_PUBLISHED,
      },
    ]);

    const table = await scanChannels(service, platform, allowBoth());
    expect(table.code).toBe(0);
    expect(table.out).toContain(
      `channel  eks: 2.1.1 is tagged, the Terraform registry ${terraform.host}/acme/eks/aws offers 2.1.0\n`,
    );
    expect(table.out).toContain(
      `channel  service-chart: 1.2.0 is tagged, the Helm repository ${helm.url}#service-chart offers 1.1.0\n`,
    );
  });

  it('sends nothing without --channels and judges from the git tags', async () => {
    const { code, out, err } = await scanAgainst(
      service,
      platform,
      '--format',
      'json',
    );
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(terraform.requests).toHaveLength(0);
    expect(helm.requests).toHaveLength(0);
    expect(JSON.parse(out).channels).toBeUndefined();
    expect(verdicts(out)).toEqual({
      'main.tf': expect.stringMatching(/^patch-behind: /),
      'chart/Chart.yaml': expect.stringMatching(/^minor-behind: /),
    });
  });

  it('reads no channel on a host that is not allowed, says how to allow it, and still judges from the git tags', async () => {
    const { code, out, err } = await scanChannels(service, platform, [
      `http://${helm.host}`,
    ]);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(terraform.requests).toHaveLength(0);
    expect(out).toContain(
      `channel  eks: Terraform registry ${terraform.host}/acme/eks/aws was not read (${terraform.host} is not a host release channels may be read from; allow it with --allow-host https://${terraform.host}); its consumers are judged from the git tags\n`,
    );
    expect(out).toMatch(/^main\.tf:2 .* 2\.1\.0\s+2\.1\.1\s+patch-behind/m);
    // The allowed repository is still read.
    expect(out).toContain('1.2.0 is tagged, the Helm repository');
  });

  it('names a channel that does not answer, without what the URL held, and completes from the git tags', async () => {
    const silent: CountingListener = await startCountingListener(socket =>
      socket.destroy(),
    );
    const dir = path.join(root, 'down');
    const target = `127.0.0.1:${silent.port}/acme/eks/aws`;
    const down = createPlatform(path.join(dir, 'platform'), {
      terraform: target,
      helm: `http://user:s3cret@127.0.0.1:${silent.port}#service-chart`,
    });
    const consumer = createService(path.join(dir, 'service'), {
      terraform: target,
      helm: `http://127.0.0.1:${silent.port}`,
    });
    try {
      const { code, out, err } = await scanChannels(
        consumer,
        down,
        [`http://127.0.0.1:${silent.port}`],
        '--format',
        'json',
      );
      expect({ code, err }).toEqual({ code: 0, err: '' });
      expect(silent.connections()).toBeGreaterThan(0);
      const report = JSON.parse(out);
      expect(report.channels).toEqual([
        expect.objectContaining({
          module: 'eks',
          target,
          notYetOffered: [],
          problem: {
            code: 'unreachable',
            message: expect.stringContaining(`127.0.0.1:${silent.port}`),
          },
        }),
      ]);
      // A channel with credentials in it is dropped with the manifest's problems, unread.
      expect(out).not.toContain('s3cret');
      expect(verdicts(out)['main.tf']).toMatch(/^patch-behind: /);
    } finally {
      await silent.close();
    }
  });

  /**
   * Scans with `--channels` a platform and a service that install eks from `registry` (a server
   * started for one test, closed afterwards) and the chart from the shared repository.
   */
  const scanRegistry = async (
    name: string,
    registry: LocalServer,
    hosts: string[],
    ...args: string[]
  ) => {
    const dir = path.join(root, name);
    const target = `${registry.host}/acme/eks/aws`;
    try {
      const result = await scanChannels(
        createService(path.join(dir, 'service'), {
          terraform: target,
          helm: helm.url,
        }),
        createPlatform(path.join(dir, 'platform'), {
          terraform: target,
          helm: `${helm.url}#service-chart`,
        }),
        hosts,
        ...args,
      );
      return { ...result, target };
    } finally {
      await registry.close();
    }
  };

  it('says that a channel which denies access needs the credentials the portal has', async () => {
    const denying = await startHttpServer((_req, res) => {
      res.statusCode = 401;
      res.end();
    });
    const { code, out, target } = await scanRegistry('denied', denying, [
      `http://${denying.host}`,
      `http://${helm.host}`,
    ]);
    expect(code).toBe(0);
    expect(out).toContain(
      `channel  eks: Terraform registry ${target} was not read (http://${denying.host}/.well-known/terraform.json (a Terraform service discovery document): access denied (401); platform-scan sends no credentials; the portal reads channels that need them); its consumers are judged from the git tags\n`,
    );
    // No credentials were asked of the user, and none sent.
    expect(denying.requests.map(r => r.headers.authorization)).toEqual([
      undefined,
    ]);
  });

  it('reads a host allowed with https:// over HTTPS only, whether the channel or a discovery document names http://', async () => {
    // Service discovery on an allowed plain-HTTP registry points the module API at the chart
    // repository's host, which is allowed over HTTPS only.
    const discovery = await startHttpServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({ 'modules.v1': `http://${helm.host}/modules/v1/` }),
      );
    });
    const { code, out, err } = await scanRegistry(
      'downgraded',
      discovery,
      [`http://${discovery.host}`, `https://${helm.host}`],
      '--format',
      'json',
    );
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(helm.requests).toHaveLength(0);
    const refused = {
      code: 'refused',
      message: `${helm.host} is allowed over HTTPS only, and http://${helm.host} was asked; allow plain HTTP with --allow-host http://${helm.host}`,
    };
    expect(JSON.parse(out).channels).toEqual([
      expect.objectContaining({ module: 'eks', problem: refused }),
      expect.objectContaining({ module: 'service-chart', problem: refused }),
    ]);
  });

  it('prints what a registry answered without its control characters, and not at any length', async () => {
    // Terminal escapes (clear the screen, set the title) in a URL that is not valid, and a lot of it.
    const junk = `\u001b[2J\u001b]0;owned\u0007 ${'x'.repeat(100_000)}`;
    const hostile = await startHttpServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ 'modules.v1': `http://[${junk}` }));
    });
    const { code, out } = await scanRegistry('hostile', hostile, [
      `http://${hostile.host}`,
      `http://${helm.host}`,
    ]);
    expect(code).toBe(0);
    const line = out.split('\n').find(l => l.startsWith('channel  eks:'));
    expect(line).toContain('is not a valid URL');
    expect(line).toContain('\\u001b[2J');
    expect(line).not.toContain('\u001b');
    expect(line).not.toContain('\u0007');
    expect(line!.length).toBeLessThan(1000);
  });

  it('reads a few channels at a time, however many the manifest lists', async () => {
    let inFlight = 0;
    let most = 0;
    const slow = await startHttpServer((req, res) => {
      inFlight++;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight--;
        res.setHeader('content-type', 'application/json');
        res.end(
          req.url === '/.well-known/terraform.json'
            ? JSON.stringify({ 'modules.v1': '/v1/modules/' })
            : JSON.stringify({
                modules: [{ versions: [{ version: '2.0.0' }] }],
              }),
        );
      }, 50);
    });
    const names = Array.from({ length: 12 }, (_, i) => `module${i}`);
    const many = createGitRepository(path.join(root, 'many', 'platform'), [
      {
        files: {
          'platform.yaml': testPlatformManifest(
            names.map(name => ({
              name,
              channels: {
                'terraform-registry': `${slow.host}/acme/${name}/aws`,
              },
            })),
          ),
          ...Object.fromEntries(
            names.map(name => [`modules/${name}/main.tf`, '# module\n']),
          ),
        },
        tags: names.map(name => `${name}/v2.0.0`),
      },
    ]);
    try {
      const { code, out } = await scanChannels(
        service,
        many,
        [`http://${slow.host}`],
        '--format',
        'json',
      );
      expect(code).toBe(0);
      expect(
        JSON.parse(out).channels.map((c: { latest?: string }) => c.latest),
      ).toEqual(names.map(() => '2.0.0'));
      expect(most).toBe(4);
    } finally {
      await slow.close();
    }
  });

  it('refuses --allow-host values that are not a scheme and a host, and --allow-host without --channels', async () => {
    for (const value of [
      'registry.acme.example',
      'https://user:pw@registry.acme.example',
      'https://registry.acme.example/v1/modules',
      'http://*.acme.example',
    ]) {
      const { code, err } = await scanChannels(service, platform, [value]);
      expect({ value, code }).toEqual({ value, code: 2 });
      expect(err).toContain(`"${value.replace('user:pw', 'REDACTED')}"`);
      expect(err).not.toContain('pw@');
    }
    const lone = await scanAgainst(
      service,
      platform,
      '--allow-host',
      `http://${terraform.host}`,
    );
    expect(lone).toMatchObject({ code: 2 });
    expect(lone.err).toContain('--allow-host needs --channels');
    const noPlatform = await runCli('scan', service, '--channels');
    expect(noPlatform.code).toBe(2);
    expect(noPlatform.err).toContain('--channels needs --platform');
    expect(terraform.requests).toHaveLength(0);
  });
});

describeWithRegistry('platform-scan --channels on a real OCI registry', () => {
  let registry: LocalRegistry;
  let root: string;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-channels-oci-'));
    registry = await startRegistry();
    const layout = await makeImageLayout('2026-03-04T05:06:07Z');
    for (const version of CHART_PUBLISHED) {
      await pushImage(
        layout,
        `${registry.host}/acme/charts/service-chart:${version}`,
      );
    }
  }, 120_000);
  afterAll(async () => {
    await registry?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('judges a chart installed by oci:// against the tags the registry holds', async () => {
    const oci = `oci://${registry.host}/acme/charts/service-chart`;
    const platform = createPlatform(path.join(root, 'platform'), {
      terraform: 'registry.acme.example/acme/eks/aws',
      helm: 'https://charts.acme.example#service-chart',
      oci,
    });
    const service = createService(path.join(root, 'service'), {
      terraform: 'registry.acme.example/acme/eks/aws',
      helm: `oci://${registry.host}/acme/charts`,
    });
    const { code, out, err } = await scanChannels(
      service,
      platform,
      [`http://${registry.host}`],
      '--format',
      'json',
    );
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const report = JSON.parse(out);
    expect(report.channels).toContainEqual(
      expect.objectContaining({
        kind: 'oci',
        target: oci,
        latest: '1.1.0',
        notYetOffered: ['1.2.0'],
      }),
    );
    expect(verdicts(out)['chart/Chart.yaml']).toMatch(/^minor-behind: /);
    expect(
      report.references.find(
        (r: { file: string }) => r.file === 'chart/Chart.yaml',
      ),
    ).toMatchObject({ version: '1.0.0', latest: '1.1.0' });
  });
});
