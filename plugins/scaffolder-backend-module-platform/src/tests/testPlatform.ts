import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createBareRepository,
  EXAMPLES_DIR,
  testPlatformManifest,
} from '@platform-portal/plugin-platform-engine/testUtils';
import yaml from 'yaml';

const MANIFEST = testPlatformManifest([
  {
    name: 'vpc',
    support: { majors: 1 },
    inputs: { name: { from: 'project.name' } },
  },
  {
    name: 'eks',
    tagPattern: 'eks-v{version}',
    inputs: {
      cluster_name: { from: 'project.name' },
      subnet_ids: { from: 'vpc.private_subnet_ids' },
    },
  },
  {
    name: 'rds',
    inputs: {
      identifier: { from: 'project.name' },
      subnet_ids: { from: 'vpc.private_subnet_ids' },
    },
    deprecations: [
      {
        versions: '< 2.0.0',
        since: '2025-09-01',
        message: 'rds 1.x creates unencrypted snapshots',
      },
    ],
  },
  'dns',
  {
    name: 'terraform-ci',
    kind: 'github-workflow',
    path: '.github/workflows/terraform.yml',
    tagPattern: 'v{version}',
  },
  {
    name: 'postgresql',
    kind: 'crossplane-composition',
    path: 'crossplane/postgresql',
  },
]);

/** The demo platform: its modules, workflow and Crossplane composition are the test platform's. */
export const DEMO_PLATFORM = path.join(EXAMPLES_DIR, 'platform');

/** What the test platform holds at every tag, from the demo platform. */
const DEMO_FILES = [
  'modules/vpc',
  'modules/eks',
  'modules/rds',
  'modules/dns',
  '.github/workflows/terraform.yml',
  'crossplane/postgresql',
];

const TAGS = [
  'vpc/v1.4.0',
  'vpc/v2.0.0',
  'vpc/v2.1.0',
  'eks-v3.2.0',
  'rds/v1.9.0',
  'rds/v2.1.0',
  'v3.1.0',
  'v3.2.0',
  'postgresql/v1.1.0',
];

/** The inputs the form gives the test platform's vpc: its one required input not wired. */
export const VPC_INPUTS = { cidr: '10.0.0.0/16' };

/** What the test platform's newest vpc release resolves to, with {@link VPC_INPUTS}. */
export const LATEST_VPC = {
  version: '2.1.0',
  ref: 'vpc/v2.1.0',
  source:
    'git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v2.1.0',
  kind: 'terraform-module',
  path: 'modules/vpc',
  label: 'vpc',
  arguments: [
    { name: 'name', hcl: 'local.name', from: 'project.name', align: '' },
    { name: 'cidr', hcl: '"10.0.0.0/16"', align: '' },
  ],
  inputs: VPC_INPUTS,
  summary: 'name ← project.name; cidr = "10.0.0.0/16"',
};

/** A temporary git root holding a real bare platform repository at `<root>/acme/platform.git`. */
export interface TestPlatform {
  root: string;
  /**
   * app-config for the actions: `https://github.com/acme/` is read from `<root>/acme`, where local
   * projects are published, as the demo's app-config does.
   */
  config: Record<string, any>;
  cleanup(): Promise<void>;
}

/** Options of {@link createTestPlatform}. */
export interface TestPlatformOptions {
  /** Files that replace or add to what every tag holds, by path in the platform repository. */
  files?: Record<string, string>;
  /** Copies the whole demo platform, with its platform.yaml and every tag of its releases.yaml. */
  demo?: boolean;
}

/** The tags of the demo platform's releases.yaml. */
async function demoTags(): Promise<string[]> {
  const releases = yaml.parse(
    await fs.readFile(path.join(DEMO_PLATFORM, 'releases.yaml'), 'utf8'),
  );
  return releases.releases.map((release: { tag: string }) => release.tag);
}

export async function createTestPlatform(
  extraConfig: Record<string, any> = {},
  options: TestPlatformOptions = {},
): Promise<TestPlatform> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'scaffolder-platform-'));
  const copies: Record<string, string> = options.demo
    ? { '.': DEMO_PLATFORM }
    : Object.fromEntries(
        DEMO_FILES.map(file => [file, path.join(DEMO_PLATFORM, file)]),
      );
  createBareRepository(path.join(root, 'acme', 'platform.git'), [
    {
      copies,
      files: {
        ...(options.demo ? {} : { 'platform.yaml': MANIFEST }),
        ...options.files,
      },
      tags: options.demo ? await demoTags() : TAGS,
      message: 'platform',
    },
  ]);
  return {
    root,
    config: {
      platform: {
        platforms: [{ repository: 'https://github.com/acme/platform' }],
        git: {
          localRoots: [root],
          rewrites: [{ from: 'https://github.com/acme/', to: `${root}/acme/` }],
        },
        publish: { localRoot: path.join(root, 'acme') },
        ...extraConfig,
      },
    },
    cleanup: () => fs.rm(root, { recursive: true, force: true }),
  };
}

/** An empty folder to publish into, and a workspace holding a compliant project. */
export async function createPublishFolders() {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'publish-root-'));
  const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'publish-ws-'));
  await writeCompliantProject(workspace);
  return {
    root,
    workspace,
    cleanup: async () => {
      await fs.rm(root, { recursive: true, force: true });
      await fs.rm(workspace, { recursive: true, force: true });
    },
  };
}

/** Writes a project that complies with the test platform's policy, a component named `orders-api`. */
export async function writeCompliantProject(
  dir: string,
  pins: { vpc?: string; rds?: string; ci?: string } = {},
): Promise<void> {
  const { vpc = 'vpc/v2.1.0', rds = 'rds/v2.1.0', ci = 'v3.2.0' } = pins;
  const file = async (name: string, content: string, mode = 0o644) => {
    const target = path.join(dir, name);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, content, { mode });
    await fs.chmod(target, mode);
  };
  await file(
    'infra/environments/staging/main.tf',
    `module "vpc" {
  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=${vpc}"

  name = "orders-api"
  cidr = "10.0.0.0/16"
}

module "rds" {
  source = "git::https://github.com/acme/platform.git//modules/rds?ref=${rds}"

  identifier = "orders-api"
  subnet_ids = module.vpc.private_subnet_ids
}
`,
  );
  await file(
    '.github/workflows/ci.yml',
    `name: ci
on: [push]
jobs:
  terraform:
    uses: acme/platform/.github/workflows/terraform.yml@${ci}
    secrets: inherit
`,
  );
  await file('scripts/plan.sh', '#!/usr/bin/env bash\n', 0o755);
  await file('scripts/apply.sh', '#!/usr/bin/env bash\n', 0o755);
  await file('README.md', '# project\n');
  await file(
    'catalog-info.yaml',
    `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: orders-api
spec:
  type: service
  lifecycle: experimental
  owner: group:default/team-orders
`,
  );
}
