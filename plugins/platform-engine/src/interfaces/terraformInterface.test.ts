import { HclParser, loadHclParser } from '../extractors/hcl/hclParser';
import { fixtureFiles } from './__fixtures__/readFixture';
import { InterfaceReadError } from './interfaceError';
import { extractTerraformInterface } from './terraformInterface';

describe('extractTerraformInterface', () => {
  let parser: HclParser;
  const release = { module: 'vpc', tag: 'v2.0.0' };

  beforeAll(async () => {
    parser = await loadHclParser();
  });

  const vpc = () =>
    extractTerraformInterface(parser, fixtureFiles('vpc-2.0.0'), release);
  const variable = (name: string) => vpc().variables.find(v => v.name === name);

  it('reads every variable and output of the module directory', () => {
    const found = vpc();
    expect(found.variables.map(v => v.name)).toEqual([
      'vpc_name',
      'cidr',
      'azs',
      'public_subnets',
      'enable_nat_gateway',
      'flow_log_settings',
      'customer_gateways',
      'vpn_gateway_psk',
      'tags',
      'secondary_cidr_blocks',
    ]);
    expect(found.outputs).toEqual([
      { name: 'vpc_id', description: 'The ID of the VPC', sensitive: false },
      {
        name: 'vpn_gateway_psk',
        description: 'The pre-shared key of the VPN tunnels',
        sensitive: true,
      },
      {
        name: 'private_subnets',
        description: 'List of IDs of private subnets',
        sensitive: false,
      },
    ]);
  });

  it('marks a variable without default as required, and decodes a heredoc description', () => {
    expect(variable('cidr')).toEqual({
      name: 'cidr',
      type: 'string',
      kind: 'string',
      description:
        '(Optional) The IPv4 CIDR block for the VPC.\nCIDR can be explicitly set or it can be derived from IPAM using `ipv4_netmask_length`',
      required: true,
      sensitive: false,
      nullable: true,
      hasValidation: true,
    });
    expect(variable('azs')).toMatchObject({ required: false, default: [] });
    expect(variable('azs')?.hasValidation).toBe(false);
  });

  it('keeps an object type with optional attributes as written, and reads nullable = false', () => {
    const settings = variable('flow_log_settings');
    expect(settings?.kind).toBe('object');
    expect(settings?.type).toContain(
      'destination_type = optional(string, "cloud-watch-logs")',
    );
    expect(settings?.type).toContain(
      'tags             = optional(map(string), {})',
    );
    expect(settings?.nullable).toBe(false);
    expect(settings?.default).toEqual({});
    expect(variable('customer_gateways')).toMatchObject({
      type: 'map(map(any))',
      kind: 'map',
    });
  });

  it('gives literal defaults as JSON and other defaults as their expression', () => {
    expect(variable('public_subnets')).toMatchObject({
      kind: 'number',
      default: 0,
    });
    expect(variable('enable_nat_gateway')?.default).toBe(true);
    expect(variable('vpn_gateway_psk')).toMatchObject({
      sensitive: true,
      required: false,
      default: null,
    });
    expect(variable('secondary_cidr_blocks')?.default).toBe(
      'concat(["10.1.0.0/16"], [])',
    );
  });

  it('keeps the indentation of a <<EOT heredoc and reads validation blocks of each variable', () => {
    const found = extractTerraformInterface(
      parser,
      [
        {
          path: 'outputs.tf',
          content:
            'output "endpoint" {\n  description = <<EOT\nWriter endpoint.\n  Use the reader endpoint for reads.\nEOT\n  value = aws_rds_cluster.this.endpoint\n}\n',
        },
        {
          path: 'variables.tf',
          content:
            'variable "port" {\n  type = number\n  default = 5432\n  validation {\n    condition = var.port > 1024\n    error_message = "Use an unprivileged port."\n  }\n}\nvariable "engine" {\n  type = string\n  default = "aurora-postgresql"\n}\n',
        },
      ],
      { module: 'rds', tag: 'v2.1.0' },
    );
    expect(found.outputs[0].description).toBe(
      'Writer endpoint.\n  Use the reader endpoint for reads.',
    );
    expect(
      found.variables.map(v => [v.name, v.hasValidation, v.default]),
    ).toEqual([
      ['port', true, 5432],
      ['engine', false, 'aurora-postgresql'],
    ]);
  });

  it('reads a module directory without variables as an empty interface', () => {
    expect(
      extractTerraformInterface(
        parser,
        [
          { path: 'main.tf', content: 'resource "null_resource" "this" {}\n' },
          { path: 'README.md', content: '# variable "x" {}' },
        ],
        release,
      ),
    ).toEqual({ kind: 'terraform', variables: [], outputs: [] });
  });

  it('names the module, the tag and the file of an unparseable variables.tf', () => {
    const read = () =>
      extractTerraformInterface(
        parser,
        [
          { path: 'outputs.tf', content: 'output "id" { value = 1 }\n' },
          {
            path: 'variables.tf',
            content:
              'variable "cidr" {\n  type = string\n  default = "10.0.0.0/16\n}\n',
          },
        ],
        release,
      );
    expect(read).toThrow(InterfaceReadError);
    expect(read).toThrow(
      /^vpc@v2\.0\.0: variables\.tf: syntax error near line 3/,
    );
  });
});
