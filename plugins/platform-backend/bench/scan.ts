/* eslint-disable no-console */
/*
 * yarn bench:scan [--repos N] [--dir DIR] [--db FILE] [--pg URL [--pg-only | --instances N]]
 *                 [--concurrency N] [--result-batch N] [--regenerate] [--rescan-only]
 *                 [--cpu-prof DIR] [--sql-stats]
 *                 [--sqlite-wal] [--without-calls]
 *
 * Generates N (default 1000) local bare git repositories of services, 20 references each (18
 * Terraform or Terragrunt module calls across dev, staging and prod, a reusable workflow and an
 * action), plus the demo platform repository with its tagged releases, then runs the real
 * PlatformScanner over them with the real stores (createPlatformStores) on a SQLite file (the embedded
 * default) and, with --pg, on PostgreSQL too. Prints the full scan time, repositories/s, the
 * unchanged rescan time, the time to build the in-memory report index the backend answers the
 * report from, and the peak RSS of the process that acts as the backend.
 *
 * The corpus is kept in DIR (default: <tmp>/platform-scan-bench-N) and reused when it was made
 * for the same N; --regenerate makes it again. The SQLite database is <DIR>/drift.sqlite unless
 * --db names another file; it is made anew for each run (bench:api reads it afterwards).
 * --rescan-only keeps the database a previous run filled (SQLite file or PostgreSQL) and times
 * only the unchanged rescan, so that it can be measured again without a full scan first.
 *
 * How it runs: the root scripts start node with `--require @backstage/cli/config/nodeTransform.cjs`,
 * the @swc/core require hook that `backstage-cli package start` runs the backend with, so the
 * plugin's TypeScript sources load exactly as in the backend, without a build. ts-node and
 * @swc-node are not installed here, and node's own type stripping refuses the parameter
 * properties the sources use.
 *
 * Every module call is checked against the interface of the release it pins (and the upgrade to
 * the latest judged); the output says how many calls fared how, and how many interfaces the
 * scanner read from the platform repository against how many releases it has: each release is
 * read at most once, however many calls pin it. --without-calls scans with extractors that drop
 * what calls set, so that nothing is checked: the baseline the checks' cost is measured against.
 *
 * --cpu-prof DIR writes a V8 CPU profile of the scanning process; --sql-stats prints the time
 * spent per SQL statement (knex query events). --result-batch N sets how many scanned
 * repositories' results the scanner writes in one transaction (25; 1 writes each on its own). The store itself puts a SQLite file in
 * write-ahead-log mode with synchronous=NORMAL (openPlatformDatabase); --sqlite-wal also
 * sets it on every new connection, as it did before the store did.
 *
 * The scan itself runs in a child process (the same file with --backend), so that its peak RSS
 * and CPU time are those of the scanner, store and git, not of the corpus generator. The CPU of
 * the git processes it spawns is reported apart (children's time from /proc/self/stat), and each
 * phase's CPU per repository: the backends', their git processes' (with how many git processes
 * of which command they started), and, for a PostgreSQL server on this machine, the server's
 * (every postgres process, so other work on that server counts too).
 *
 * --instances N (with --pg) runs N such backends on the one PostgreSQL database, each with its
 * own stores and PlatformScanner, and starts each cycle on all of them at the same moment, as
 * backends on one schedule would be. It prints per instance what it checked, its time, CPU and
 * peak RSS, and counts how often each repository was checked in the cycle, from the instances'
 * own writes, and how many repositories the database shows unchecked since the cycle started:
 * the bench fails (exit code 1) unless every repository was checked exactly once. The instance
 * that does not make the cycle's run helps with it (PlatformScanner's `assist`), so both check.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  GithubIntegration,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import {
  parseTagVersion,
  sortVersions,
} from '@platform-portal/plugin-platform-common';
import { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
import {
  createDefaultExtractors,
  GitRepositoryHost,
  listLocalTags,
  parsePlatformManifest,
  RepositoryHosts,
} from '@platform-portal/plugin-platform-engine';
import { Knex } from 'knex';
import { createDemoRepositories } from '@platform-portal/plugin-platform-backend-module-demo';
import { PlatformScanner } from '../src/scanner/PlatformScanner';
import {
  createPlatformStores,
  DiscoveredRepository,
  RepositoryResultStore,
} from '../src/store';
import {
  BenchChild,
  corpusDir,
  createKnex,
  initBareRepository,
  parseArgs,
  printResult,
  rng,
  runChild,
  startChild,
  waitForLine,
} from './benchKit';

/** Bumped whenever the generated repositories change, so that an old corpus is made again. */
const CORPUS_VERSION = '1';
const ORGANISATION_URL = 'https://github.com/acme/';
const PLATFORM_URL = 'https://github.com/acme/platform';
const EXAMPLES_DIR = path.resolve(__dirname, '../../../examples');
const ENVIRONMENTS = ['dev', 'staging', 'prod'];
const TEAMS = [
  'payments',
  'checkout',
  'identity',
  'search',
  'platform',
  'data',
  'growth',
  'risk',
  'ledger',
  'mobile',
  'web',
  'infra',
  'ml',
  'support',
  'billing',
  'catalog',
  'fulfilment',
  'pricing',
  'notifications',
  'security',
];

// The corpus

function serviceName(index: number): string {
  return `svc-${String(index).padStart(5, '0')}`;
}

/** The services as the catalog would report them, with owners from 20 teams and 150 systems. */
export function corpusServices(repos: number): DiscoveredRepository[] {
  return Array.from({ length: repos }, (_, index) => ({
    entityRef: `component:default/${serviceName(index)}`,
    url: `${ORGANISATION_URL}${serviceName(index)}`,
    owner: `group:default/team-${TEAMS[index % TEAMS.length]}`,
    system: `system-${index % 150}`,
  }));
}

/** The extractors, with what each call sets dropped from the references they find. */
function withoutCalls(extractors: ReferenceExtractor[]): ReferenceExtractor[] {
  return extractors.map(extractor => ({
    id: extractor.id,
    matches: path_ => extractor.matches(path_),
    extract: file => {
      const result = extractor.extract(file);
      return {
        ...result,
        references: result.references.map(({ call: _call, ...rest }) => rest),
      };
    },
  }));
}

interface CorpusModule {
  name: string;
  kind: string;
  path: string;
  /** Tag names of the releases, oldest first, with the commit each is at. */
  releases: Array<{ tag: string; commit: string }>;
}

/** Picks a release: the newest most often, then the one before, then any. */
function pickRelease(module: CorpusModule, random: () => number) {
  const { releases } = module;
  const r = random();
  const last = releases.length - 1;
  if (r < 0.45 || last === 0) {
    return releases[last];
  }
  if (r < 0.7) {
    return releases[last - 1];
  }
  return releases[Math.floor(random() * releases.length)];
}

