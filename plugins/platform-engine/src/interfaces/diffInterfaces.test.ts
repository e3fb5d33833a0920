import type { InterfaceDiff } from '@platform-portal/plugin-platform-common';
import { HclParser, loadHclParser } from '../extractors/hcl/hclParser';
import { fixture, fixtureFiles } from './__fixtures__/readFixture';
import { diffInterfaces } from './diffInterfaces';
import { extractHelmInterface } from './helmInterface';
import { judgeUpgrade } from './judgeUpgrade';
import { extractTerraformInterface } from './terraformInterface';
import { extractWorkflowInterface } from './workflowInterface';
import { extractXrdInterface } from './xrdInterface';

const summary = (diff: InterfaceDiff) =>
  diff.changes.map(
    c => `${c.change} ${c.name}${c.breaking ? ' BREAKING' : ''}`,
  );

describe('diffInterfaces and judgeUpgrade', () => {
  let parser: HclParser;
  beforeAll(async () => {
    parser = await loadHclParser();
  });

  const vpcDiff = () => {
    const from = { module: 'vpc', tag: 'v1.4.0' };
    const to = { module: 'vpc', tag: 'v2.0.0' };
    return diffInterfaces(
      {
        release: from,
        interface: extractTerraformInterface(
          parser,
          fixtureFiles('vpc-1.4.0'),
          from,
        ),
      },
      {
        release: to,
        interface: extractTerraformInterface(
          parser,
          fixtureFiles('vpc-2.0.0'),
          to,
        ),
      },
    );
  };

  it('lists every change of a Terraform module, marking the breaking ones', () => {
    const diff = vpcDiff();
    expect(summary(diff)).toEqual([
      'input-added vpc_name BREAKING',
      'input-added cidr BREAKING',
      'input-type-changed public_subnets BREAKING',
      'input-default-changed public_subnets',
      'input-default-changed enable_nat_gateway',
      'input-added flow_log_settings',
      'input-added customer_gateways',
      'input-added vpn_gateway_psk',
      'input-added secondary_cidr_blocks',
      'input-removed name BREAKING',
      'output-added vpn_gateway_psk',
      'output-added private_subnets',
      'output-removed public_subnets BREAKING',
    ]);
    expect(diff.breaking).toBe(true);
    expect(diff.changes[2].message).toBe(
      '`public_subnets` changes type from list(string) to number',
    );
    expect(diff.changes[4].message).toBe(
      '`enable_nat_gateway` defaults to true instead of false',
    );
  });

  it('says what upgrading a call needs, ignoring removed inputs the call does not set', () => {
    const diff = vpcDiff();
    expect(
      judgeUpgrade(diff, ['source', 'version', 'name', 'azs'], ['vpc_id']),
    ).toMatchObject({
      breaking: true,
      needs: [
        'needs `vpc_name` (new, required)',
        'needs `cidr` (new, required)',
        '`name` is removed',
      ],
    });
    const ready = judgeUpgrade(
      diff,
      ['source', 'version', 'vpc_name', 'cidr', 'azs'],
      ['vpc_id'],
    );
    expect(ready).toEqual({ breaking: false, needs: [], changes: [] });
    expect(
      judgeUpgrade(diff, ['vpc_name', 'cidr', 'public_subnets']).needs,
    ).toEqual([
      '`public_subnets` changes type from list(string) to number',
      'output `public_subnets` is removed',
    ]);
  });

  it('reports an input that becomes required or optional', () => {
    const release = (tag: string) => ({ module: 'eks', tag });
    const read = (tag: string, content: string) => ({
      release: release(tag),
      interface: extractTerraformInterface(
        parser,
        [{ path: 'variables.tf', content }],
        release(tag),
      ),
    });
    const diff = diffInterfaces(
      read(
        'v3.1.0',
        'variable "subnet_ids" {\n  type = list(string)\n  default = []\n}\nvariable "kubernetes_version" {\n  type = string\n}\n',
      ),
      read(
        'v3.2.0',
        'variable "subnet_ids" {\n  type = list(string)\n}\nvariable "kubernetes_version" {\n  type = string\n  default = "1.33"\n}\n',
      ),
    );
    expect(summary(diff)).toEqual([
      'input-became-required subnet_ids BREAKING',
      'input-became-optional kubernetes_version',
    ]);
    expect(judgeUpgrade(diff, ['cluster_name']).needs).toEqual([
      'needs `subnet_ids` (now required)',
    ]);
    expect(judgeUpgrade(diff, ['subnet_ids']).breaking).toBe(false);
  });

  it('lists the changes of a reusable workflow, secrets included', () => {
    const path = '.github/workflows/terraform.yml';
    const read = (tag: string, name: string) => ({
      release: { module: 'terraform-workflow', tag },
      interface: extractWorkflowInterface(
        [{ path, content: fixture(`workflows/${name}`) }],
        path,
        { module: 'terraform-workflow', tag },
      ),
    });
    const diff = diffInterfaces(
      read('v3.1.0', 'terraform-v3.yml'),
      read('v4.0.0', 'terraform-v4.yml'),
    );
    expect(summary(diff)).toEqual([
      'input-added tool BREAKING',
      'input-default-changed terraform-version',
      'input-type-changed apply BREAKING',
      'input-default-changed apply',
      'input-removed parallelism BREAKING',
      'secret-became-required INFRACOST_API_KEY BREAKING',
    ]);
    expect(
      judgeUpgrade(diff, ['working-directory', 'AWS_ROLE_ARN']).needs,
    ).toEqual([
      'needs `tool` (new, required)',
      'needs `INFRACOST_API_KEY` (now required)',
    ]);
  });

  it('reports XRD versions no longer served or referenceable and spec properties removed or required', () => {
    const path = 'definition.yaml';
    const read = (tag: string, name: string) => ({
      release: { module: 'postgres', tag },
      interface: extractXrdInterface(
        [{ path, content: fixture(`xrd/${name}`) }],
        path,
        { module: 'postgres', tag },
      ),
    });
    const diff = diffInterfaces(
      read('v1.0.0', 'xpostgres-v1.yaml'),
      read('v2.0.0', 'xpostgres-v2.yaml'),
    );
    expect(summary(diff)).toEqual([
      'version-not-served v1alpha1 BREAKING',
      'version-not-referenceable v1beta1',
      'property-became-required v1beta1 spec.parameters.tier BREAKING',
      'property-removed v1beta1 spec.parameters.region BREAKING',
    ]);
    expect(
      judgeUpgrade(diff, [
        'parameters',
        'parameters.storageGB',
        'parameters.region',
      ]).needs,
    ).toEqual([
      'version v1alpha1 is no longer served',
      'needs `parameters.tier` (new, required)',
      '`parameters.region` is removed',
    ]);
  });

  it('reports chart values removed or newly required', () => {
    const release = (tag: string) => ({ module: 'web-service', tag });
    const before = extractHelmInterface(
      fixtureFiles('chart-with-schema'),
      release('1.4.0'),
    );
    const after = extractHelmInterface(
      [
        {
          path: 'values.schema.json',
          content: JSON.stringify({
            type: 'object',
            required: ['image', 'resources'],
            properties: {
              image: {
                type: 'object',
                required: ['repository'],
                properties: { repository: { type: 'string' } },
              },
              resources: { type: 'object' },
            },
          }),
        },
      ],
      release('2.0.0'),
    );
    const diff = diffInterfaces(
      { release: release('1.4.0'), interface: before },
      { release: release('2.0.0'), interface: after },
    );
    expect(summary(diff)).toEqual([
      'property-became-required resources BREAKING',
      'property-removed replicaCount BREAKING',
      'property-removed image.tag BREAKING',
      'property-removed image.pullPolicy BREAKING',
      'property-removed ingress BREAKING',
      'property-removed ingress.enabled BREAKING',
      'property-removed ingress.host BREAKING',
    ]);
    // Values set below an object count as setting it; a removed object is named once.
    expect(
      judgeUpgrade(diff, [
        'image.repository',
        'ingress.enabled',
        'resources.limits.cpu',
      ]).needs,
    ).toEqual(['`ingress` is removed']);
    expect(judgeUpgrade(diff, ['image.tag']).needs).toEqual([
      'needs `resources` (new, required)',
      '`image.tag` is removed',
    ]);
  });

  it('needs a newly required property only where the call sets its parent', () => {
    const release = (tag: string) => ({ module: 'web-service', tag });
    const chart = (required: string[]) =>
      extractHelmInterface(
        [
          {
            path: 'values.schema.json',
            content: JSON.stringify({
              type: 'object',
              properties: {
                autoscaling: {
                  type: 'object',
                  required,
                  properties: {
                    minReplicas: { type: 'integer' },
                    maxReplicas: { type: 'integer' },
                  },
                },
              },
            }),
          },
        ],
        release('1'),
      );
    const diff = diffInterfaces(
      { release: release('1.0.0'), interface: chart([]) },
      { release: release('2.0.0'), interface: chart(['maxReplicas']) },
    );
    expect(judgeUpgrade(diff, ['replicaCount']).needs).toEqual([]);
    expect(judgeUpgrade(diff, ['autoscaling.minReplicas']).needs).toEqual([
      'needs `autoscaling.maxReplicas` (now required)',
    ]);
  });

  it('refuses to compare modules of different kinds', () => {
    expect(() =>
      diffInterfaces(
        {
          release: { module: 'vpc', tag: 'v1' },
          interface: { kind: 'terraform', variables: [], outputs: [] },
        },
        {
          release: { module: 'vpc', tag: 'v2' },
          interface: { kind: 'helm', hasSchema: false, properties: [] },
        },
      ),
    ).toThrow('vpc@v1 is a terraform module but vpc@v2 is a helm module');
  });
});
