import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createGitRepository,
  testPlatformManifest,
} from '@platform-portal/plugin-platform-engine/testUtils';

/** The fixture platform of this package (platform.yaml, modules, the TAGS to create). */
export const fixturePlatformDir = path.resolve(
  __dirname,
  '../../fixtures/platform',
);

/** The fixture platform as a real git repository with its release tags, in a new directory. */
export function createPlatformRepository(
  dir: string = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-fixture-')),
): string {
  const tags = fs
    .readFileSync(path.join(fixturePlatformDir, 'TAGS'), 'utf8')
    .split('\n')
    .filter(Boolean);
  return createGitRepository(dir, [
    { copies: { '.': fixturePlatformDir }, tags, message: 'platform' },
  ]);
}

const workflow = (inputs: string) =>
  `on:\n  workflow_call:\n    inputs:\n${inputs}jobs:\n  plan:\n    runs-on: ubuntu-latest\n    steps:\n      - run: terraform plan\n`;
const workingDirectory =
  '      working-directory:\n        type: string\n        required: true\n';
const vpcVariables = (first: string) =>
  `variable "${first}" {\n  type = string\n}\n\nvariable "enable_nat_gateway" {\n  type    = bool\n  default = false\n}\n`;

/**
 * A platform whose module interfaces change between releases, as a git repository with tags:
 * vpc 1.0.0 takes `name`, 2.1.1 takes `cidr` instead; the workflow v1.0.0 takes
 * `working-directory`, v2.0.0 also requires `tool`; dns 1.0.0 has a variables.tf that does
 * not parse.
 */
export function createEvolvingPlatformRepository(
  dir: string = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-evolving-')),
): string {
  return createGitRepository(dir, [
    {
      files: {
        'platform.yaml': testPlatformManifest([
          'vpc',
          'dns',
          {
            name: 'terraform-ci',
            kind: 'github-workflow',
            path: '.github/workflows/terraform.yml',
            tagPattern: 'v{version}',
          },
        ]),
        'modules/vpc/variables.tf': vpcVariables('name'),
        'modules/dns/variables.tf': 'variable "zone" {\n  type = string\n',
        '.github/workflows/terraform.yml': workflow(workingDirectory),
      },
      tags: ['vpc/v1.0.0', 'dns/v1.0.0', 'v1.0.0'],
      message: 'first releases',
    },
    {
      files: {
        'modules/vpc/variables.tf': vpcVariables('cidr'),
        '.github/workflows/terraform.yml': workflow(
          `${workingDirectory}      tool:\n        type: string\n        required: true\n`,
        ),
      },
      tags: ['vpc/v2.1.1', 'v2.0.0'],
      message: 'second releases',
    },
  ]);
}
