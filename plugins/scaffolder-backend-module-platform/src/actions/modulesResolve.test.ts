import { mockServices } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  configReaching,
  startCountingListener,
} from '../__testUtils__/countingListener';
import {
  LATEST_VPC,
  TestPlatform,
  VPC_INPUTS,
  createTestPlatform,
} from '../tests/testPlatform';
import { createModulesResolveAction } from './modulesResolve';

describe('platform:modules:resolve', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await createTestPlatform();
  });
  afterAll(() => platform.cleanup());

  const action = () =>
    createModulesResolveAction({
      config: mockServices.rootConfig({ data: platform.config }),
    });

  /** Runs the action with the inputs and answers the modules it output, or what it threw. */
  async function resolve(input: Record<string, unknown>) {
    const ctx = createMockActionContext({ input: input as JsonObject });
    await action().handler(ctx as any);
    return (ctx.output as jest.Mock).mock.calls.find(
      ([name]) => name === 'modules',
    )?.[1];
  }

  it('resolves each module to its latest tag, the source to pin and the arguments of its call', async () => {
    const ctx = createMockActionContext({
      input: {
        modules: ['vpc', 'eks', 'terraform-ci', 'vpc'],
        moduleInputs: { vpc: { version: '2.1.0', inputs: VPC_INPUTS } },
        fills: ['environment', 'tool'],
      },
    });
    await action().handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('modules', {
      vpc: LATEST_VPC,
      eks: {
        version: '3.2.0',
        ref: 'eks-v3.2.0',
        source:
          'git::https://github.com/acme/platform.git//modules/eks?ref=eks-v3.2.0',
        kind: 'terraform-module',
        path: 'modules/eks',
        label: 'eks',
        arguments: [
          {
            name: 'cluster_name',
            hcl: 'local.name',
            from: 'project.name',
            align: '',
          },
          {
            name: 'subnet_ids',
            hcl: 'module.vpc.private_subnet_ids',
            from: 'vpc.private_subnet_ids',
            align: '  ',
          },
        ],
        inputs: {},
        summary:
          'cluster\\_name ← project.name; subnet\\_ids ← vpc.private\\_subnet\\_ids',
      },
      // The workflow at v3.2.0 declares environment and working-directory, not tool.
      'terraform-ci': {
        version: '3.2.0',
        ref: 'v3.2.0',
        source: 'acme/platform/.github/workflows/terraform.yml@v3.2.0',
        kind: 'github-workflow',
        path: '.github/workflows/terraform.yml',
        with: ['environment'],
      },
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'platformRepository',
      'https://github.com/acme/platform.git',
    );
  });

  it('resolves in dry runs too, as it only reads', async () => {
    const ctx = {
      ...createMockActionContext({
        input: {
          modules: ['rds'],
          platform: 'https://github.com/acme/platform',
          moduleInputs: { rds: { inputs: { subnet_ids: ['subnet-1'] } } },
        },
      }),
      isDryRun: true,
    };
    await action().handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith(
      'modules',
      expect.objectContaining({
        rds: expect.objectContaining({ ref: 'rds/v2.1.0' }),
      }),
    );
  });

  it('reads the claim kind and composition of a Crossplane module at its release', async () => {
    const ctx = createMockActionContext({
      input: {
        modules: ['postgresql'],
        moduleInputs: { postgresql: { inputs: { region: 'eu-west-1' } } },
      },
    });
    await action().handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('modules', {
      postgresql: {
        version: '1.1.0',
        ref: 'postgresql/v1.1.0',
        source:
          'git::https://github.com/acme/platform.git//crossplane/postgresql?ref=postgresql/v1.1.0',
        kind: 'crossplane-composition',
        path: 'crossplane/postgresql',
        claim: {
          // v1alpha1 is served but deprecated; v1beta1 is the one Crossplane stores.
          apiVersion: 'platform.acme.io/v1beta1',
          kind: 'PostgreSQLInstance',
          composition: 'xpostgresqlinstances.aws.platform.acme.io',
          revisionLabel: 'postgresql-v1.1.0',
          spec: { region: 'eu-west-1' },
        },
        inputs: { region: 'eu-west-1' },
      },
    });
  });

  it('writes the claim parameters set, checked against the XRD version of the claim', async () => {
    const claimOf = (inputs: Record<string, unknown>) =>
      resolve({
        modules: ['postgresql'],
        moduleInputs: { postgresql: { inputs } },
      }).then(modules => modules.postgresql.claim.spec);
    expect(await claimOf({ storageGB: 50, region: 'eu-central-1' })).toEqual({
      region: 'eu-central-1',
      storageGB: 50,
    });
    await expect(claimOf({ storageGB: 50 })).rejects.toThrow(
      "postgresql 1.1.0 requires 'region', which is not set",
    );
    await expect(
      claimOf({ region: 'eu-west-1', storageGB: '50' }),
    ).rejects.toThrow(
      "'storageGB' of postgresql 1.1.0 must be of type integer",
    );
    await expect(claimOf({ region: 'us-east-1' })).rejects.toThrow(
      '\'region\' of postgresql 1.1.0 must be one of "eu-west-1", "eu-central-1"',
    );
    await expect(
      claimOf({ region: 'eu-west-1', size: 'large' }),
    ).rejects.toThrow(
      "'size' is not a spec property of postgresql 1.1.0; it has region, storageGB, version, readReplicas",
    );
  });

  it('pins the version the form showed, or the one a versions map asks for', async () => {
    const byForm = await resolve({
      modules: ['vpc'],
      moduleInputs: { vpc: { version: '2.0.0', inputs: VPC_INPUTS } },
    });
    expect(byForm.vpc).toMatchObject({
      version: '2.0.0',
      ref: 'vpc/v2.0.0',
      source:
        'git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v2.0.0',
    });
    const byMap = await resolve({
      modules: ['vpc'],
      versions: { vpc: '1.4.0' },
      moduleInputs: { vpc: { inputs: VPC_INPUTS } },
    });
    expect(byMap.vpc.ref).toBe('vpc/v1.4.0');
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'a version that does not exist',
      { versions: { vpc: '9.9.9' } },
      "The module 'vpc' has no release '9.9.9'; its releases are 2.1.0, 2.0.0, 1.4.0",
    ],
    [
      'two versions that disagree',
      {
        versions: { vpc: '2.0.0' },
        moduleInputs: { vpc: { version: '2.1.0' } },
      },
      "The module 'vpc' is asked at release '2.0.0' and at release '2.1.0'",
    ],
    [
      'a required input that is not set',
      { moduleInputs: {} },
      "vpc 2.1.0 requires 'cidr', which is not set",
    ],
    [
      'no module inputs at all, as an API caller may send',
      {},
      "vpc 2.1.0 requires 'cidr', which is not set",
    ],
    [
      'an input the module does not declare',
      { moduleInputs: { vpc: { inputs: { ...VPC_INPUTS, cidr_block: 'x' } } } },
      "'cidr_block' is not an input of vpc 2.1.0; it declares name, cidr, region, az_count, enable_ipv6, tags",
    ],
    [
      'an input the platform wires',
      { moduleInputs: { vpc: { inputs: { ...VPC_INPUTS, name: 'mine' } } } },
      "'name' of vpc 2.1.0 is fed by project.name; it cannot be set as well",
    ],
    [
      'a number input that is no number',
      {
        moduleInputs: { vpc: { inputs: { ...VPC_INPUTS, az_count: 'three' } } },
      },
      "'az_count' of vpc 2.1.0 must be a number",
    ],
    [
      'a map of strings holding a list',
      {
        moduleInputs: {
          vpc: { inputs: { ...VPC_INPUTS, tags: { team: ['orders'] } } },
        },
      },
      "'tags' of vpc 2.1.0 must be a map(string)",
    ],
  ])(
    'refuses %s as bad input, naming module and input',
    async (_, input, message) => {
      const error = await resolve({ modules: ['vpc'], ...input }).catch(e => e);
      expect(error.name).toBe('InputError');
      expect(error.message).toBe(message);
    },
  );

  it('asks for a wired input when its source module is not chosen', async () => {
    const error = await resolve({ modules: ['eks'] }).catch(e => e);
    expect(error.message).toBe(
      "eks 3.2.0 requires 'subnet_ids', which is not set",
    );
    const modules = await resolve({
      modules: ['eks'],
      moduleInputs: {
        eks: { inputs: { subnet_ids: ['subnet-1', 'subnet-2'] } },
      },
    });
    expect(modules.eks.arguments).toEqual([
      {
        name: 'cluster_name',
        hcl: 'local.name',
        from: 'project.name',
        align: '',
      },
      { name: 'subnet_ids', hcl: '["subnet-1", "subnet-2"]', align: '  ' },
    ]);
  });

  it('encodes every value set for HCL, so none adds a block or an interpolation', async () => {
    const breakout =
      'x"\n}\nresource "null_resource" "pwn" {\n  # ${file("/etc/passwd")} %{ if true }x%{ endif }\n';
    const modules = await resolve({
      modules: ['vpc'],
      moduleInputs: {
        vpc: {
          inputs: {
            cidr: breakout,
            az_count: 2,
            enable_ipv6: true,
            tags: { [breakout]: breakout },
          },
        },
      },
    });
    const escaped =
      '"x\\"\\n}\\nresource \\"null_resource\\" \\"pwn\\" {\\n  # $${file(\\"/etc/passwd\\")} %%{ if true }x%%{ endif }\\n"';
    expect(modules.vpc.arguments).toEqual([
      {
        name: 'name',
        hcl: 'local.name',
        from: 'project.name',
        align: '       ',
      },
      { name: 'cidr', hcl: escaped, align: '       ' },
      { name: 'az_count', hcl: '2', align: '   ' },
      { name: 'enable_ipv6', hcl: 'true', align: '' },
      { name: 'tags', hcl: `{ ${escaped} = ${escaped} }`, align: '       ' },
    ]);
    expect(modules.vpc.summary).not.toMatch(/\n/);
  });

  it('ignores the inputs the form kept for a module no longer chosen', async () => {
    const modules = await resolve({
      modules: ['vpc'],
      moduleInputs: {
        vpc: { inputs: VPC_INPUTS },
        eks: { version: '9.9.9', inputs: { nope: true } },
      },
    });
    expect(Object.keys(modules)).toEqual(['vpc']);
  });

  /** Resolves on a test platform whose every tag also holds the given files. */
  async function resolveWithFiles(
    files: Record<string, string>,
    input: Record<string, unknown>,
  ) {
    const other = await createTestPlatform({}, { files });
    try {
      const ctx = createMockActionContext({ input: input as JsonObject });
      await createModulesResolveAction({
        config: mockServices.rootConfig({ data: other.config }),
      }).handler(ctx as any);
      return ctx;
    } finally {
      await other.cleanup();
    }
  }

  it('refuses to write a sensitive input into the repository', async () => {
    const error = await resolveWithFiles(
      {
        'modules/vpc/secrets.tf':
          'variable "flow_log_token" {\n  type      = string\n  sensitive = true\n  default   = null\n}\n',
      },
      {
        modules: ['vpc'],
        moduleInputs: {
          vpc: { inputs: { ...VPC_INPUTS, flow_log_token: 's3cr3t' } },
        },
      },
    ).catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toBe(
      "'flow_log_token' of vpc 2.1.0 is sensitive; it is not written into the repository, set it in the pipeline (TF_VAR_flow_log_token)",
    );
  });

  it('refuses a release whose interface cannot be read, naming module, tag and file', async () => {
    const error = await resolveWithFiles(
      { 'modules/vpc/variables.tf': 'variable "cidr" {\n  type = \n' },
      { modules: ['vpc'], moduleInputs: { vpc: { inputs: VPC_INPUTS } } },
    ).catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toMatch(
      /^Cannot read the interface of the release to pin: vpc@vpc\/v2\.1\.0: modules\/vpc\/variables\.tf: /,
    );
    expect(error.message).not.toMatch(/scaffolder-platform-|\/tmp\//);
  });

  it('passes every input the template fills that the workflow release declares, like the old tool', async () => {
    const ctx = await resolveWithFiles(
      {
        '.github/workflows/terraform.yml': `on:
  workflow_call:
    inputs:
      tool: { type: string, required: true }
      environment: { type: string, default: staging }
jobs: {}
`,
      },
      { modules: ['terraform-ci'], fills: ['environment', 'tool'] },
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'modules',
      expect.objectContaining({
        'terraform-ci': expect.objectContaining({
          with: ['environment', 'tool'],
        }),
      }),
    );
  });

  it('refuses a workflow release that requires an input the template does not fill', async () => {
    const strict = await createTestPlatform(
      {},
      {
        files: {
          '.github/workflows/terraform.yml': `on:
  workflow_call:
    inputs:
      environment: { type: string, required: true }
      aws-role: { type: string, required: true }
      tool: { type: string }
jobs: {}
`,
        },
      },
    );
    try {
      const strictAction = createModulesResolveAction({
        config: mockServices.rootConfig({ data: strict.config }),
      });
      const ctx = createMockActionContext({
        input: { modules: ['terraform-ci'], fills: ['environment', 'tool'] },
      });
      const error = await strictAction.handler(ctx as any).catch(e => e);
      expect(error.name).toBe('InputError');
      expect(error.message).toBe(
        "terraform-ci 3.2.0 requires 'aws-role', which this template does not fill (it fills environment, tool)",
      );
    } finally {
      await strict.cleanup();
    }
  });

  it('refuses modules of another kind than the step takes', async () => {
    const ctx = createMockActionContext({
      input: {
        modules: ['vpc', 'postgresql'],
        kinds: ['crossplane-composition'],
      },
    });
    await expect(action().handler(ctx as any)).rejects.toThrow(
      /'vpc' is a terraform-module; this step takes crossplane-composition modules \(postgresql\)/,
    );
  });

  it('refuses unknown modules as bad input, naming them and the modules offered', async () => {
    const ctx = createMockActionContext({
      input: { modules: ['vpc', 'nope', '../vpc'] },
    });
    const error = await action()
      .handler(ctx as any)
      .catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toMatch(
      /Unknown platform modules 'nope', '..\/vpc'; .* offers vpc, eks, rds, dns, terraform-ci, postgresql/,
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('refuses a module without any release', async () => {
    const ctx = createMockActionContext({ input: { modules: ['dns'] } });
    await expect(action().handler(ctx as any)).rejects.toThrow(
      /'dns' has no release yet/,
    );
  });

  it('refuses a platform that is not configured, naming it and the configured ones, and reaches nothing', async () => {
    const listener = await startCountingListener();
    const reachable = createModulesResolveAction({
      config: mockServices.rootConfig({
        data: configReaching(platform.config, listener),
      }),
    });
    try {
      for (const platformUrl of [
        `http://127.0.0.1:${listener.port}/x.git`,
        `https://127.0.0.1:${listener.port}/acme/platform`,
        `ssh://git@127.0.0.1:${listener.port}/acme/platform.git`,
        'https://github.com/acme/platform-fork',
      ]) {
        const ctx = {
          ...createMockActionContext({
            input: { modules: ['vpc'], platform: platformUrl },
          }),
          isDryRun: true,
        };
        const error = await reachable.handler(ctx as any).catch(e => e);
        expect(error.name).toBe('InputError');
        expect(error.message).toBe(
          `'${platformUrl}' is not a configured platform; platform.platforms has https://github.com/acme/platform`,
        );
        expect(ctx.output).not.toHaveBeenCalled();
      }
      expect(listener.connections()).toBe(0);
    } finally {
      await listener.close();
    }
  });

  it('takes a configured platform written as another URL of the same repository', async () => {
    const ctx = createMockActionContext({
      input: {
        modules: ['vpc'],
        platform: 'https://github.com/acme/platform.git',
        moduleInputs: { vpc: { inputs: VPC_INPUTS } },
      },
    });
    await action().handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith(
      'modules',
      expect.objectContaining({
        vpc: expect.objectContaining({ ref: 'vpc/v2.1.0' }),
      }),
    );
  });

  it('fails naming the platform, without local paths or git output, when it cannot be read', async () => {
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({
      input: { modules: ['vpc'] },
      logger,
    });
    const missing = createModulesResolveAction({
      config: mockServices.rootConfig({
        data: {
          platform: {
            ...platform.config.platform,
            platforms: [
              { repository: 'https://github.com/acme/missing-platform' },
            ],
          },
        },
      }),
    });
    const error = await missing.handler(ctx as any).catch(e => e);
    expect(error.message).toMatch(
      /^Could not read the platform repository https:\/\/github.com\/acme\/missing-platform/,
    );
    const seen = [
      error.message,
      ...Object.values(logger)
        .flatMap(fn => (fn as jest.Mock).mock?.calls ?? [])
        .map(call => JSON.stringify(call)),
    ].join('\n');
    expect(seen).not.toContain(platform.root);
    expect(seen).not.toMatch(/file:|git ls-remote|\/tmp\//);
  });

  it('needs a platform configured, even when a step names one', async () => {
    const bare = createModulesResolveAction({
      config: mockServices.rootConfig({ data: {} }),
    });
    for (const input of [
      { modules: ['vpc'] },
      { modules: ['vpc'], platform: 'https://github.com/acme/platform' },
    ]) {
      const error = await bare
        .handler(createMockActionContext({ input }) as any)
        .catch(e => e);
      expect(error.name).toBe('InputError');
      expect(error.message).toMatch(/no platform is configured/);
    }
  });
});