/**
 * A module call's `?ref=`: mostly a release tag, sometimes the commit of one (with the tag in a
 * comment), a branch, nothing, a tag that does not exist, or an unknown commit.
 */
function pickRef(
  module: CorpusModule,
  random: () => number,
): { ref?: string; comment?: string } {
  const release = pickRelease(module, random);
  const r = random();
  if (r < 0.8) {
    return { ref: release.tag };
  }
  if (r < 0.88) {
    return { ref: release.commit, comment: release.tag };
  }
  if (r < 0.93) {
    return { ref: 'main' };
  }
  if (r < 0.96) {
    return {};
  }
  if (r < 0.98) {
    return { ref: release.tag.replace(/\d+\.\d+\.\d+$/, '9.9.0') };
  }
  return { ref: createHash('sha1').update(String(r)).digest('hex') };
}

const CALL_NAMES: Record<string, string> = {
  vpc: 'network',
  eks: 'cluster',
  rds: 'database',
  's3-bucket': 'assets_bucket',
  dns: 'records',
};

function moduleSource(module: CorpusModule, random: () => number) {
  const { ref, comment } = pickRef(module, random);
  return {
    source: `git::https://github.com/acme/platform.git//${module.path}${
      ref ? `?ref=${ref}` : ''
    }`,
    comment: comment ? ` # ${comment}` : '',
  };
}

/** One service repository's files: 20 references and the usual rest of a repository. */
function serviceFiles(
  index: number,
  terraformModules: CorpusModule[],
  workflow: CorpusModule,
): Map<string, string> {
  const random = rng(index + 1);
  const name = serviceName(index);
  const team = TEAMS[index % TEAMS.length];
  const files = new Map<string, string>();
  const terragrunt = index % 5 === 0;

  for (const env of ENVIRONMENTS) {
    // The five platform modules and a sixth call: a second bucket, a registry module or a
    // module in the repository itself.
    const calls: Array<{ call: string; module?: CorpusModule }> =
      terraformModules.map(module => ({
        call: CALL_NAMES[module.name] ?? module.name.replace(/-/g, '_'),
        module,
      }));
    const extra = random();
    if (extra < 0.7) {
      calls.push({
        call: 'logs_bucket',
        module: terraformModules.find(m => m.name === 's3-bucket'),
      });
    } else {
      calls.push({ call: extra < 0.85 ? 'registry' : 'local' });
    }

    if (terragrunt) {
      for (const { call, module } of calls) {
        let source: string;
        let locals = '';
        if (module) {
          const picked = moduleSource(module, random);
          if (random() < 0.03) {
            // A ref that only exists at run time: the scanner reports it unresolved.
            source = picked.source.replace(
              /\?ref=.*$/,
              '?ref=${get_env("MODULE_REF", "main")}',
            );
          } else {
            source = picked.source;
          }
          locals = picked.comment;
        } else if (call === 'registry') {
          source = 'tfr:///terraform-aws-modules/sqs/aws?version=4.2.0';
        } else {
          source = '../../../modules/app';
        }
        files.set(
          `live/${env}/${call}/terragrunt.hcl`,
          `include "root" {\n  path = find_in_parent_folders("root.hcl")\n}\n\nterraform {\n  source = "${source}"${locals}\n}\n\ninputs = {\n  name        = "${name}-${env}-${call}"\n  environment = "${env}"\n  team        = "${team}"\n}\n`,
        );
      }
      files.set(
        `live/${env}/env.hcl`,
        `locals {\n  environment = "${env}"\n  region      = "eu-west-1"\n}\n`,
      );
    } else {
      const blocks = calls.map(({ call, module }) => {
        let source: string;
        let version = '';
        let comment = '';
        if (module) {
          ({ source, comment } = moduleSource(module, random));
        } else if (call === 'registry') {
          source = 'terraform-aws-modules/sqs/aws';
          version = '\n  version = "~> 4.0"';
        } else {
          source = '../../modules/app';
        }
        return `module "${call}" {\n  source = "${source}"${comment}${version}\n\n  name        = "${name}-${env}"\n  environment = "${env}"\n  tags = {\n    Team    = "${team}"\n    Service = "${name}"\n  }\n}\n`;
      });
      files.set(
        `infra/environments/${env}/main.tf`,
        `terraform {\n  backend "s3" {\n    bucket = "acme-terraform-state"\n    key    = "${name}/${env}/terraform.tfstate"\n    region = "eu-west-1"\n  }\n}\n\nlocals {\n  name = "${name}-${env}"\n}\n\n${blocks.join(
          '\n',
        )}`,
      );
      files.set(
        `infra/environments/${env}/versions.tf`,
        `terraform {\n  required_version = ">= 1.6"\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 5.0"\n    }\n  }\n}\n`,
      );
      files.set(
        `infra/environments/${env}/variables.tf`,
        `variable "region" {\n  type    = string\n  default = "eu-west-1"\n}\n\nvariable "replicas" {\n  type    = number\n  default = ${
          env === 'prod' ? 3 : 1
        }\n}\n`,
      );
    }
  }
  if (!terragrunt) {
    files.set(
      'infra/modules/app/main.tf',
      `variable "name" {}\n\nresource "aws_sqs_queue" "jobs" {\n  name = "\${var.name}-jobs"\n}\n`,
    );
  }

  const workflowRef =
    random() < 0.9 ? pickRelease(workflow, random).tag : 'main';
  files.set(
    '.github/workflows/ci.yml',
    `name: ci\non:\n  pull_request:\n  push:\n    branches: [main]\n\njobs:\n  terraform:\n    uses: acme/platform/${
      workflow.path
    }@${workflowRef}\n    with:\n      working-directory: ${
      terragrunt ? 'live' : 'infra'
    }\n    secrets: inherit\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n      - run: make test\n`,
  );
  files.set(
    'catalog-info.yaml',
    `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\n  annotations:\n    github.com/project-slug: acme/${name}\nspec:\n  type: service\n  lifecycle: production\n  owner: group:default/team-${team}\n  system: system-${
      index % 150
    }\n`,
  );
  files.set('README.md', `# ${name}\n\nOwned by team ${team}.\n`);
  files.set('CODEOWNERS', `* @acme/team-${team}\n`);
  files.set(
    'Makefile',
    'test:\n\tgo test ./...\n\nbuild:\n\tgo build -o bin/app ./cmd/app\n',
  );
  files.set(
    'Dockerfile',
    'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN make build\n\nFROM gcr.io/distroless/base\nCOPY --from=build /src/bin/app /app\nENTRYPOINT ["/app"]\n',
  );
  files.set('go.mod', `module github.com/acme/${name}\n\ngo 1.23\n`);
  files.set(
    'cmd/app/main.go',
    `package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("${name}")\n}\n`,
  );
  for (let f = 0; f < 6; f++) {
    files.set(
      `internal/handler${f}/handler.go`,
      `package handler${f}\n\n// Handle serves request kind ${f} of ${name}.\nfunc Handle(input string) string {\n\treturn input\n}\n`,
    );
  }
  return files;
}

