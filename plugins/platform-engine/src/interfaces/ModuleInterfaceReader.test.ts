import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { stringify as stringifyYaml } from 'yaml';
import { Reference } from '@platform-portal/plugin-platform-common';
import { listLocalTags } from '../git/git';
import { GitRepositoryHost } from '../hosts/git/GitRepositoryHost';
import { RepositoryHosts } from '../hosts/RepositoryHosts';
import { parsePlatformManifest } from '../manifest/parsePlatformManifest';
import {
  cloneBare,
  commitAll,
  createGitRepository,
  testGit,
  testPlatformManifest,
  writeFiles,
} from '../testUtils/testPlatform';
import { fixture } from './__fixtures__/readFixture';
import { checkReferenceCall } from './checkReferenceCall';
import { InterfaceReadError } from './interfaceError';
import {
  InterfacePlatform,
  ModuleInterfaceReader,
} from './ModuleInterfaceReader';

const MANIFEST = testPlatformManifest([
  'vpc',
  {
    name: 'terraform-ci',
    kind: 'github-workflow',
    path: '.github/workflows/terraform.yml',
  },
  {
    name: 'network',
    kind: 'crossplane-composition',
    path: 'crossplane/network',
  },
  { name: 'web', kind: 'helm-chart', path: 'charts/web' },
  { name: 'guardrails', kind: 'policy', path: 'policies' },
]);

const VPC_1 = `variable "name" {
  description = "Name of the VPC and prefix of its resources"
  type        = string
}

variable "enable_nat_gateway" {
  type    = bool
  default = false
}
`;

const VPC_2 = `variable "cidr" {
  description = "IPv4 range of the VPC"
  type        = string
}

variable "enable_nat_gateway" {
  type    = bool
  default = false
}

variable "tags" {
  type    = map(string)
  default = {}
}
`;

const OUTPUTS = `output "vpc_id" {
  value = aws_vpc.this.id
}
`;

/** A served version of an XRD whose claims' `spec` has this schema. */
function xrdVersion(
  name: string,
  referenceable: boolean,
  spec: Record<string, unknown>,
) {
  return {
    name,
    served: true,
    referenceable,
    schema: {
      openAPIV3Schema: {
        type: 'object',
        properties: { spec: { type: 'object', ...spec } },
      },
    },
  };
}

const STRING = { type: 'string' };
// The network XRD before the release of the fixture xrd/xnetwork.yaml: v1alpha1 still served,
// v1beta1 with `cidrBlock` where 2.0.0 has `cidr`.
const NETWORK_1 = stringifyYaml({
  apiVersion: 'apiextensions.crossplane.io/v1',
  kind: 'CompositeResourceDefinition',
  metadata: { name: 'xnetworks.network.acme.io' },
  spec: {
    group: 'network.acme.io',
    names: { kind: 'XNetwork', plural: 'xnetworks' },
    claimNames: { kind: 'Network', plural: 'networks' },
    versions: [
      xrdVersion('v1alpha1', false, { properties: { region: STRING } }),
      xrdVersion('v1beta1', true, {
        required: ['parameters'],
        properties: {
          parameters: {
            type: 'object',
            required: ['region'],
            properties: { region: STRING, cidrBlock: STRING },
          },
        },
      }),
    ],
  },
});

const COMPOSITION = `apiVersion: apiextensions.crossplane.io/v1
kind: Composition
metadata:
  name: network-aws
spec:
  compositeTypeRef:
    apiVersion: network.acme.io/v1beta1
    kind: XNetwork
`;

const WEB_SCHEMA = JSON.stringify({
  type: 'object',
  required: ['image'],
  properties: {
    image: { type: 'string' },
    replicas: { type: 'integer', default: 2 },
  },
});

let root: string;
let work: string;
let bare: string;
let url: string;
let hosts: RepositoryHosts;

/** Moves the tags to the commit of the work tree and pushes them, as a release is published. */
function tag(...names: string[]) {
  for (const name of names) {
    testGit(work, 'tag', '--force', name);
    testGit(work, 'push', '--quiet', '--force', bare, `refs/tags/${name}`);
  }
}

