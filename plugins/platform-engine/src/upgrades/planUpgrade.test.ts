import type {
  InterfaceDiff,
  Reference,
} from '@platform-portal/plugin-platform-common';
import type { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
import { createDefaultExtractors } from '../extractors/defaultExtractors';
import { scanFiles } from '../scanner/scanFiles';
import { planUpgrade } from './planUpgrade';

const TARGET = {
  version: '2.1.1',
  tag: 'vpc/v2.1.1',
  commit: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
};
// What vpc 1.2.0 → 2.1.1 changes, as diffInterfaces says it.
const VPC_DIFF: InterfaceDiff = {
  from: { module: 'vpc', tag: 'vpc/v1.2.0' },
  to: { module: 'vpc', tag: 'vpc/v2.1.1' },
  breaking: true,
  changes: [
    {
      change: 'input-removed',
      name: 'cidr_block',
      breaking: true,
      message: '`cidr_block` is removed',
    },
    {
      change: 'input-added',
      name: 'cidr',
      required: true,
      breaking: true,
      message: '`cidr` is new and required',
    },
    {
      change: 'input-added',
      name: 'enable_ipv6',
      required: false,
      breaking: false,
      message: '`enable_ipv6` is new',
    },
  ],
};

const STAGING = `locals {
  name = "billing-worker-staging"
}

module "network" {
  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v1.2.0"

  name       = local.name
  cidr_block = "10.40.0.0/16"
}

module "cluster" {
  source = "git::https://github.com/acme/platform.git//modules/eks?ref=eks-v3.2.0"

  cluster_name = local.name
  subnet_ids   = module.network.private_subnet_ids
}

module "network_dr" {
  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v1.2.0"

  name = "dr"
  cidr_block = cidrsubnet(
    "10.0.0.0/8", 8, 41
  )
}
`;
const PROD = STAGING.replace(/staging/g, 'prod').replace('10.40', '10.41');

let extractors: ReferenceExtractor[];
beforeAll(async () => {
  extractors = await createDefaultExtractors();
});

function scan(files: Array<{ path: string; content: string }>): Reference[] {
  return scanFiles(
    files.map(f => ({ path: f.path, content: Buffer.from(f.content) })),
    { extractors },
  ).references;
}

const files = [
  { path: 'infra/environments/staging/main.tf', content: STAGING },
  { path: 'infra/environments/prod/main.tf', content: PROD },
];
const vpcReferences = (list = files) =>
  scan(list).filter(r => r.source.includes('modules/vpc'));
const hclValue = (value: unknown) => JSON.stringify(value);

describe('planUpgrade', () => {
  it('moves the pins and changes the inputs a breaking upgrade asks for, with the values given', () => {
    const plan = planUpgrade({
      files,
      references: vpcReferences().filter(r =>
        r.position.file.includes('staging'),
      ),
      target: TARGET,
      module: 'vpc',
      diffFor: () => VPC_DIFF,
      inputs: { cidr: '10.40.0.0/16' },
      hclValue,
      extractors,
    });
    expect(plan.files.map(f => f.path)).toEqual([
      'infra/environments/staging/main.tf',
    ]);
    expect(plan.files[0].content).toBe(
      STAGING
        // Both pins of vpc move; eks stays.
        .replaceAll('?ref=vpc/v1.2.0', '?ref=vpc/v2.1.1')
        // The removed input on one line gives way to the new one, in its place and alignment.
        .replace(
          '  cidr_block = "10.40.0.0/16"',
          '  cidr       = "10.40.0.0/16"',
        )
        // One over several lines stays for a person; the new input follows the call's last.
        .replace(
          '    "10.0.0.0/8", 8, 41\n  )\n',
          '    "10.0.0.0/8", 8, 41\n  )\n  cidr = "10.40.0.0/16"\n',
        ),
    );
    expect(plan.needsPerson).toEqual([
      {
        file: 'infra/environments/staging/main.tf',
        line: 23,
        reason:
          'cidr_block was removed in vpc 2.1.1, and its value spans several lines; a person must remove it',
      },
    ]);
    expect(plan.missingInputs).toEqual([]);
    expect(plan.patches[0].patch).toContain('-  cidr_block = "10.40.0.0/16"');
  });

  it('marks a required input without a value, and the call check still refuses the call', () => {
    const plan = planUpgrade({
      files,
      references: vpcReferences().slice(0, 1),
      target: TARGET,
      module: 'vpc',
      diffFor: () => VPC_DIFF,
      hclValue,
      extractors,
    });
    expect(plan.missingInputs).toEqual(['cidr']);
    const content = plan.files[0].content;
    expect(content).toContain(
      '  # platform upgrade: set cidr, required by vpc 2.1.1\n}',
    );
    // The rescan sees the call without `cidr`: checkCall reports it until a person sets it.
    const rescanned = vpcReferences([{ path: files[0].path, content }])[0];
    expect(rescanned.ref).toBe('vpc/v2.1.1');
    expect(rescanned.call?.arguments.map(a => a.name)).toEqual(['name']);
  });

  it('makes a plain version bump when the upgrade breaks nothing', () => {
    const plan = planUpgrade({
      files,
      references: vpcReferences(),
      target: TARGET,
      module: 'vpc',
      diffFor: () => ({ ...VPC_DIFF, breaking: false, changes: [] }),
      hclValue,
      extractors,
    });
    expect(plan.files).toHaveLength(2);
    for (const [index, file] of plan.files.entries()) {
      expect(file.content).toBe(
        files[index].content.replace(/vpc\/v1\.2\.0/g, 'vpc/v2.1.1'),
      );
    }
    expect(plan.needsPerson).toEqual([]);
  });

  it('lists what a person must do when the file changed since the scan, and changes nothing there', () => {
    const references = vpcReferences();
    const moved = [
      { ...files[0], content: STAGING.replace(/vpc\/v1\.2\.0/g, 'vpc/v1.3.0') },
      files[1],
    ];
    const plan = planUpgrade({
      files: moved,
      references,
      target: TARGET,
      module: 'vpc',
      hclValue,
      extractors,
    });
    expect(plan.needsPerson.map(r => [r.file, r.line])).toEqual([
      ['infra/environments/staging/main.tf', 6],
      ['infra/environments/staging/main.tf', 20],
    ]);
    expect(plan.files.map(f => f.path)).toEqual([
      'infra/environments/prod/main.tf',
    ]);
  });
});
