import { HclParser, loadHclParser } from '../extractors/hcl/hclParser';
import { fixture, fixtureFiles } from './__fixtures__/readFixture';
import { checkCall } from './checkCall';
import { extractTerraformInterface } from './terraformInterface';
import { extractWorkflowInterface } from './workflowInterface';
import { extractXrdInterface } from './xrdInterface';

describe('checkCall', () => {
  let parser: HclParser;
  const vpc = { module: 'vpc', tag: 'v2.0.0' };
  beforeAll(async () => {
    parser = await loadHclParser();
  });
  const vpcInterface = () =>
    extractTerraformInterface(parser, fixtureFiles('vpc-2.0.0'), vpc);

  it('finds nothing wrong in a call that sets what the module asks, with meta-arguments', () => {
    expect(
      checkCall(vpc, vpcInterface(), [
        { name: 'source' },
        { name: 'version', value: '2.0.0' },
        { name: 'count', value: 1 },
        { name: 'providers' },
        { name: 'depends_on' },
        { name: 'for_each' },
        { name: 'vpc_name' },
        { name: 'cidr', value: '10.0.0.0/16' },
        { name: 'public_subnets', value: '3' },
        { name: 'enable_nat_gateway', value: 'true' },
        { name: 'flow_log_settings' },
      ]),
    ).toEqual([]);
  });

  it('finds a missing required input and an argument the module does not declare', () => {
    expect(
      checkCall(vpc, vpcInterface(), [
        { name: 'source' },
        { name: 'name', value: 'orders' },
        { name: 'cidr', value: '10.0.0.0/16' },
      ]),
    ).toEqual([
      {
        finding: 'missing-required-input',
        argument: 'vpc_name',
        message: '`vpc_name` is required by vpc@v2.0.0 but not set',
      },
      {
        finding: 'unknown-argument',
        argument: 'name',
        message: '`name` is not an input of vpc@v2.0.0',
      },
    ]);
  });

  it('finds literals Terraform cannot convert to the input type', () => {
    const findings = checkCall(vpc, vpcInterface(), [
      { name: 'vpc_name', value: 'orders' },
      { name: 'cidr', value: 16 },
      { name: 'public_subnets', value: 'three' },
      { name: 'enable_nat_gateway', value: 'yes' },
      { name: 'azs', value: 'eu-west-1a' },
      { name: 'vpn_gateway_psk', value: null },
    ]);
    expect(findings.map(f => f.message)).toEqual([
      '`azs` is a list(string) in vpc@v2.0.0, not string "eu-west-1a"',
      '`public_subnets` is a number in vpc@v2.0.0, not string "three"',
      '`enable_nat_gateway` is a bool in vpc@v2.0.0, not string "yes"',
    ]);
    expect(findings.every(f => f.finding === 'wrong-type')).toBe(true);
  });

  it('checks a reusable workflow call: undeclared with: keys, wrong types, missing inputs and secrets', () => {
    const release = { module: 'terraform-workflow', tag: 'v3.1.0' };
    const path = '.github/workflows/terraform.yml';
    const workflow = extractWorkflowInterface(
      [{ path, content: fixture('workflows/terraform-v3.yml') }],
      path,
      release,
    );
    expect(
      checkCall(
        release,
        workflow,
        [
          { name: 'tool', value: 'terraform' },
          { name: 'apply', value: 'true' },
          { name: 'parallelism', value: 4 },
        ],
        ['AWS_ROLE_ARN', 'SLACK_WEBHOOK'],
      ).map(f => `${f.finding}: ${f.message}`),
    ).toEqual([
      'missing-required-input: `working-directory` is required by terraform-workflow@v3.1.0 but not set',
      'wrong-type: `apply` is a boolean in terraform-workflow@v3.1.0, not string "true"',
      'unknown-argument: `tool` is not an input of terraform-workflow@v3.1.0',
      'unknown-argument: secret `SLACK_WEBHOOK` is not declared by terraform-workflow@v3.1.0',
    ]);
    expect(
      checkCall(release, workflow, [{ name: 'working-directory' }], []).map(
        f => f.message,
      ),
    ).toEqual([
      'secret `AWS_ROLE_ARN` is required by terraform-workflow@v3.1.0 but not passed',
    ]);
  });

  describe('claims against the XRD schema of their version', () => {
    const release = { module: 'network', tag: 'network/v2.0.0' };
    const path = 'crossplane/network/definition.yaml';
    const xrd = () =>
      extractXrdInterface(
        [{ path, content: fixture('xrd/xnetwork.yaml') }],
        path,
        release,
      );
    const check = (
      args: Array<{ name: string; value?: string | number | boolean | null }>,
      version = 'v1beta1',
    ) =>
      checkCall(release, xrd(), args, [], version).map(
        f => `${f.finding} ${f.argument}: ${f.message}`,
      );

    it('finds nothing wrong in a claim that sets what the schema asks, free-form objects included', () => {
      expect(
        check([
          { name: 'parameters.region', value: 'eu-west-1' },
          { name: 'parameters.cidr', value: '10.20.0.0/16' },
          { name: 'parameters.subnetCount', value: 3 },
          { name: 'parameters.natGatewaysPerSubnet', value: 0.5 },
          { name: 'parameters.highAvailability', value: true },
          { name: 'parameters.zones' },
          { name: 'parameters.tags.app.kubernetes.io/team', value: 'orders' },
          { name: 'parameters.flowLogs.retentionDays', value: 30 },
          { name: 'parameters.flowLogs.bucket', value: null },
        ]),
      ).toEqual([]);
    });

    it('finds required properties that are not set, nested ones only where their parent is', () => {
      expect(check([])).toEqual([
        'missing-required-input parameters: `spec.parameters` is required by network@network/v2.0.0 (v1beta1) but not set',
      ]);
      expect(
        check([
          { name: 'parameters.region', value: null },
          { name: 'parameters.flowLogs.bucket', value: 'orders-logs' },
        ]),
      ).toEqual([
        'missing-required-input parameters.region: `spec.parameters.region` is required by network@network/v2.0.0 (v1beta1) but not set',
        'missing-required-input parameters.cidr: `spec.parameters.cidr` is required by network@network/v2.0.0 (v1beta1) but not set',
        'missing-required-input parameters.flowLogs.retentionDays: `spec.parameters.flowLogs.retentionDays` is required by network@network/v2.0.0 (v1beta1) but not set',
      ]);
    });

    it('finds properties the schema does not declare, once below each unknown object', () => {
      expect(
        check([
          { name: 'parameters.region', value: 'eu-west-1' },
          { name: 'parameters.cidr', value: '10.20.0.0/16' },
          { name: 'parameters.cidrBlock', value: '10.20.0.0/16' },
          { name: 'backup.enabled', value: true },
          { name: 'backup.retentionDays', value: 7 },
        ]),
      ).toEqual([
        'unknown-argument parameters.cidrBlock: `spec.parameters.cidrBlock` is not a property of network@network/v2.0.0 (v1beta1)',
        'unknown-argument backup: `spec.backup` is not a property of network@network/v2.0.0 (v1beta1)',
      ]);
    });

    it('finds values of the wrong type, without converting them, and values outside the enum', () => {
      expect(
        check([
          { name: 'parameters.region', value: 'mars-north-1' },
          { name: 'parameters.cidr', value: 16 },
          { name: 'parameters.subnetCount', value: '3' },
          { name: 'parameters.natGatewaysPerSubnet', value: 'one' },
          { name: 'parameters.highAvailability', value: 'yes' },
          { name: 'parameters.zones', value: 'eu-west-1a' },
          { name: 'parameters.flowLogs', value: 30 },
        ]),
      ).toEqual([
        'wrong-type parameters.region: `spec.parameters.region` is one of "eu-west-1", "eu-central-1", "us-east-1" in network@network/v2.0.0 (v1beta1), not "mars-north-1"',
        'wrong-type parameters.cidr: `spec.parameters.cidr` is a string in network@network/v2.0.0 (v1beta1), not number 16',
        'wrong-type parameters.subnetCount: `spec.parameters.subnetCount` is an integer in network@network/v2.0.0 (v1beta1), not string "3"',
        'wrong-type parameters.natGatewaysPerSubnet: `spec.parameters.natGatewaysPerSubnet` is a number in network@network/v2.0.0 (v1beta1), not string "one"',
        'wrong-type parameters.highAvailability: `spec.parameters.highAvailability` is a boolean in network@network/v2.0.0 (v1beta1), not string "yes"',
        'wrong-type parameters.zones: `spec.parameters.zones` is an array in network@network/v2.0.0 (v1beta1), not string "eu-west-1a"',
        'wrong-type parameters.flowLogs: `spec.parameters.flowLogs` is an object in network@network/v2.0.0 (v1beta1), not number 30',
      ]);
      expect(
        check([
          { name: 'parameters.region.name', value: 'eu-west-1' },
          { name: 'parameters.cidr' },
          { name: 'parameters.subnetCount', value: 2.5 },
        ]),
      ).toEqual([
        'wrong-type parameters.region: `spec.parameters.region` is a string in network@network/v2.0.0 (v1beta1), not an object',
        'wrong-type parameters.cidr: `spec.parameters.cidr` is a string in network@network/v2.0.0 (v1beta1), not a list or an object',
        'wrong-type parameters.subnetCount: `spec.parameters.subnetCount` is an integer in network@network/v2.0.0 (v1beta1), not number 2.5',
      ]);
    });

    it('finds a claim of a version the XRD does not serve, and checks nothing without a version', () => {
      expect(
        check([{ name: 'region', value: 'eu-west-1' }], 'v1alpha1'),
      ).toEqual([
        'unknown-argument apiVersion: network.acme.io/v1alpha1 is not a version network@network/v2.0.0 serves (it serves v1beta1)',
      ]);
      expect(check([], 'v2')).toEqual([
        'unknown-argument apiVersion: network.acme.io/v2 is not a version network@network/v2.0.0 serves (it serves v1beta1)',
      ]);
      expect(checkCall(release, xrd(), [], [])).toEqual([]);
    });
  });
});