// A bare repository written directly: one commit, its trees and blobs in one pack with its
// index, as `git clone --bare` or `git gc` leaves a repository. Spawning git for each of 10,000
// repositories would take longer than the scan.

type GitObjectType = 'commit' | 'tree' | 'blob';
const PACK_TYPES: Record<GitObjectType, number> = {
  commit: 1,
  tree: 2,
  blob: 3,
};

interface GitObject {
  type: GitObjectType;
  id: Buffer;
  content: Buffer;
}

function gitObject(type: GitObjectType, content: Buffer): GitObject {
  const id = createHash('sha1')
    .update(`${type} ${content.length}\0`)
    .update(content)
    .digest();
  return { type, id, content };
}

function buildCommit(files: Map<string, string>, message: string) {
  // Each object once: files with the same content are one blob, as in any git repository.
  const byId = new Map<string, GitObject>();
  const objects = {
    push(object: GitObject) {
      byId.set(object.id.toString('hex'), object);
    },
  };
  interface Dir {
    dirs: Map<string, Dir>;
    files: Map<string, Buffer>;
  }
  const root: Dir = { dirs: new Map(), files: new Map() };
  for (const [file, text] of files) {
    const parts = file.split('/');
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      let child = dir.dirs.get(part);
      if (!child) {
        child = { dirs: new Map(), files: new Map() };
        dir.dirs.set(part, child);
      }
      dir = child;
    }
    const blob = gitObject('blob', Buffer.from(text, 'utf8'));
    objects.push(blob);
    dir.files.set(parts[parts.length - 1], blob.id);
  }
  const writeTree = (dir: Dir): Buffer => {
    const entries: Array<{ key: string; entry: Buffer }> = [];
    for (const [name, child] of dir.dirs) {
      const id = writeTree(child);
      entries.push({
        key: `${name}/`,
        entry: Buffer.concat([Buffer.from(`40000 ${name}\0`), id]),
      });
    }
    for (const [name, id] of dir.files) {
      entries.push({
        key: name,
        entry: Buffer.concat([Buffer.from(`100644 ${name}\0`), id]),
      });
    }
    // git orders tree entries by name, a directory's name as if it ended with '/'.
    entries.sort((a, b) => (a.key < b.key ? -1 : Number(a.key > b.key)));
    const tree = gitObject('tree', Buffer.concat(entries.map(e => e.entry)));
    objects.push(tree);
    return tree.id;
  };
  const treeId = writeTree(root);
  const who = 'Acme Developer <dev@acme.example> 1775034000 +0000';
  const commit = gitObject(
    'commit',
    Buffer.from(
      `tree ${treeId.toString(
        'hex',
      )}\nauthor ${who}\ncommitter ${who}\n\n${message}\n`,
    ),
  );
  objects.push(commit);
  return { objects: [...byId.values()], commit: commit.id.toString('hex') };
}

function packObjectHeader(type: number, size: number): Buffer {
  const bytes: number[] = [];
  let byte = (type << 4) | (size & 0x0f);
  let rest = Math.floor(size / 16);
  while (rest > 0) {
    bytes.push(byte | 0x80);
    byte = rest & 0x7f;
    rest = Math.floor(rest / 128);
  }
  bytes.push(byte);
  return Buffer.from(bytes);
}

function writePack(gitDir: string, objects: GitObject[]) {
  const header = Buffer.alloc(12);
  header.write('PACK', 0, 'ascii');
  header.writeUInt32BE(2, 4);
  header.writeUInt32BE(objects.length, 8);
  const parts: Buffer[] = [header];
  const entries: Array<{ id: Buffer; offset: number; crc: number }> = [];
  let offset = header.length;
  for (const object of objects) {
    const packed = Buffer.concat([
      packObjectHeader(PACK_TYPES[object.type], object.content.length),
      zlib.deflateSync(object.content),
    ]);
    entries.push({ id: object.id, offset, crc: zlib.crc32(packed) });
    parts.push(packed);
    offset += packed.length;
  }
  const body = Buffer.concat(parts);
  const packSum = createHash('sha1').update(body).digest();
  const pack = Buffer.concat([body, packSum]);

  // Index version 2: fan-out table, sorted names, CRC32s, offsets, the pack's and its own sum.
  entries.sort((a, b) => Buffer.compare(a.id, b.id));
  const count = entries.length;
  const idx = Buffer.alloc(8 + 256 * 4 + count * (20 + 4 + 4));
  idx.writeUInt32BE(0xff744f63, 0);
  idx.writeUInt32BE(2, 4);
  for (let b = 0, i = 0; b < 256; b++) {
    while (i < count && entries[i].id[0] <= b) {
      i++;
    }
    idx.writeUInt32BE(i, 8 + b * 4);
  }
  let at = 8 + 256 * 4;
  for (const entry of entries) {
    entry.id.copy(idx, at);
    at += 20;
  }
  for (const entry of entries) {
    idx.writeUInt32BE(entry.crc >>> 0, at);
    at += 4;
  }
  for (const entry of entries) {
    idx.writeUInt32BE(entry.offset, at);
    at += 4;
  }
  const idxBody = Buffer.concat([idx, packSum]);
  const idxFile = Buffer.concat([
    idxBody,
    createHash('sha1').update(idxBody).digest(),
  ]);

  const name = `pack-${packSum.toString('hex')}`;
  const packDir = path.join(gitDir, 'objects', 'pack');
  fs.writeFileSync(path.join(packDir, `${name}.pack`), pack);
  fs.writeFileSync(path.join(packDir, `${name}.idx`), idxFile);
}

function writeBareRepository(
  gitDir: string,
  files: Map<string, string>,
  message: string,
) {
  const { objects, commit } = buildCommit(files, message);
  initBareRepository(gitDir);
  writePack(gitDir, objects);
  fs.writeFileSync(path.join(gitDir, 'refs/heads/main'), `${commit}\n`);
}

