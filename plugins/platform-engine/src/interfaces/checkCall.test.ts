import { HclParser, loadHclParser } from '../extractors/hcl/hclParser';
import { fixture, fixtureFiles } from './__fixtures__/readFixture';
import { checkCall } from './checkCall';
import { extractTerraformInterface } from './terraformInterface';
import { extractWorkflowInterface } from './workflowInterface';

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
});
