/* eslint-disable no-restricted-syntax */
// Writes a corpus of service repositories shaped like real ones (environments, 10–40 module
// calls, workflows, a chart, Crossplane claims, application code) plus a platform repository
// with tagged releases, for the extraction benchmark. Deterministic for a given seed.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

/** Terraform modules at modules/<name>, released as <name>/v<version> (rds as rds-v<version>). */
const MODULES = [
  'vpc',
  'eks',
  'rds',
  's3-bucket',
  'iam-role',
  'dns',
  'redis',
  'observability',
].map(name => [
  name,
  'terraform-module',
  `modules/${name}`,
  name === 'rds' ? 'rds-v{version}' : `${name}/v{version}`,
]);
const VERSIONS = [
  '1.0.0',
  '1.1.0',
  '1.2.0',
  '1.2.1',
  '2.0.0',
  '2.1.0',
  '2.1.1',
  '2.2.0',
  '3.0.0',
];

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function write(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function platformManifest() {
  const modules = MODULES.map(
    ([name, kind, p, pattern]) =>
      `    - name: ${name}\n      kind: ${kind}\n      path: ${p}\n      tagPattern: ${pattern}\n      support:\n        majors: 2\n`,
  ).join('');
  return `apiVersion: platform-portal.io/v1alpha1\nkind: Platform\nmetadata:\n  name: acme-platform\nspec:\n  repository: https://github.com/acme/platform.git\n  modules:\n${modules}    - name: terraform-ci\n      kind: github-workflow\n      path: .github/workflows/terraform.yml\n      tagPattern: v{version}\n`;
}

/** Makes `dir` a git repository with everything in it committed. */
function commitAll(dir, message) {
  const run = args => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  run(['init', '-q', '-b', 'main']);
  run(['add', '-A']);
  run([
    '-c',
    'user.name=bench',
    '-c',
    'user.email=bench@example.com',
    'commit',
    '-q',
    '-m',
    message,
  ]);
}

function writePlatform(dir) {
  write(path.join(dir, 'platform.yaml'), platformManifest());
  // The inputs the services' calls set, so that the call checks find them in order.
  for (const [name, , p] of MODULES) {
    write(
      path.join(dir, p, 'variables.tf'),
      `# ${name}\nvariable "name" {\n  type = string\n}\n\nvariable "environment" {\n  type    = string\n  default = "staging"\n}\n\nvariable "tags" {\n  type    = map(string)\n  default = {}\n}\n`,
    );
  }
  write(
    path.join(dir, '.github', 'workflows', 'terraform.yml'),
    `on:\n  workflow_call:\n    inputs:\n      working-directory:\n        type: string\n        required: true\njobs:\n  plan:\n    runs-on: ubuntu-latest\n    steps:\n      - run: terraform plan\n`,
  );
  commitAll(dir, 'platform');
  const run = args => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  for (const [, , , pattern] of MODULES) {
    for (const v of VERSIONS) run(['tag', pattern.replace('{version}', v)]);
  }
  for (const v of ['3.0.0', '3.1.0', '4.0.0']) run(['tag', `v${v}`]);
}

function moduleCall(random, i, env) {
  const [name, , p, pattern] = MODULES[Math.floor(random() * MODULES.length)];
  const v = VERSIONS[Math.floor(random() * VERSIONS.length)];
  const tag = pattern.replace('{version}', v);
  const form = random();
  let source;
  if (form < 0.6)
    source = `git::https://github.com/acme/platform.git//${p}?ref=${tag}`;
  else if (form < 0.8)
    source = `git::ssh://git@github.com/acme/platform.git//${p}?ref=${tag}`;
  else if (form < 0.9) source = `github.com/acme/platform//${p}?ref=${tag}`;
  else source = `terraform-aws-modules/${name}/aws`;
  const version = form >= 0.9 ? `\n  version = "~> ${v.split('.')[0]}.0"` : '';
  return `module "${name}_${env}_${i}" {\n  source = "${source}"${version}\n\n  name        = "svc-${i}"\n  environment = "${env}"\n  tags = {\n    Team = "payments"\n  }\n}\n`;
}

function writeService(dir, index, random) {
  const calls = 10 + Math.floor(random() * 31);
  const envs = ['staging', 'prod'];
  const terragrunt = index % 5 === 0;
  for (let e = 0; e < envs.length; e++) {
    const env = envs[e];
    const perEnv = Math.ceil(calls / envs.length);
    if (terragrunt) {
      for (let i = 0; i < perEnv; i++) {
        const [name, , p, pattern] = MODULES[i % MODULES.length];
        const v = VERSIONS[Math.floor(random() * VERSIONS.length)];
        write(
          path.join(dir, 'live', env, `${name}-${i}`, 'terragrunt.hcl'),
          `include "root" {\n  path = find_in_parent_folders("root.hcl")\n}\n\nlocals {\n  version = "${pattern.replace(
            '{version}',
            v,
          )}"\n}\n\nterraform {\n  source = "git::https://github.com/acme/platform.git//${p}?ref=\${local.version}"\n}\n\ninputs = {\n  name = "${name}-${i}"\n}\n`,
        );
      }
    } else {
      const body = [];
      for (let i = 0; i < perEnv; i++) body.push(moduleCall(random, i, env));
      write(
        path.join(dir, 'infra', 'environments', env, 'main.tf'),
        body.join('\n'),
      );
      write(
        path.join(dir, 'infra', 'environments', env, 'versions.tf'),
        `terraform {\n  required_version = ">= 1.6"\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 5.0"\n    }\n  }\n}\n`,
      );
      write(
        path.join(dir, 'infra', 'environments', env, 'variables.tf'),
        `variable "region" {\n  type    = string\n  default = "eu-west-1"\n}\n`,
      );
    }
  }
  const wfTag = ['v3.0.0', 'v3.1.0', 'v4.0.0', 'main'][index % 4];
  write(
    path.join(dir, '.github', 'workflows', 'ci.yml'),
    `name: ci\non:\n  pull_request:\n  push:\n    branches: [main]\njobs:\n  terraform:\n    uses: acme/platform/.github/workflows/terraform.yml@${wfTag}\n    with:\n      working-directory: infra\n    secrets: inherit\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n      - uses: actions/setup-node@v4\n        with:\n          node-version: 22\n      - run: npm ci && npm test\n`,
  );
  write(
    path.join(dir, 'charts', 'app', 'Chart.yaml'),
    `apiVersion: v2\nname: svc-${index}\nversion: 0.${
      index % 10
    }.0\ndependencies:\n  - name: common\n    version: ~2.${
      index % 5
    }.0\n    repository: https://charts.acme.example\n  - name: postgresql\n    version: 15.x.x\n    repository: oci://registry-1.docker.io/bitnamicharts\n    alias: db\n`,
  );
  write(
    path.join(dir, 'crossplane', 'claim.yaml'),
    `apiVersion: platform.acme.io/v1alpha1\nkind: PostgreSQLInstance\nmetadata:\n  name: svc-${index}-db\nspec:\n  parameters:\n    storageGB: 20\n  compositionRef:\n    name: postgresql-aws\n  compositionUpdatePolicy: Manual\n  compositionRevisionRef:\n    name: postgresql-aws-${
      ['a1b2c3', 'd4e5f6'][index % 2]
    }\n`,
  );
  for (let f = 0; f < 8; f++) {
    write(
      path.join(dir, 'src', `handler${f}.ts`),
      `export function handler${f}(event: unknown) {\n  return { ok: true, event };\n}\n`,
    );
  }
  write(path.join(dir, 'README.md'), `# svc-${index}\n`);
}

/** Writes `count` services under `root/services` and a platform repository under `root/platform`. */
function generateCorpus(root, count, seed = 42) {
  fs.rmSync(root, { recursive: true, force: true });
  const random = rng(seed);
  writePlatform(path.join(root, 'platform'));
  for (let i = 0; i < count; i++) {
    writeService(
      path.join(root, 'services', `svc-${String(i).padStart(4, '0')}`),
      i,
      random,
    );
  }
}

module.exports = { generateCorpus, commitAll };
