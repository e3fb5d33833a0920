import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The fixture platform of this package (platform.yaml, modules, the TAGS to create). */
export const fixturePlatformDir = path.resolve(
  __dirname,
  '../../fixtures/platform',
);

/** The fixture platform as a real git repository with its release tags, in a new directory. */
export function createPlatformRepository(
  dir: string = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-fixture-')),
): string {
  fs.cpSync(fixturePlatformDir, dir, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  commitAll(dir, 'platform');
  for (const tag of fs
    .readFileSync(path.join(dir, 'TAGS'), 'utf8')
    .split('\n')) {
    if (tag) git('tag', tag);
  }
  return dir;
}

/** Commits everything in the git repository of the directory, as a test author. */
export function commitAll(dir: string, message: string) {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('add', '-A');
  git(
    '-c',
    'user.name=t',
    '-c',
    'user.email=t@example.com',
    'commit',
    '-q',
    '-m',
    message,
  );
}

/**
 * A platform whose module interfaces change between releases, as a git repository with tags:
 * vpc 1.0.0 takes `name`, 2.1.1 takes `cidr` instead; the workflow v1.0.0 takes
 * `working-directory`, v2.0.0 also requires `tool`; dns 1.0.0 has a variables.tf that does
 * not parse.
 */
export function createEvolvingPlatformRepository(
  dir: string = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-evolving-')),
): string {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  const write = (files: Record<string, string>) => {
    for (const [file, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), content);
    }
  };
  const workflow = (inputs: string) =>
    `on:\n  workflow_call:\n    inputs:\n${inputs}jobs:\n  plan:\n    runs-on: ubuntu-latest\n    steps:\n      - run: terraform plan\n`;
  git('init', '-q', '-b', 'main');
  write({
    'platform.yaml': `apiVersion: platform-portal.io/v1alpha1
kind: Platform
metadata:
  name: acme-platform
spec:
  repository: https://github.com/acme/platform.git
  modules:
    - name: vpc
      kind: terraform-module
      path: modules/vpc
      tagPattern: vpc/v{version}
    - name: dns
      kind: terraform-module
      path: modules/dns
      tagPattern: dns/v{version}
    - name: terraform-ci
      kind: github-workflow
      path: .github/workflows/terraform.yml
      tagPattern: v{version}
`,
    'modules/vpc/variables.tf':
      'variable "name" {\n  type = string\n}\n\nvariable "enable_nat_gateway" {\n  type    = bool\n  default = false\n}\n',
    'modules/dns/variables.tf': 'variable "zone" {\n  type = string\n',
    '.github/workflows/terraform.yml': workflow(
      '      working-directory:\n        type: string\n        required: true\n',
    ),
  });
  commitAll(dir, 'first releases');
  git('tag', 'vpc/v1.0.0');
  git('tag', 'dns/v1.0.0');
  git('tag', 'v1.0.0');
  write({
    'modules/vpc/variables.tf':
      'variable "cidr" {\n  type = string\n}\n\nvariable "enable_nat_gateway" {\n  type    = bool\n  default = false\n}\n',
    '.github/workflows/terraform.yml': workflow(
      '      working-directory:\n        type: string\n        required: true\n      tool:\n        type: string\n        required: true\n',
    ),
  });
  commitAll(dir, 'second releases');
  git('tag', 'vpc/v2.1.1');
  git('tag', 'v2.0.0');
  return dir;
}
