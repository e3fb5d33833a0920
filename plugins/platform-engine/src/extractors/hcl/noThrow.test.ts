import fc from 'fast-check';
import {
  TEXT_FRAGMENTS,
  codeUnit,
  mutatedDocuments,
  noThrowChecker,
  noThrowRuns,
} from '../__testUtils__/noThrowProperties';
import { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
import { createTerraformExtractor } from './terraformExtractor';
import { createTerragruntExtractor } from './terragruntExtractor';

const SEEDS = [
  `locals {
  platform = "git::https://github.com/acme/platform.git"
  versions = { vpc = "vpc/v1.4.0" }
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.8"
  tags    = { k = format("%s", var.x) }
}

module "eks" {
  source = "git::https://github.com/acme/platform.git//modules/eks?ref=3d5e1f0c7b2a9e8d6f4c1b0a9e8d7c6b5a4f3e2d" # v1.4.0
}

# module "old" { source = "./old" }
/* module "older" { source = "./older" } */

resource "aws_iam_policy" "this" {
  policy = <<-EOT
    { "Statement": [] }
  EOT
  dynamic "statement" {
    for_each = var.statements
    content {
      sid = statement.value.sid
    }
  }
}

module "sg" {
  source = "\${local.platform}//modules/sg?ref=\${local.versions.vpc}"
}
`,
  `locals {
  env  = read_terragrunt_config(find_in_parent_folders("env.hcl"))
  repo = "git::git@github.com:acme/modules.git"
}

include "root" {
  path = find_in_parent_folders("root.hcl")
}

terraform {
  source = "\${local.repo}//mysql?ref=\${include.root.locals.version}"
  extra_arguments "retry" {
    commands = ["plan"]
  }
}

inputs = {
  name = "mysql_\${local.env.locals.environment}"
}
`,
  `terraform {
  source = "tfr:///terraform-aws-modules/vpc/aws?version=5.8.1"
}
`,
];

// Fragments that steer mutations into the grammar's and the recovery's interesting corners.
const FRAGMENTS = [
  ...TEXT_FRAGMENTS,
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '"',
  '=',
  '= =',
  ',',
  '#',
  '//',
  '/*',
  '*/',
  ' # v1.2.3',
  '${',
  '$${',
  '%{ if x }',
  '%{ endif }',
  '<<EOT\n',
  '<<-EOT\n',
  'EOT\n',
  '\\',
  '\\u00e9',
  'module "m" {\n',
  'source = ',
  'version = ',
  'terraform {\n',
  'locals {\n',
  'local.',
  'var.x',
  'include.root.locals.v',
  'tfr:///',
  'git::',
  '?ref=',
  '//modules/',
  '~',
];

// Raise with NO_THROW_RUNS=20000 when changing the parser glue; 200 keeps CI fast.
const RUNS = noThrowRuns(200);
const checkNeverThrows = noThrowChecker({
  runs: RUNS,
  // This message comes from the last-resort catch blocks: reaching it means a throw.
  thrown: / file could not be read: /,
});

const arbitraryText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }).map(text => `module ${text}`),
  fc.string({ unit: codeUnit, maxLength: 200 }).map(text => `source ${text}`),
  fc
    .array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 })
    .map(parts => parts.join('')),
);

const mutatedHcl = mutatedDocuments(SEEDS, FRAGMENTS);

describe('HCL extractors on arbitrary input', () => {
  const cases: Array<[string, string, () => ReferenceExtractor]> = [];
  let terraform: ReferenceExtractor;
  let terragrunt: ReferenceExtractor;
  beforeAll(async () => {
    [terraform, terragrunt] = await Promise.all([
      createTerraformExtractor(),
      createTerragruntExtractor(),
    ]);
  });
  cases.push(
    ['terraform', 'infra/main.tf', () => terraform],
    ['terragrunt', 'live/prod/vpc/terragrunt.hcl', () => terragrunt],
  );

  it.each(cases)('%s never throws on arbitrary strings', (_, path, get) => {
    expect(checkNeverThrows(arbitraryText, get(), path)).toBe(RUNS);
  });

  it.each(cases)(
    '%s never throws on mutated realistic files',
    (_, path, get) => {
      expect(checkNeverThrows(mutatedHcl, get(), path)).toBe(RUNS);
    },
  );

  it('finds references in the unmutated seeds', () => {
    const found = [
      ...SEEDS.flatMap(
        content => terraform.extract({ path: 'main.tf', content }).references,
      ),
      ...SEEDS.flatMap(
        content =>
          terragrunt.extract({ path: 'terragrunt.hcl', content }).references,
      ),
    ];
    expect(found).toHaveLength(5);
  });
});