async function loadCorpusModules(platformGitDir: string) {
  const { manifest } = parsePlatformManifest(
    fs.readFileSync(
      path.join(EXAMPLES_DIR, 'platform', 'platform.yaml'),
      'utf8',
    ),
  );
  if (!manifest) {
    throw new Error('examples/platform/platform.yaml is invalid');
  }
  const tags = await listLocalTags(platformGitDir);
  const modules: CorpusModule[] = manifest.modules.map(module => {
    const byVersion = new Map<string, { tag: string; commit: string }>();
    for (const tag of tags) {
      const version = parseTagVersion(tag.name, module.tagPattern);
      if (version !== null && !version.includes('-')) {
        byVersion.set(version, { tag: tag.name, commit: tag.commit });
      }
    }
    return {
      name: module.name,
      kind: module.kind,
      path: module.path,
      releases: sortVersions([...byVersion.keys()]).map(v => byVersion.get(v)!),
    };
  });
  const terraformModules = modules.filter(
    m => m.kind === 'terraform-module' && m.releases.length > 0,
  );
  const workflow = modules.find(
    m => m.kind === 'github-workflow' && m.releases.length > 0,
  );
  if (terraformModules.length === 0 || !workflow) {
    throw new Error('the demo platform has no Terraform modules or workflow');
  }
  return { terraformModules, workflow };
}

/** Makes the corpus in dir unless it is there for the same number of repositories. */
export async function ensureCorpus(
  dir: string,
  repos: number,
  options: { regenerate?: boolean } = {},
): Promise<{ generated: boolean; seconds: number }> {
  const marker = path.join(dir, 'corpus.json');
  const wanted = JSON.stringify({ version: CORPUS_VERSION, repos });
  if (
    !options.regenerate &&
    fs.existsSync(marker) &&
    fs.readFileSync(marker, 'utf8').trim() === wanted
  ) {
    return { generated: false, seconds: 0 };
  }
  const started = process.hrtime.bigint();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  // The platform repository is the demo's: examples/platform built release by release.
  const demo = await createDemoRepositories({
    examplesDir: EXAMPLES_DIR,
    targetDir: dir,
  });
  const { terraformModules, workflow } = await loadCorpusModules(
    demo.platform.path,
  );
  const organisation = path.dirname(demo.platform.path);
  for (let index = 0; index < repos; index++) {
    writeBareRepository(
      path.join(organisation, `${serviceName(index)}.git`),
      serviceFiles(index, terraformModules, workflow),
      `Create ${serviceName(index)}`,
    );
    if ((index + 1) % 1000 === 0) {
      process.stdout.write(`  generated ${index + 1}/${repos}\r`);
    }
  }
  fs.writeFileSync(marker, `${wanted}\n`);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { generated: true, seconds };
}

// The database

async function dropPlatformTables(knex: Knex) {
  // Every table of the plugin's migrations, including those added after this was written.
  const { rows } = (await knex.raw(
    "select table_name from information_schema.tables where table_schema = current_schema() and table_name like 'platform\\_%'",
  )) as { rows: Array<{ table_name: string }> };
  for (const table of [
    ...rows.map(row => row.table_name),
    'knex_migrations',
    'knex_migrations_lock',
  ]) {
    await knex.raw('drop table if exists ?? cascade', [table]);
  }
}

// The backend process

function procStatus(field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
    fs.readFileSync('/proc/self/status', 'utf8'),
  );
  return match ? Number(match[1]) : 0;
}

/** CPU seconds of this process and of its waited-for children (git), from /proc/self/stat. */
function cpuTimes() {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const tick = 100; // USER_HZ
  return {
    self: (Number(fields[11]) + Number(fields[12])) / tick,
    children: (Number(fields[13]) + Number(fields[14])) / tick,
  };
}

/**
 * Counts the git processes this process starts, by git command (`cat-file`, `ls-tree`, ...), by
 * wrapping child_process.spawn, which the engine's git runner calls at each start.
 */
function countGitSpawns() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const childProcess = require('node:child_process') as {
    spawn: (
      command: string,
      args?: readonly string[],
      ...rest: unknown[]
    ) => unknown;
  };
  const spawn = childProcess.spawn;
  let counts = new Map<string, number>();
  childProcess.spawn = (command, args, ...rest) => {
    if (command === 'git') {
      const name = args?.find(arg => !arg.startsWith('-')) ?? '(none)';
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    return spawn.call(childProcess, command, args, ...rest);
  };
  return {
    take(): Record<string, number> {
      const taken = Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));
      counts = new Map();
      return taken;
    },
  };
}

/**
 * CPU seconds of every PostgreSQL server process on this machine: those running, and those that
 * ended (in their parent's children's time). Undefined where none can be read. Other databases'
 * work on the same server counts too.
 */
export function postgresCpuSeconds(): number | undefined {
  let ticks = 0;
  let found = false;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) {
      continue;
    }
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const open = stat.indexOf('(');
      const close = stat.lastIndexOf(')');
      if (stat.slice(open + 1, close) !== 'postgres') {
        continue;
      }
      const fields = stat.slice(close + 2).split(' ');
      // utime, stime, cutime, cstime
      ticks += [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
      found = true;
    } catch {
      // Ended meanwhile, or not ours to read.
    }
  }
  return found ? ticks / 100 : undefined;
}