/** The platform as a scan sees it: the manifest and the tags the repository has now. */
async function platform(): Promise<InterfacePlatform> {
  const { manifest } = parsePlatformManifest(MANIFEST);
  return {
    url,
    snapshot: { manifest: manifest!, tags: await listLocalTags(bare) },
  };
}

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'module-interfaces-'));
  work = path.join(root, 'work');
  bare = path.join(root, 'repos', 'acme', 'platform.git');
  createGitRepository(work, [
    {
      files: {
        'platform.yaml': MANIFEST,
        'modules/vpc/variables.tf': VPC_1,
        'modules/vpc/outputs.tf': OUTPUTS,
        // Terraform reads only the module's own directory.
        'modules/vpc/examples/complete/variables.tf':
          'variable "example_only" {}\n',
        '.github/workflows/terraform.yml': fixture(
          'workflows/terraform-v3.yml',
        ),
        'crossplane/network/definition.yaml': NETWORK_1,
        'crossplane/network/composition.yaml': COMPOSITION,
        'charts/web/values.schema.json': WEB_SCHEMA,
        'policies/terraform.rego': 'package terraform\n',
      },
      tags: [
        'vpc/v1.0.0',
        'terraform-ci/v3.0.0',
        'network/v1.0.0',
        'web/v1.0.0',
        'guardrails/v1.0.0',
      ],
    },
    {
      files: {
        'modules/vpc/variables.tf': VPC_2,
        '.github/workflows/terraform.yml': fixture(
          'workflows/terraform-v4.yml',
        ),
        'crossplane/network/definition.yaml': fixture('xrd/xnetwork.yaml'),
      },
      tags: ['vpc/v2.1.1', 'terraform-ci/v4.0.0', 'network/v2.0.0'],
    },
    {
      // A release that does not parse.
      files: {
        'modules/vpc/variables.tf': 'variable "cidr" {\n  type = string\n',
      },
      tags: ['vpc/v2.2.0'],
    },
  ]);
  cloneBare(work, bare);
  url = pathToFileURL(bare.replace(/\.git$/, '')).href;
  hosts = new RepositoryHosts([
    new GitRepositoryHost({ localRoots: [path.join(root, 'repos')] }),
  ]);
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('ModuleInterfaceReader', () => {
  it('reads the interface of each kind of module at its tag through the repository host', async () => {
    const reader = new ModuleInterfaceReader({ hosts });
    const at = await platform();

    const vpc1 = await reader.read(at, 'vpc', '1.0.0');
    expect(vpc1.release).toEqual({ module: 'vpc', tag: 'vpc/v1.0.0' });
    expect(vpc1.version).toBe('1.0.0');
    expect(vpc1.interface).toEqual({
      kind: 'terraform',
      variables: [
        expect.objectContaining({
          name: 'name',
          kind: 'string',
          required: true,
        }),
        expect.objectContaining({
          name: 'enable_nat_gateway',
          kind: 'bool',
          required: false,
          default: false,
        }),
      ],
      outputs: [{ name: 'vpc_id', sensitive: false }],
    });
    const vpc2 = await reader.read(at, 'vpc', '2.1.1');
    expect(
      vpc2.interface.kind === 'terraform' &&
        vpc2.interface.variables.map(v => v.name),
    ).toEqual(['cidr', 'enable_nat_gateway', 'tags']);

    const workflow = await reader.read(at, 'terraform-ci', '3.0.0');
    expect(workflow.interface).toMatchObject({
      kind: 'workflow',
      inputs: expect.arrayContaining([
        expect.objectContaining({ name: 'working-directory', required: true }),
      ]),
      secrets: expect.arrayContaining([
        expect.objectContaining({ name: 'AWS_ROLE_ARN', required: true }),
      ]),
    });

    const network = await reader.read(at, 'network', '2.0.0');
    expect(network.interface).toMatchObject({
      kind: 'xrd',
      group: 'network.acme.io',
      claimKind: 'Network',
    });
    expect(
      network.interface.kind === 'xrd' &&
        network.interface.versions.map(v => [v.name, v.served]),
    ).toEqual([
      ['v1alpha1', false],
      ['v1beta1', true],
    ]);

    const web = await reader.read(at, 'web', '1.0.0');
    expect(web.interface).toEqual({
      kind: 'helm',
      hasSchema: true,
      properties: [
        { name: 'image', type: 'string', required: true },
        { name: 'replicas', type: 'integer', required: false, default: 2 },
      ],
    });
    expect(reader.reads).toBe(5);
  });

  it('reads a release once, however often and however many at the same time ask for it', async () => {
    const reader = new ModuleInterfaceReader({ hosts });
    const at = await platform();
    const together = await Promise.all(
      Array.from({ length: 8 }, () => reader.read(at, 'vpc', '1.0.0')),
    );
    const later = await reader.read(await platform(), 'vpc', '1.0.0');
    expect(reader.reads).toBe(1);
    expect(new Set([...together, later]).size).toBe(1);
  });

  it('names module, tag and file when a tag is missing, a file does not parse or a module has no interface', async () => {
    const reader = new ModuleInterfaceReader({ hosts });
    const at = await platform();
    const failure = (module: string, version: string) =>
      reader.read(at, module, version).then(
        () => undefined,
        (error: unknown) => error,
      );

    const missing = await failure('vpc', '9.9.9');
    expect(missing).toBeInstanceOf(InterfaceReadError);
    expect(missing).toMatchObject({
      module: 'vpc',
      tag: '9.9.9',
      file: 'modules/vpc',
      message:
        'vpc@9.9.9: modules/vpc: no tag of version 9.9.9 (tag pattern vpc/v{version})',
    });

    const unparseable = await failure('vpc', '2.2.0');
    expect(unparseable).toBeInstanceOf(InterfaceReadError);
    expect(unparseable).toMatchObject({
      module: 'vpc',
      tag: 'vpc/v2.2.0',
      file: 'modules/vpc/variables.tf',
    });
    expect((unparseable as Error).message).toMatch(
      /^vpc@vpc\/v2\.2\.0: modules\/vpc\/variables\.tf: syntax error near line 1/,
    );
    // What a release holds does not change: its failure is kept like its interface.
    await failure('vpc', '2.2.0');
    expect(reader.reads).toBe(1);

    expect(await failure('guardrails', '1.0.0')).toMatchObject({
      message:
        'guardrails@guardrails/v1.0.0: policies: a policy module has no interface',
    });
    expect(await failure('dns', '1.0.0')).toMatchObject({
      message:
        'dns@1.0.0: platform.yaml: no module of that name in acme-platform',
    });
  });

  it('reads a tag again once it was moved to another commit', async () => {
    const reader = new ModuleInterfaceReader({ hosts });
    const before = await reader.read(await platform(), 'web', '1.0.0');
    writeFiles(work, {
      'charts/web/values.schema.json': JSON.stringify({
        type: 'object',
        properties: { image: { type: 'string' } },
      }),
    });
    commitAll(work, 'the chart republished under the same tag');
    tag('web/v1.0.0');
    const after = await reader.read(await platform(), 'web', '1.0.0');
    expect(reader.reads).toBe(2);
    expect(
      before.interface.kind === 'helm' &&
        before.interface.properties.map(p => [p.name, p.required]),
    ).toEqual([
      ['image', true],
      ['replicas', false],
    ]);
    expect(after.interface).toEqual({
      kind: 'helm',
      hasSchema: true,
      properties: [{ name: 'image', type: 'string', required: false }],
    });
  });
});

