import fc from 'fast-check';
import { ExtractResult, ReferenceExtractor } from '../types';
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
  '\n',
  '\r\n',
  '\r',
  ' ',
  '\t',
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
  '\uFEFF',
  '\u0000',
  '\uD800',
  '😀',
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

const codeUnit = fc
  .integer({ min: 0, max: 0xffff })
  .map(code => String.fromCharCode(code));

const arbitraryText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }).map(text => `module ${text}`),
  fc.string({ unit: codeUnit, maxLength: 200 }).map(text => `source ${text}`),
  fc
    .array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 })
    .map(parts => parts.join('')),
);

type Mutation =
  | { type: 'insert'; at: number; text: string }
  | { type: 'delete'; at: number; length: number }
  | { type: 'duplicate'; at: number; length: number }
  | { type: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    type: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.constantFrom(...FRAGMENTS),
      fc.string({ unit: 'binary', maxLength: 8 }),
    ),
  }),
  fc.record({
    type: fc.constant('delete' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({
    type: fc.constant('duplicate' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 80 }),
  }),
  fc.record({ type: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(seed: string, mutations: Mutation[]): string {
  return mutations.reduce((text, m) => {
    const at = text.length === 0 ? 0 : m.at % (text.length + 1);
    switch (m.type) {
      case 'insert':
        return text.slice(0, at) + m.text + text.slice(at);
      case 'delete':
        return text.slice(0, at) + text.slice(at + m.length);
      case 'duplicate':
        return text.slice(0, at + m.length) + text.slice(at);
      default:
        return text.slice(0, at);
    }
  }, seed);
}

const mutatedHcl = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.array(mutation, { minLength: 1, maxLength: 6 }),
  )
  .map(([seed, mutations]) => mutate(seed, mutations));

function checkResult(
  result: ExtractResult,
  path: string,
  content: string,
): void {
  const lines = content.split('\n');
  const within = (line: number, column: number) =>
    Number.isInteger(line) &&
    Number.isInteger(column) &&
    line >= 1 &&
    line <= lines.length &&
    column >= 1 &&
    column <= lines[line - 1].length + 1;

  expect(Array.isArray(result.references)).toBe(true);
  expect(Array.isArray(result.problems)).toBe(true);
  for (const reference of result.references) {
    expect(reference.position.file).toBe(path);
    if (!within(reference.position.line, reference.position.column)) {
      throw new Error(
        `position ${reference.position.line}:${reference.position.column} is outside the file`,
      );
    }
  }
  for (const problem of result.problems) {
    expect(problem.file).toBe(path);
    // This message comes from the last-resort catch blocks: reaching it means a throw.
    expect(problem.message).not.toMatch(/ file could not be read: /);
    if (
      problem.line !== undefined &&
      !within(problem.line, problem.column ?? 1)
    ) {
      throw new Error(
        `problem position ${problem.line}:${problem.column} is outside the file`,
      );
    }
  }
}

// Raise with NO_THROW_RUNS=20000 when changing the parser glue; 200 keeps CI fast.
const RUNS = Number(process.env.NO_THROW_RUNS ?? 200);

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

  function checkProperty(
    input: fc.Arbitrary<string>,
    extractor: ReferenceExtractor,
    path: string,
  ): number {
    let checked = 0;
    fc.assert(
      fc.property(input, content => {
        checkResult(extractor.extract({ path, content }), path, content);
        checked += 1;
      }),
      { numRuns: RUNS },
    );
    return checked;
  }

  it.each(cases)('%s never throws on arbitrary strings', (_, path, get) => {
    expect(checkProperty(arbitraryText, get(), path)).toBe(RUNS);
  });

  it.each(cases)(
    '%s never throws on mutated realistic files',
    (_, path, get) => {
      expect(checkProperty(mutatedHcl, get(), path)).toBe(RUNS);
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