/** Resets the peak RSS (VmHWM) so that each phase's peak can be read; false where refused. */
function resetPeakRss(): boolean {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

function createLogger(warnings: string[]): LoggerService {
  const logger: LoggerService = {
    error: message => warnings.push(`error: ${message}`),
    warn: message => warnings.push(`warn: ${message}`),
    info: () => undefined,
    debug: () => undefined,
    child: () => logger,
  };
  return logger;
}

/** Time spent per SQL statement (its first 100 characters), from knex's query events. */
function trackSql(knex: Knex) {
  const started = new Map<string, bigint>();
  let stats = new Map<string, { count: number; ms: number }>();
  const done = (data: { __knexQueryUid: string; sql: string }) => {
    const start = started.get(data.__knexQueryUid);
    if (start === undefined) {
      return;
    }
    started.delete(data.__knexQueryUid);
    const key = data.sql.replace(/\s+/g, ' ').slice(0, 100);
    const entry = stats.get(key) ?? { count: 0, ms: 0 };
    entry.count += 1;
    entry.ms += Number(process.hrtime.bigint() - start) / 1e6;
    stats.set(key, entry);
  };
  knex.on('query', (data: { __knexQueryUid: string }) => {
    started.set(data.__knexQueryUid, process.hrtime.bigint());
  });
  knex.on('query-response', (_response: unknown, data) => done(data));
  knex.on('query-error', (_error: unknown, data) => done(data));
  return {
    take() {
      const result = [...stats.entries()]
        .map(([sql, entry]) => ({ sql, ...entry }))
        .sort((a, b) => b.ms - a.ms);
      stats = new Map();
      return result;
    },
  };
}

/** The repositories one instance checked in a phase, as it wrote them to the store. */
export interface OwnChecks {
  scanned: string[];
  unchanged: string[];
  failed: string[];
}

/**
 * The repository store, noting each repository whose check this instance wrote: its results,
 * "unchanged", or its failure. Summed over the instances, each repository of a cycle should be
 * there exactly once.
 */
function noteChecks(repositories: RepositoryResultStore) {
  let checks: OwnChecks = { scanned: [], unchanged: [], failed: [] };
  const store: RepositoryResultStore = Object.assign(
    Object.create(repositories) as RepositoryResultStore,
    {
      replaceRepositoryResults: async (
        ...args: Parameters<RepositoryResultStore['replaceRepositoryResults']>
      ) => {
        await repositories.replaceRepositoryResults(...args);
        checks.scanned.push(args[0]);
      },
      markRepositoriesUnchanged: async (
        ...args: Parameters<RepositoryResultStore['markRepositoriesUnchanged']>
      ) => {
        await repositories.markRepositoriesUnchanged(...args);
        checks.unchanged.push(...args[0]);
      },
      recordRepositoryFailure: async (
        ...args: Parameters<RepositoryResultStore['recordRepositoryFailure']>
      ) => {
        await repositories.recordRepositoryFailure(...args);
        checks.failed.push(args[0]);
      },
    },
  );
  return {
    store,
    take(): OwnChecks {
      const taken = checks;
      checks = { scanned: [], unchanged: [], failed: [] };
      return taken;
    },
  };
}

export interface PhaseResult {
  seconds: number;
  /** What this process checked itself (the run's counts are those of the run, on any instance). */
  own?: OwnChecks;
  /** With --sql-stats: the statements that took longest, in all. */
  sql?: Array<{ sql: string; count: number; ms: number }>;
  scanned: number;
  skipped: number;
  failed: number;
  status: string;
  peakRssKb: number;
  cpuSeconds: number;
  gitCpuSeconds: number;
  /** CPU of the PostgreSQL server in the phase (every database on it); undefined on SQLite. */
  databaseCpuSeconds?: number;
  /** git processes started in the phase, by git command. */
  gitSpawns: Record<string, number>;
  /** SQL statements this instance sent in the phase (transaction begins and commits too). */
  sqlStatements: number;
}

export interface BackendResult {
  database: string;
  repositories: number;
  references: number;
  rowsByVerdict: Record<string, number>;
  calls: {
    byStatus: Record<string, number>;
    /** Interfaces of releases the scanner read from the platform repository. */
    interfaceReads: number;
    /** Tags of the platform repository: the releases there are to read. */
    platformTags: number;
  };
  full: PhaseResult;
  rescan: PhaseResult;
  index: {
    seconds: number;
    peakRssKb: number;
    rssKb: number;
    /** RSS and the V8 heap in use when the build began. */
    before: { rssKb: number; heapUsedKb: number };
  };
  startupRssKb: number;
  maxRssKb: number;
  peakResettable: boolean;
  warnings: string[];
  loadavg: number[][];
}

async function runBackend(options: {
  dir: string;
  repos: number;
  sqlite?: string;
  pg?: string;
  wal?: boolean;
  sqlStats?: boolean;
  concurrency?: number;
  resultBatch?: number;
  rescanOnly?: boolean;
  withoutCalls?: boolean;
  /** One of several instances on one database: the parent empties it and says when to start. */
  instance?: number;
}): Promise<BackendResult> {
  const gitSpawns = countGitSpawns();
  const knex = createKnex(options);
  let sqlStatements = 0;
  knex.on('query', () => {
    sqlStatements += 1;
  });
  const sql = options.sqlStats ? trackSql(knex) : undefined;
  const oneOfSeveral = options.instance !== undefined;
  if (options.pg && !options.rescanOnly && !oneOfSeveral) {
    await dropPlatformTables(knex);
  }
  const stores = await createPlatformStores({
    database: { getClient: async () => knex },
  });
  const checks = noteChecks(stores.repositories);
  const warnings: string[] = [];
  const organisation = path.join(options.dir, 'acme');
  const github = new GithubIntegration({ host: 'github.com' });
  // The scanner asks the integrations only for the type of a URL's host, to link rows to the
  // host's web UI; github.com is what every corpus URL names, as the demo's do.
  const integrations = {
    byUrl: (url: string | URL) =>
      new URL(url).host === 'github.com' ? github : undefined,
  } as unknown as ScmIntegrationRegistry;
  const services = corpusServices(options.repos);
  const scanner = new PlatformScanner({
    scanRuns: stores.scanRuns,
    repositories: checks.store,
    trends: stores.trends,
    hosts: new RepositoryHosts(
      [new GitRepositoryHost({ localRoots: [options.dir] })],
      [{ from: ORGANISATION_URL, to: `${pathToFileURL(organisation).href}/` }],
    ),
    extractors: options.withoutCalls
      ? withoutCalls(await createDefaultExtractors())
      : await createDefaultExtractors(),
    platforms: [PLATFORM_URL],
    discover: async () => services,
    logger: createLogger(warnings),
    integrations,
    concurrency: options.concurrency,
    resultBatch: options.resultBatch,
  });

  const loadavg: number[][] = [os.loadavg()];
  const startupRssKb = procStatus('VmRSS');
  const peakResettable = resetPeakRss();
  const phase = async (
    trigger: 'manual' | 'schedule',
  ): Promise<PhaseResult> => {
    if (oneOfSeveral) {
      // Every instance starts the cycle when the parent says, as backends on one schedule do.
      console.log(`READY ${trigger}`);
      await waitForLine();
    }
    checks.take();
    gitSpawns.take();
    const statementsBefore = sqlStatements;
    resetPeakRss();
    const cpu = cpuTimes();
    const database = options.pg ? postgresCpuSeconds() : undefined;
    const started = process.hrtime.bigint();
    const run = await scanner.scan({ trigger });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const after = cpuTimes();
    const databaseAfter =
      database === undefined ? undefined : postgresCpuSeconds();
    loadavg.push(os.loadavg());
    if (oneOfSeveral) {
      console.log(`DONE ${trigger}`);
    }
    return {
      seconds,
      own: checks.take(),
      sql: sql?.take().slice(0, 10),
      scanned: run.repositoriesScanned,
      skipped: run.repositoriesSkipped,
      failed: run.repositoriesFailed,
      status: run.error ? `${run.status}: ${run.error}` : run.status,
      peakRssKb: procStatus('VmHWM'),
      cpuSeconds: after.self - cpu.self,
      gitCpuSeconds: after.children - cpu.children,
      gitSpawns: gitSpawns.take(),
      sqlStatements: sqlStatements - statementsBefore,
      databaseCpuSeconds:
        database === undefined || databaseAfter === undefined
          ? undefined
          : databaseAfter - database,
    };
  };

  sql?.take();
  const full: PhaseResult = options.rescanOnly
    ? {
        seconds: NaN,
        scanned: 0,
        skipped: 0,
        failed: 0,
        status: 'not run (--rescan-only)',
        peakRssKb: 0,
        cpuSeconds: 0,
        gitCpuSeconds: 0,
        gitSpawns: {},
        sqlStatements: 0,
      }
    : await phase('manual');
  const rescan = await phase('schedule');
  // The backend then answers the report from its in-memory index (plugin.ts): built once it is
  // up and after a scan's writes, in the same process, so its time and peak are measured too.
  // Nothing has read the report yet: this read builds it.
  // What the scan left: the build's peak comes on top of it.
  const before = {
    rssKb: procStatus('VmRSS'),
    heapUsedKb: process.memoryUsage().heapUsed / 1024,
  };
  resetPeakRss();
  const indexStarted = process.hrtime.bigint();
  const summary = await stores.report.getSummary({});
  const index = {
    seconds: Number(process.hrtime.bigint() - indexStarted) / 1e9,
    peakRssKb: procStatus('VmHWM'),
    rssKb: procStatus('VmRSS'),
    before,
  };
  const callStatuses = ['ok', 'broken', 'breaking-upgrade'] as const;
  const byStatus: Record<string, number> = {};
  for (const callStatus of callStatuses) {
    byStatus[callStatus] = (
      await stores.report.getSummary({ callStatus: [callStatus] })
    ).total;
  }
  const calls = {
    byStatus,
    interfaceReads: scanner.interfaceReads,
    platformTags: (await scanner.platforms.get()).reduce(
      (count, platform) => count + platform.snapshot.tags.length,
      0,
    ),
  };
  await knex.destroy();
  return {
    database: options.pg
      ? 'postgresql'
      : `sqlite file ${options.sqlite}${
          options.wal ? ' (experiment: WAL, synchronous=NORMAL)' : ''
        }`,
    repositories: summary.services,
    references: summary.total,
    rowsByVerdict: summary.byVerdict as Record<string, number>,
    calls,
    full,
    rescan,
    index,
    startupRssKb,
    maxRssKb: process.resourceUsage().maxRSS,
    peakResettable,
    warnings,
    loadavg,
  };
}

// The parent

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const ms = (seconds: number, repositories: number) =>
  `${((1000 * seconds) / Math.max(1, repositories)).toFixed(1)} ms`;

/** The git processes of a phase, by command, and per repository. */
function describeGitSpawns(
  spawns: Record<string, number>,
  repositories: number,
) {
  const total = Object.values(spawns).reduce((a, b) => a + b, 0);
  if (total === 0) {
    return 'none';
  }
  return `${total} (${(total / Math.max(1, repositories)).toFixed(
    2,
  )} per repository: ${Object.entries(spawns)
    .map(([command, count]) => `${command} ${count}`)
    .join(', ')})`;
}

/**
 * What one phase cost per repository checked, over every instance: the backends' own CPU, that
 * of the git processes they started, and that of the database server.
 */
function describeCpu(phases: PhaseResult[], repositories: number): string[] {
  const sum = (pick: (phase: PhaseResult) => number) =>
    phases.reduce((total, phase) => total + pick(phase), 0);
  const backend = sum(phase => phase.cpuSeconds);
  const git = sum(phase => phase.gitCpuSeconds);
  // Every instance reads the one server's CPU over the same phase: the largest is the phase's.
  const database = Math.max(
    ...phases.map(phase => phase.databaseCpuSeconds ?? NaN),
  );
  const statements = sum(phase => phase.sqlStatements);
  const spawns: Record<string, number> = {};
  for (const phase of phases) {
    for (const [command, count] of Object.entries(phase.gitSpawns)) {
      spawns[command] = (spawns[command] ?? 0) + count;
    }
  }
  return [
    `  cpu per repository: backend ${ms(backend, repositories)} + git ${ms(
      git,
      repositories,
    )} = ${ms(backend + git, repositories)}${
      Number.isNaN(database)
        ? ''
        : `; database server ${ms(database, repositories)} (${database.toFixed(
            1,
          )} s, every database on the server)`
    }`,
    `  git processes:     ${describeGitSpawns(spawns, repositories)}`,
    `  sql statements:    ${statements} (${(
      statements / Math.max(1, repositories)
    ).toFixed(2)} per repository)`,
  ];
}

function backendExecArgv(cpuProfDir?: string) {
  const execArgv = [...process.execArgv];
  if (cpuProfDir) {
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${path.resolve(cpuProfDir)}`);
  }
  return execArgv;
}

function runBackendProcess(args: string[], cpuProfDir?: string) {
  return runChild<BackendResult>(
    __filename,
    ['--backend', ...args],
    'backend',
    backendExecArgv(cpuProfDir),
  );
}

/** How often each repository was checked in one cycle, over every instance. */
export function countChecks(
  services: DiscoveredRepository[],
  perInstance: OwnChecks[],
) {
  const times = new Map(services.map(s => [s.entityRef, 0]));
  const unknown: string[] = [];
  for (const own of perInstance) {
    for (const entityRef of [...own.scanned, ...own.unchanged, ...own.failed]) {
      const count = times.get(entityRef);
      if (count === undefined) {
        unknown.push(entityRef);
      } else {
        times.set(entityRef, count + 1);
      }
    }
  }
  const never = [...times].filter(([, n]) => n === 0).map(([ref]) => ref);
  const twice = [...times].filter(([, n]) => n > 1).map(([ref]) => ref);
  return { never, twice, unknown };
}

/** Repositories whose last check in the database is older than the cycle's start. */
async function notCheckedSince(pg: string, since: Date): Promise<number> {
  const knex = createKnex({ pg });
  try {
    const [{ count }] = await knex('platform_repositories')
      .whereNull('checked_at')
      .orWhere('checked_at', '<', since)
      .count({ count: '*' });
    return Number(count);
  } finally {
    await knex.destroy();
  }
}

interface InstancesResult {
  results: BackendResult[];
  /** Per phase: wall time from the common start until the last instance ended. */
  phases: Array<{
    label: string;
    seconds: number;
    never: string[];
    twice: string[];
    unknown: string[];
    staleInDatabase: number;
  }>;
}

/**
 * Runs `instances` backends on one PostgreSQL database, as a deployment of that many would:
 * each its own process, stores and scanner. They start one after the other (their migrations
 * take turns), then each phase starts on all of them at once, when the parent says.
 */
async function runInstances(options: {
  instances: number;
  pg: string;
  repos: number;
  childArgs: string[];
  rescanOnly: boolean;
  cpuProfDir?: string;
}): Promise<InstancesResult> {
  if (!options.rescanOnly) {
    const knex = createKnex({ pg: options.pg });
    await dropPlatformTables(knex);
    await knex.destroy();
  }
  const children: Array<BenchChild<BackendResult>> = [];
  for (let instance = 0; instance < options.instances; instance++) {
    const child = startChild<BackendResult>(
      __filename,
      [
        '--backend',
        ...options.childArgs,
        '--pg',
        options.pg,
        '--instance',
        String(instance),
      ],
      `instance ${instance + 1}`,
      backendExecArgv(
        options.cpuProfDir &&
          path.join(options.cpuProfDir, `instance-${instance + 1}`),
      ),
    );
    await child.waitFor(/^READY /);
    children.push(child);
  }
  const services = corpusServices(options.repos);
  const phases: InstancesResult['phases'] = [];
  const labels = options.rescanOnly
    ? [['schedule', 'unchanged rescan']]
    : [
        ['manual', 'full scan'],
        ['schedule', 'unchanged rescan'],
      ];
  for (const [trigger, label] of labels) {
    await Promise.all(
      children.map(c => c.waitFor(new RegExp(`^READY ${trigger}$`))),
    );
    const since = new Date();
    const started = process.hrtime.bigint();
    for (const child of children) {
      child.send('go');
    }
    await Promise.all(
      children.map(c => c.waitFor(new RegExp(`^DONE ${trigger}$`))),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    phases.push({
      label,
      seconds,
      staleInDatabase: await notCheckedSince(options.pg, since),
      // Filled from the instances' results below.
      never: [],
      twice: [],
      unknown: [],
    });
  }
  const results = await Promise.all(children.map(c => c.result));
  phases.forEach((phase, index) => {
    const own = results.map(
      result =>
        (options.rescanOnly || index === 1 ? result.rescan : result.full).own!,
    );
    Object.assign(phase, countChecks(services, own));
  });
  return { results, phases };
}

/** How many repositories an instance checked in a phase. */
function checkedBy(phase: PhaseResult): number {
  const own = phase.own!;
  return own.scanned.length + own.unchanged.length + own.failed.length;
}

function reportInstances(
  { results, phases }: InstancesResult,
  repos: number,
): boolean {
  let exactlyOnce = true;
  console.log(
    `instances:           ${results.length} on one PostgreSQL database`,
  );
  for (const phase of phases) {
    console.log(
      `${`${phase.label}:`.padEnd(21)}${phase.seconds.toFixed(
        1,
      )} s from the common start to the last instance's end (${(
        repos / phase.seconds
      ).toFixed(1)} repos/s)`,
    );
    results.forEach((result, index) => {
      const own = phase.label === 'full scan' ? result.full : result.rescan;
      console.log(
        `  instance ${index + 1}:        ${own.seconds.toFixed(1)} s, checked ${
          own.own!.scanned.length
        } scanned, ${own.own!.unchanged.length} unchanged, ${
          own.own!.failed.length
        } failed; peak RSS ${mb(own.peakRssKb)}; cpu ${own.cpuSeconds.toFixed(
          1,
        )} s + git ${own.gitCpuSeconds.toFixed(1)} s (${ms(
          own.cpuSeconds,
          checkedBy(own),
        )} + ${ms(
          own.gitCpuSeconds,
          checkedBy(own),
        )} per repository it checked); run ${own.status}`,
      );
    });
    for (const line of describeCpu(
      results.map(result =>
        phase.label === 'full scan' ? result.full : result.rescan,
      ),
      repos,
    )) {
      console.log(line);
    }
    const idle = results.filter(result => {
      const own = (phase.label === 'full scan' ? result.full : result.rescan)
        .own!;
      return (
        own.scanned.length + own.unchanged.length + own.failed.length === 0
      );
    }).length;
    if (idle > 0) {
      // A second start of a run over every service helps with the running one, but reads the
      // run once a second: a run over within that (a quick rescan) is done before it joins.
      console.log(
        `  shared:            no; ${idle} of ${results.length} instances checked nothing (the run another instance made was done before they joined)`,
      );
    }
    const ok =
      phase.never.length === 0 &&
      phase.twice.length === 0 &&
      phase.unknown.length === 0 &&
      phase.staleInDatabase === 0;
    exactlyOnce &&= ok;
    const sample = (refs: string[]) =>
      refs.length > 0 ? ` (e.g. ${refs.slice(0, 3).join(', ')})` : '';
    console.log(
      `  exactly once:      ${ok ? 'yes' : 'NO'}: ${
        phase.never.length
      } never checked${sample(phase.never)}, ${
        phase.twice.length
      } checked twice or more${sample(phase.twice)}, ${
        phase.unknown.length
      } not in the catalog; ${
        phase.staleInDatabase
      } with no check in this cycle in the database`,
    );
  }
  results.forEach((result, index) => {
    console.log(
      `peak RSS, instance ${index + 1}: ${mb(
        result.maxRssKb,
      )} (after start-up ${mb(
        result.startupRssKb,
      )}; building the report index ${mb(
        result.index.peakRssKb,
      )} in ${result.index.seconds.toFixed(1)} s, from ${mb(
        result.index.before.rssKb,
      )} with ${mb(result.index.before.heapUsedKb)} of heap in use)`,
    );
  });
  console.log(
    `references:          ${results[0].references} in ${results[0].repositories} services`,
  );
  console.log(
    `load average:        ${results[0].loadavg
      .map(l => l.map(v => v.toFixed(2)).join(' '))
      .join(' -> ')} (instance 1: start -> after each phase; ${
      os.cpus().length
    } cores)`,
  );
  for (const [index, result] of results.entries()) {
    for (const warning of result.warnings.slice(0, 3)) {
      console.log(`  instance ${index + 1} ${warning}`);
    }
  }
  return exactlyOnce;
}

function report(result: BackendResult, repos: number, concurrency: string) {
  const { full, rescan } = result;
  console.log(`database:            ${result.database}`);
  console.log(`concurrency:         ${concurrency}`);
  console.log(`repositories:        ${result.repositories} of ${repos}`);
  console.log(
    `references:          ${result.references} (${(
      result.references / Math.max(1, result.repositories)
    ).toFixed(1)} per repository)`,
  );
  console.log(
    `verdicts:            ${Object.entries(result.rowsByVerdict)
      .sort((a, b) => b[1] - a[1])
      .map(([verdict, count]) => `${verdict} ${count}`)
      .join(', ')}`,
  );
  const { calls } = result;
  console.log(
    `call checks:         ${Object.entries(calls.byStatus)
      .map(([status, count]) => `${status} ${count}`)
      .join(', ')}; ${
      result.references -
      Object.values(calls.byStatus).reduce((a, b) => a + b, 0)
    } not checked`,
  );
  console.log(
    `interfaces read:     ${calls.interfaceReads} (the platform has ${calls.platformTags} tags; each release is read at most once)`,
  );
  if (typeof full.seconds !== 'number' || Number.isNaN(full.seconds)) {
    console.log(`full scan:           ${full.status}`);
  } else {
    console.log(
      `full scan:           ${full.seconds.toFixed(1)} s, ${(
        repos / full.seconds
      ).toFixed(1)} repos/s, ${(result.references / full.seconds).toFixed(
        0,
      )} references/s (${full.scanned} scanned, ${full.skipped} skipped, ${
        full.failed
      } failed; ${full.status})`,
    );
    console.log(
      `  cpu:               backend ${full.cpuSeconds.toFixed(
        1,
      )} s, git processes ${full.gitCpuSeconds.toFixed(1)} s`,
    );
    for (const line of describeCpu([full], repos)) {
      console.log(line);
    }
  }
  console.log(
    `unchanged rescan:    ${rescan.seconds.toFixed(1)} s (${
      rescan.scanned
    } scanned, ${rescan.skipped} skipped, ${rescan.failed} failed; ${
      rescan.status
    })`,
  );
  console.log(
    `  cpu:               backend ${rescan.cpuSeconds.toFixed(
      1,
    )} s, git processes ${rescan.gitCpuSeconds.toFixed(1)} s`,
  );
  for (const line of describeCpu([rescan], repos)) {
    console.log(line);
  }
  console.log(
    `peak RSS:            ${mb(
      result.maxRssKb,
    )} (backend process; after start-up ${mb(result.startupRssKb)}${
      result.peakResettable
        ? `, peak in full scan ${mb(full.peakRssKb)}, in rescan ${mb(
            rescan.peakRssKb,
          )}, building the report index ${mb(result.index.peakRssKb)}`
        : ''
    })`,
  );
  console.log(
    `report index:        built in ${result.index.seconds.toFixed(
      1,
    )} s after the rescan (RSS then ${mb(result.index.rssKb)})`,
  );
  console.log(
    `load average:        ${result.loadavg
      .map(l => l.map(v => v.toFixed(2)).join(' '))
      .join(' -> ')} (start -> after full -> after rescan; ${
      os.cpus().length
    } cores)`,
  );
  for (const [label, phase] of [
    ['full scan', full],
    ['unchanged rescan', rescan],
  ] as const) {
    if (phase.sql) {
      console.log(`SQL in ${label} (count, total ms, mean ms):`);
      for (const entry of phase.sql) {
        console.log(
          `  ${String(entry.count).padStart(6)} ${entry.ms
            .toFixed(0)
            .padStart(7)} ${(entry.ms / entry.count).toFixed(2).padStart(6)}  ${
            entry.sql
          }`,
        );
      }
    }
  }
  if (result.warnings.length > 0) {
    console.log(`warnings:            ${result.warnings.length}, first:`);
    for (const warning of result.warnings.slice(0, 5)) {
      console.log(`  ${warning}`);
    }
  }
}

async function main() {
  const { flags, values } = parseArgs(process.argv.slice(2));
  const repos = Number(values.get('repos') ?? 1000);
  if (!Number.isInteger(repos) || repos < 1) {
    throw new Error('--repos must be a positive integer');
  }
  const dir = corpusDir(repos, values.get('dir'));
  const concurrency = values.has('concurrency')
    ? Number(values.get('concurrency'))
    : undefined;

  if (flags.has('backend')) {
    const result = await runBackend({
      dir,
      repos,
      sqlite: values.get('db'),
      pg: values.get('pg'),
      wal: flags.has('sqlite-wal'),
      sqlStats: flags.has('sql-stats'),
      concurrency,
      resultBatch: values.has('result-batch')
        ? Number(values.get('result-batch'))
        : undefined,
      rescanOnly: flags.has('rescan-only'),
      withoutCalls: flags.has('without-calls'),
      instance: values.has('instance')
        ? Number(values.get('instance'))
        : undefined,
    });
    printResult(result);
    // An instance's standard input was the parent's go; it ends here.
    process.stdin.destroy();
    return;
  }

  const corpus = await ensureCorpus(dir, repos, {
    regenerate: flags.has('regenerate'),
  });
  console.log(
    corpus.generated
      ? `corpus:              ${repos} repositories generated in ${dir} in ${corpus.seconds.toFixed(
          1,
        )} s`
      : `corpus:              ${repos} repositories reused from ${dir}`,
  );

  const sqlite = path.resolve(
    values.get('db') ?? path.join(dir, 'drift.sqlite'),
  );
  const childArgs = ['--repos', String(repos), '--dir', dir];
  if (concurrency !== undefined) {
    childArgs.push('--concurrency', String(concurrency));
  }
  if (values.has('result-batch')) {
    childArgs.push('--result-batch', values.get('result-batch')!);
  }
  for (const flag of [
    'sqlite-wal',
    'sql-stats',
    'rescan-only',
    'without-calls',
  ]) {
    if (flags.has(flag)) {
      childArgs.push(`--${flag}`);
    }
  }
  const cpuProf = values.get('cpu-prof');
  if (values.has('instances')) {
    const instances = Number(values.get('instances'));
    const pg = values.get('pg');
    if (!Number.isInteger(instances) || instances < 1 || !pg) {
      throw new Error(
        '--instances needs a positive integer and --pg: instances share a PostgreSQL database',
      );
    }
    console.log('');
    const result = await runInstances({
      instances,
      pg,
      repos,
      childArgs,
      rescanOnly: flags.has('rescan-only'),
      cpuProfDir: cpuProf,
    });
    if (!reportInstances(result, repos)) {
      console.log(
        'FAILED: a repository was not checked exactly once in a cycle',
      );
      process.exitCode = 1;
    }
    return;
  }
  const targets: Array<{ args: string[]; label: string }> = [];
  if (!flags.has('pg-only')) {
    if (!flags.has('rescan-only')) {
      for (const file of [sqlite, `${sqlite}-wal`, `${sqlite}-shm`]) {
        fs.rmSync(file, { force: true });
      }
    } else if (!fs.existsSync(sqlite)) {
      throw new Error(`--rescan-only: ${sqlite} does not exist`);
    }
    targets.push({ args: ['--db', sqlite], label: 'sqlite' });
  }
  if (values.has('pg')) {
    targets.push({ args: ['--pg', values.get('pg')!], label: 'postgresql' });
  }
  for (const target of targets) {
    console.log('');
    const result = await runBackendProcess(
      [...childArgs, ...target.args],
      cpuProf ? path.join(cpuProf, target.label) : undefined,
    );
    report(
      result,
      repos,
      concurrency === undefined ? 'default (8)' : String(concurrency),
    );
  }
}

if (require.main === module) {
  main().catch(error => {
    console.error(error);
    process.exit(1);
  });
}