describe('checkReferenceCall', () => {
  let reader: ModuleInterfaceReader;
  let at: InterfacePlatform;
  beforeAll(async () => {
    reader = new ModuleInterfaceReader({ hosts });
    at = await platform();
  });
  const vpcDrift = { module: 'vpc', version: '1.0.0', latest: '2.1.1' };
  /** Checks a reference making this call (none when undefined) against the drift of its pin. */
  const check = (
    call: Reference['call'],
    drift: Parameters<typeof checkReferenceCall>[3],
  ) => checkReferenceCall(reader, at, call ? { call } : {}, drift);

  it('judges the upgrade of a call that matches its pin: what the latest release needs of it', async () => {
    await expect(
      check(
        {
          arguments: [
            { name: 'name', value: 'orders' },
            { name: 'enable_nat_gateway', value: true },
          ],
        },
        vpcDrift,
      ),
    ).resolves.toEqual({
      callStatus: 'breaking-upgrade',
      callFindings: [],
      upgrade: {
        to: '2.1.1',
        breaking: true,
        needs: ['needs `cidr` (new, required)', '`name` is removed'],
      },
    });
  });

  it("leaves a call of a submodule unchecked: its interface is its own, not the module's", async () => {
    const call = {
      arguments: [{ name: 'subnet_cidrs', value: 'not the vpc module' }],
    };
    const inModule = (subdirectory: string) =>
      checkReferenceCall(
        reader,
        at,
        {
          call,
          name: `github.com/acme/platform//${subdirectory}`,
          target: {
            type: 'git',
            host: 'github.com',
            repository: 'acme/platform',
            subdirectory,
          },
        },
        vpcDrift,
      );
    await expect(
      inModule('modules/vpc/modules/subnets'),
    ).resolves.toBeUndefined();
    // The same call of the module itself is checked, and lacks what the module requires.
    await expect(inModule('modules/vpc')).resolves.toMatchObject({
      callStatus: 'broken',
    });
  });

  it('marks a call that does not match its pin as broken, and one fit for the latest release as ok', async () => {
    const broken = await check(
      { arguments: [{ name: 'enable_nat_gateway', value: 'yes' }] },
      vpcDrift,
    );
    expect(broken?.callStatus).toBe('broken');
    expect(broken?.callFindings.map(f => f.message)).toEqual([
      '`name` is required by vpc@vpc/v1.0.0 but not set',
      '`enable_nat_gateway` is a bool in vpc@vpc/v1.0.0, not string "yes"',
    ]);

    await expect(
      check(
        { arguments: [{ name: 'cidr', value: '10.20.0.0/16' }] },
        { module: 'vpc', version: '2.1.1', latest: '2.1.1' },
      ),
    ).resolves.toEqual({ callStatus: 'ok', callFindings: [] });
  });

  it('checks nothing without a call or a resolved module version', async () => {
    const call = { arguments: [] };
    await expect(check(undefined, vpcDrift)).resolves.toBeUndefined();
    await expect(check(call, { latest: '2.1.1' })).resolves.toBeUndefined();
    await expect(
      check(call, { module: 'vpc', latest: '2.1.1' }),
    ).resolves.toBeUndefined();
  });

  it('checks a workflow call with inherited secrets and judges the new required input, not the secrets', async () => {
    await expect(
      check(
        {
          arguments: [{ name: 'working-directory', value: 'infra/prod' }],
          inheritsSecrets: true,
        },
        { module: 'terraform-ci', version: '3.0.0', latest: '4.0.0' },
      ),
    ).resolves.toEqual({
      callStatus: 'breaking-upgrade',
      callFindings: [],
      upgrade: {
        to: '4.0.0',
        breaking: true,
        // 4.0.0 also requires INFRACOST_API_KEY, which the caller passes on with all its secrets.
        needs: ['needs `tool` (new, required)'],
      },
    });
    const passed = await check(
      {
        arguments: [{ name: 'working-directory', value: 'infra/prod' }],
        secrets: ['AWS_ROLE_ARN'],
      },
      { module: 'terraform-ci', version: '3.0.0', latest: '4.0.0' },
    );
    expect(passed?.upgrade?.needs).toEqual([
      'needs `tool` (new, required)',
      'needs `INFRACOST_API_KEY` (now required)',
    ]);
  });

  it('checks a claim against its version and judges the upgrade by the paths it sets, in that version only', async () => {
    const drift = { module: 'network', version: '1.0.0', latest: '2.0.0' };
    await expect(
      check(
        {
          arguments: [
            { name: 'parameters.region', value: 'eu-west-1' },
            { name: 'parameters.cidrBlock', value: '10.20.0.0/16' },
          ],
          schemaVersion: 'v1beta1',
        },
        drift,
      ),
    ).resolves.toEqual({
      callStatus: 'breaking-upgrade',
      callFindings: [],
      upgrade: {
        to: '2.0.0',
        breaking: true,
        // Not v1alpha1 going unserved, nor `flowLogs.retentionDays`: the claim sets no flowLogs.
        needs: [
          'needs `parameters.cidr` (new, required)',
          '`parameters.cidrBlock` is removed',
        ],
      },
    });

    const oldVersion = await check(
      {
        arguments: [{ name: 'region', value: 3 }],
        schemaVersion: 'v1alpha1',
      },
      drift,
    );
    expect(oldVersion).toEqual({
      callStatus: 'broken',
      callFindings: [
        {
          finding: 'wrong-type',
          argument: 'region',
          message:
            '`spec.region` is a string in network@network/v1.0.0 (v1alpha1), not number 3',
        },
      ],
      upgrade: {
        to: '2.0.0',
        breaking: true,
        needs: ['version v1alpha1 is no longer served'],
      },
    });
  });

  it('lets an interface that cannot be read fail the check, naming module, tag and file', async () => {
    await expect(
      check(
        { arguments: [{ name: 'cidr', value: '10.0.0.0/16' }] },
        { module: 'vpc', version: '2.1.1', latest: '2.2.0' },
      ),
    ).rejects.toThrow(
      /^vpc@vpc\/v2\.2\.0: modules\/vpc\/variables\.tf: syntax error/,
    );
  });
});
