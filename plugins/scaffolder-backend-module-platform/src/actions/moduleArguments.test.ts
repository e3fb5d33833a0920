import type {
  TerraformModuleInterface,
  TerraformVariable,
} from '@platform-portal/plugin-platform-common';
import { ModuleCallSpec, moduleArguments } from './moduleArguments';

function variable(
  name: string,
  kind: TerraformVariable['kind'],
  more: Partial<TerraformVariable> = {},
): TerraformVariable {
  return {
    name,
    kind,
    type: kind,
    required: false,
    sensitive: false,
    nullable: true,
    hasValidation: false,
    ...more,
  };
}

/** eks 3.2.0 as the demo platform releases it. */
const EKS: TerraformModuleInterface = {
  kind: 'terraform',
  variables: [
    variable('cluster_name', 'string', { required: true }),
    variable('kubernetes_version', 'string', { default: '1.33' }),
    variable('subnet_ids', 'list', { type: 'list(string)', required: true }),
    variable('node_groups', 'map', {
      type: 'map(object({ min_size = number }))',
    }),
  ],
  outputs: [{ name: 'cluster_name', sensitive: false }],
};

const spec = (more: Partial<ModuleCallSpec> = {}): ModuleCallSpec => ({
  name: 'eks',
  version: '3.2.0',
  interface: EKS,
  wiring: [
    { input: 'cluster_name', from: 'project.name' },
    { input: 'subnet_ids', from: 'vpc.private_subnet_ids' },
  ],
  inputs: {},
  ...more,
});

const vpcOutputs = (name: string) =>
  name === 'vpc' ? ['vpc_id', 'private_subnet_ids'] : undefined;

describe('moduleArguments', () => {
  it('writes wired inputs as references and set ones encoded, in the order the module declares them, aligned', () => {
    expect(
      moduleArguments(
        spec({
          inputs: {
            node_groups: { general: { min_size: 2 } },
            kubernetes_version: '1.32',
          },
        }),
        new Set(['vpc', 'eks']),
        vpcOutputs,
      ),
    ).toEqual([
      {
        name: 'cluster_name',
        hcl: 'local.name',
        from: 'project.name',
        align: '      ',
      },
      { name: 'kubernetes_version', hcl: '"1.32"', align: '' },
      {
        name: 'subnet_ids',
        hcl: 'module.vpc.private_subnet_ids',
        from: 'vpc.private_subnet_ids',
        align: '        ',
      },
      {
        name: 'node_groups',
        hcl: '{ "general" = { "min_size" = 2 } }',
        align: '       ',
      },
    ]);
  });

  it('writes project.environment as the environment local', () => {
    const args = moduleArguments(
      spec({
        wiring: [
          { input: 'cluster_name', from: 'project.environment' },
          { input: 'subnet_ids', from: 'vpc.private_subnet_ids' },
        ],
      }),
      new Set(['vpc', 'eks']),
      vpcOutputs,
    );
    expect(args[0]).toMatchObject({
      name: 'cluster_name',
      hcl: 'local.environment',
    });
  });

  it.each<[string, Partial<ModuleCallSpec>, string]>([
    [
      'the platform wires an input the release does not declare',
      { wiring: [{ input: 'name', from: 'project.name' }] },
      "The platform wires 'name' of eks 3.2.0, which eks 3.2.0 does not declare",
    ],
    [
      'the source module lacks the output at the release pinned',
      {
        wiring: [
          { input: 'cluster_name', from: 'project.name' },
          { input: 'subnet_ids', from: 'vpc.database_subnet_ids' },
        ],
      },
      "The platform feeds 'subnet_ids' of eks 3.2.0 from vpc.database_subnet_ids, but vpc has no output 'database_subnet_ids' at the release pinned",
    ],
    [
      'a list of strings holds an object',
      {
        wiring: [{ input: 'cluster_name', from: 'project.name' }],
        inputs: { subnet_ids: [{ id: 'x' }] },
      },
      "'subnet_ids' of eks 3.2.0 must be a list(string)",
    ],
    [
      'a required input is null',
      {
        wiring: [{ input: 'cluster_name', from: 'project.name' }],
        inputs: { subnet_ids: null },
      },
      "'subnet_ids' of eks 3.2.0 may not be null",
    ],
    [
      'an input is named like a property of every object',
      { inputs: { constructor: 'x' } },
      "'constructor' is not an input of eks 3.2.0; it declares cluster_name, kubernetes_version, subnet_ids, node_groups",
    ],
  ])('refuses when %s', (_, more, message) => {
    let error: any;
    try {
      moduleArguments(spec(more), new Set(['vpc', 'eks']), vpcOutputs);
    } catch (e) {
      error = e;
    }
    expect(error?.name).toBe('InputError');
    expect(error?.message).toBe(message);
  });

  it('does not take a required input as set because every object has a property of its name', () => {
    const withToString: TerraformModuleInterface = {
      ...EKS,
      variables: [variable('toString', 'string', { required: true })],
    };
    expect(() =>
      moduleArguments(
        spec({ interface: withToString, wiring: [] }),
        new Set(['eks']),
        vpcOutputs,
      ),
    ).toThrow("eks 3.2.0 requires 'toString', which is not set");
  });
});
