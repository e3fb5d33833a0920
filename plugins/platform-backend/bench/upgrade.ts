/* eslint-disable no-console */
/*
 * yarn bench:upgrade [--services N] [--concurrency N] [--sample N] [--dir DIR]
 *
 * A campaign as the portal runs it for local bare repositories: "upgrade every service behind
 * on vpc to its latest release". Generates N (default 1000) bare service repositories, each
 * pinning an older vpc in dev, staging and prod (70% a 2.x release, whose upgrade is a version
 * bump; 30% 1.2.0, whose upgrade to 2.x drops inputs and requires `cidr`; some pins by commit
 * SHA with the tag in a comment), next to the demo platform repository with its tagged
 * releases. Then, for every service, with at most --concurrency (default 8) at a time: reads
 * the files at the head of the default branch through GitRepositoryHost, finds the references
 * to vpc with the engine's extractors, plans the upgrade to the latest release with planUpgrade
 * (the interface diff of each pinned release read once through ModuleInterfaceReader) and
 * pushes the branch with GitRepositoryHost.pushBranch, in place, as the portal does for local
 * repositories.
 *
 * Prints the time to prepare and push all changes, the median and 95th percentile per service,
 * the peak RSS of the process that did it (the campaign runs in a child process, so that the
 * generator's memory is not counted; the git processes it starts are separate and small) and
 * the load average before and after, since the figures depend on what else the machine runs.
 * Then checks --sample (default 25) branches spread over the services with git itself: the
 * branch is one commit on the head it was made from, its diff names exactly the files the plan
 * changed, and each file, rescanned at the branch, pins vpc at the target where it was moved
 * while every other reference is as it was.
 *
 * The corpus goes to DIR (default <tmp>/platform-upgrade-bench-N) and is made anew each run,
 * since a run leaves branches in it.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import {
  InterfaceDiff,
  latestVersion,
  parseTagVersion,
  Reference,
  sortVersions,
} from '@platform-portal/plugin-platform-common';
import { PlatformSnapshot } from '@platform-portal/plugin-platform-node';
import {
  createDefaultExtractors,
  createFileFilter,
  diffInterfaces,
  GitRepositoryHost,
  loadPlatform,
  ModuleInterfaceReader,
  planUpgrade,
  RepositoryHosts,
  resolveReferences,
  scanFiles,
} from '@platform-portal/plugin-platform-engine';
import { createDemoRepositories } from '@platform-portal/plugin-platform-backend-module-demo';
import {
  initBareRepository,
  parseArgs,
  printResult,
  rng,
  runChild,
} from './benchKit';

const run = promisify(execFile);
const EXAMPLES_DIR = path.resolve(__dirname, '../../../examples');
const MODULE = 'vpc';
const AUTHOR = {
  name: 'Platform Portal',
  email: 'platform-portal@acme.example',
};
const ENVIRONMENTS = ['dev', 'staging', 'prod'];

function serviceName(index: number): string {
  return `svc-${String(index).padStart(5, '0')}`;
}

// The corpus

interface Release {
  version: string;
  tag: string;
  commit: string;
}

/** The module block of the vpc a service pins, with the inputs that release takes. */
function vpcBlock(
  release: Release,
  bySha: boolean,
  name: string,
  env: string,
  index: number,
): string {
  const ref = bySha ? release.commit : release.tag;
  const comment = bySha ? ` # ${release.tag}` : '';
  const cidr = `"10.${index % 250}.${ENVIRONMENTS.indexOf(env) * 64}.0/18"`;
  const inputs = release.version.startsWith('1.')
    ? `  name       = "${name}-${env}"\n  cidr_block = ${cidr}\n  azs        = ["eu-west-1a", "eu-west-1b"]\n`
    : `  name     = "${name}-${env}"\n  cidr     = ${cidr}\n  az_count = 2\n`;
  return `module "network" {\n  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=${ref}"${comment}\n\n${inputs}\n  tags = {\n    Service     = "${name}"\n    Environment = "${env}"\n  }\n}\n`;
}

function serviceFiles(
  index: number,
  vpc: Release[],
  others: { eks: Release; rds: Release; ci: Release },
): Map<string, string> {
  const random = rng(index + 1);
  const name = serviceName(index);
  const files = new Map<string, string>();
  const older = vpc.slice(0, -1);
  const onOne = older.filter(r => r.version.startsWith('1.'));
  const onTwo = older.filter(r => r.version.startsWith('2.'));
  const pinned =
    random() < 0.3 ? onOne[onOne.length - 1] : onTwo[index % onTwo.length];
  for (const env of ENVIRONMENTS) {
    const bySha = random() < 0.15;
    files.set(
      `infra/environments/${env}/main.tf`,
      `terraform {\n  backend "s3" {\n    bucket = "acme-terraform-state"\n    key    = "${name}/${env}/terraform.tfstate"\n    region = "eu-west-1"\n  }\n}\n\n${vpcBlock(
        pinned,
        bySha,
        name,
        env,
        index,
      )}\nmodule "cluster" {\n  source = "git::https://github.com/acme/platform.git//modules/eks?ref=${
        others.eks.tag
      }"\n\n  cluster_name = "${name}-${env}"\n  subnet_ids   = module.network.private_subnet_ids\n}\n\nmodule "database" {\n  source = "git::https://github.com/acme/platform.git//modules/rds?ref=${
        others.rds.tag
      }"\n\n  identifier = "${name}-${env}"\n  subnet_ids = module.network.private_subnet_ids\n}\n`,
    );
    files.set(
      `infra/environments/${env}/versions.tf`,
      `terraform {\n  required_version = ">= 1.6"\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 5.0"\n    }\n  }\n}\n`,
    );
  }
  files.set(
    '.github/workflows/ci.yml',
    `name: ci\non:\n  pull_request:\n\njobs:\n  terraform:\n    uses: acme/platform/.github/workflows/terraform.yml@${others.ci.tag}\n    with:\n      working-directory: infra\n    secrets: inherit\n`,
  );
  files.set('README.md', `# ${name}\n`);
  files.set(
    'cmd/app/main.go',
    `package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("${name}")\n}\n`,
  );
  return files;
}

/** A bare repository with one commit of `files`, written by one `git fast-import`. */
async function writeBareRepository(gitDir: string, files: Map<string, string>) {
  initBareRepository(gitDir);
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const who = 'Acme Developer <dev@acme.example> 1775034000 +0000';
  let stream = `commit refs/heads/main\nauthor ${who}\ncommitter ${who}\n${data(
    'Create the service',
  )}`;
  for (const [file, content] of files) {
    stream += `M 100644 inline ${file}\n${data(content)}`;
  }
  await new Promise<void>((resolve, reject) => {
    const child = spawn('git', ['fast-import', '--quiet'], {
      cwd: gitDir,
      env: { ...process.env, GIT_DIR: gitDir },
      stdio: ['pipe', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', code =>
      code === 0 ? resolve() : reject(new Error(`git fast-import: ${code}`)),
    );
    child.stdin.end(stream);
  });
}

async function inParallel<T>(
  items: T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < items.length; i = next++) {
        await work(items[i], i);
      }
    }),
  );
}

async function makeCorpus(dir: string, services: number) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const demo = await createDemoRepositories({
    examplesDir: EXAMPLES_DIR,
    targetDir: dir,
  });
  const hosts = new RepositoryHosts([
    new GitRepositoryHost({ localRoots: [dir] }),
  ]);
  const platformUrl = pathToFileURL(demo.platform.path).href;
  const { snapshot } = await loadPlatform(hosts, platformUrl);
  const releases = (module: string): Release[] => {
    const { tagPattern } = snapshot.manifest.modules.find(
      m => m.name === module,
    )!;
    const byVersion = new Map<string, Release>();
    for (const tag of snapshot.tags) {
      const version = parseTagVersion(tag.name, tagPattern);
      if (version !== null) {
        byVersion.set(version, { version, tag: tag.name, commit: tag.commit });
      }
    }
    return sortVersions(byVersion.keys()).map(v => byVersion.get(v)!);
  };
  const latest = (module: string) => releases(module).slice(-1)[0];
  const vpc = releases(MODULE);
  const others = {
    eks: latest('eks'),
    rds: latest('rds'),
    ci: latest('terraform-ci'),
  };
  const organisation = path.dirname(demo.platform.path);
  const indexes = Array.from({ length: services }, (_, i) => i);
  await inParallel(indexes, 4, async index => {
    await writeBareRepository(
      path.join(organisation, `${serviceName(index)}.git`),
      serviceFiles(index, vpc, others),
    );
  });
  return {
    platformUrl,
    urls: indexes.map(
      index =>
        pathToFileURL(path.join(organisation, `${serviceName(index)}.git`))
          .href,
    ),
  };
}

// The campaign (in a child process)

interface ServiceResult {
  url: string;
  base: string;
  branch?: string;
  files: string[];
  needsPerson: number;
  missingInputs: number;
  ms: number;
  /** Of which: reading and scanning the files, planning, pushing. */
  phases: { read: number; plan: number; push: number };
  error?: string;
}

interface CampaignResult {
  target: string;
  seconds: number;
  services: ServiceResult[];
  interfaceReads: number;
  peakRssKb: number;
  cpuSeconds: number;
  /** CPU of the git processes the campaign started. */
  gitCpuSeconds: number;
}

/** CPU seconds of the waited-for children of this process (git), from /proc/self/stat. */
function childrenCpuSeconds(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100; // USER_HZ
}

async function runCampaign(options: {
  dir: string;
  platformUrl: string;
  urls: string[];
  concurrency: number;
}): Promise<CampaignResult> {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const gitCpu = childrenCpuSeconds();
  const host = new GitRepositoryHost({ localRoots: [options.dir] });
  const hosts = new RepositoryHosts([host]);
  const extractors = await createDefaultExtractors();
  const wanted = createFileFilter(extractors);
  const { snapshot } = await loadPlatform(hosts, options.platformUrl);
  const module = snapshot.manifest.modules.find(m => m.name === MODULE)!;
  const tags = new Map(
    snapshot.tags.map(tag => [
      parseTagVersion(tag.name, module.tagPattern),
      tag,
    ]),
  );
  const version = latestVersion(
    [...tags.keys()].filter((v): v is string => v !== null),
  )!;
  const tag = tags.get(version)!;
  const target = { version, tag: tag.name, commit: tag.commit };
  const reader = new ModuleInterfaceReader({ hosts });
  const platform = { url: options.platformUrl, snapshot };
  const diffs = new Map<string, Promise<InterfaceDiff>>();
  const diffFrom = (from: string) => {
    let diff = diffs.get(from);
    if (!diff) {
      diff = Promise.all([
        reader.read(platform, MODULE, from),
        reader.read(platform, MODULE, version),
      ]).then(([a, b]) => diffInterfaces(a, b));
      diffs.set(from, diff);
    }
    return diff;
  };

  const services: ServiceResult[] = [];
  await inParallel(options.urls, options.concurrency, async (url, index) => {
    const began = process.hrtime.bigint();
    const result: ServiceResult = {
      url,
      base: '',
      files: [],
      needsPerson: 0,
      missingInputs: 0,
      ms: 0,
      phases: { read: 0, plan: 0, push: 0 },
    };
    let lap = began;
    const phase = (name: keyof ServiceResult['phases']) => {
      const now = process.hrtime.bigint();
      result.phases[name] = Number(now - lap) / 1e6;
      lap = now;
    };
    try {
      const head = await host.getHead(url);
      result.base = head.commit;
      const read = await host.readFiles(url, head.commit, wanted);
      const scanned = scanFiles(read.files, { extractors });
      const drifts = resolveReferences(scanned.references, snapshot);
      phase('read');
      const moving: Reference[] = [];
      const diffOf = new Map<Reference, InterfaceDiff>();
      for (const [i, reference] of scanned.references.entries()) {
        const drift = drifts[i];
        if (drift.module !== MODULE || drift.version === version) continue;
        moving.push(reference);
        if (drift.version) {
          diffOf.set(reference, await diffFrom(drift.version));
        }
      }
      const holding = new Set(moving.map(r => r.position.file));
      const plan = planUpgrade({
        files: read.files
          .filter(file => holding.has(file.path))
          .map(file => ({
            path: file.path,
            content: file.content.toString('utf8'),
          })),
        references: moving,
        target,
        module: MODULE,
        diffFor: reference => diffOf.get(reference),
        // The campaign gives no values: required inputs are marked for a person.
        hclValue: () => {
          throw new Error('no input values are given in this campaign');
        },
        extractors,
      });
      result.needsPerson = plan.needsPerson.length;
      result.missingInputs = plan.missingInputs.length;
      result.files = plan.files.map(file => file.path);
      phase('plan');
      if (plan.files.length > 0) {
        const pushed = await host.pushBranch(url, {
          base: head.commit,
          branch: `platform/upgrade/${MODULE}-${version}`,
          files: plan.files,
          message: `Upgrade ${MODULE} to ${version}`,
          author: AUTHOR,
        });
        result.branch = pushed.branch;
        phase('push');
      }
    } catch (error) {
      result.error = String((error as Error)?.message ?? error);
    }
    result.ms = Number(process.hrtime.bigint() - began) / 1e6;
    services[index] = result;
  });
  const used = process.cpuUsage(cpu);
  return {
    target: `${MODULE} ${version} (${tag.name})`,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    services,
    interfaceReads: reader.reads,
    peakRssKb: process.resourceUsage().maxRSS,
    cpuSeconds: (used.user + used.system) / 1e6,
    gitCpuSeconds: childrenCpuSeconds() - gitCpu,
  };
}

// The check of a sample

const git = async (gitDir: string, ...args: string[]) =>
  (await run('git', args, { cwd: gitDir, maxBuffer: 64 * 1024 * 1024 })).stdout;

/**
 * Why a pushed branch is not what the plan said, if it is not: one commit on the head it was
 * made from, changing exactly the planned files, in which every vpc reference now resolves to
 * the target and every other reference is as it was.
 */
async function checkBranch(
  service: ServiceResult,
  snapshot: PlatformSnapshot,
  target: string,
  extractors: Awaited<ReturnType<typeof createDefaultExtractors>>,
): Promise<string | undefined> {
  const gitDir = new URL(service.url).pathname;
  const ref = `refs/heads/${service.branch}`;
  const parents = (await git(gitDir, 'rev-list', '--parents', '-n', '1', ref))
    .trim()
    .split(' ');
  if (parents.length !== 2 || parents[1] !== service.base) {
    return `the branch is not one commit on ${service.base}`;
  }
  const changed = (await git(gitDir, 'diff', '--name-only', service.base, ref))
    .trim()
    .split('\n')
    .sort();
  if (JSON.stringify(changed) !== JSON.stringify([...service.files].sort())) {
    return `the branch changes ${changed.join(
      ', ',
    )}, the plan ${service.files.join(', ')}`;
  }
  for (const file of changed) {
    const scan = async (commit: string) => {
      const content = await git(gitDir, 'show', `${commit}:${file}`);
      const { references } = scanFiles(
        [{ path: file, content: Buffer.from(content) }],
        { extractors },
      );
      return { references, drifts: resolveReferences(references, snapshot) };
    };
    const before = await scan(service.base);
    const after = await scan(ref);
    if (before.references.length !== after.references.length) {
      return `${file} has ${after.references.length} references at the branch, ${before.references.length} before`;
    }
    for (const [i, was] of before.references.entries()) {
      if (before.drifts[i].module === MODULE) {
        if (after.drifts[i].version !== target) {
          return `${file}:${was.position.line} pins ${after.references[i].ref} at the branch`;
        }
      } else if (
        // Lines below a block whose inputs changed move; nothing else may.
        JSON.stringify({ ...was, position: was.position.column }) !==
        JSON.stringify({
          ...after.references[i],
          position: after.references[i].position.column,
        })
      ) {
        return `${file}:${was.position.line} changed, and it is no reference to ${MODULE}`;
      }
    }
  }
  return undefined;
}

// Main

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

const load = () =>
  os
    .loadavg()
    .map(l => l.toFixed(2))
    .join(' ');

async function main() {
  const { values, flags } = parseArgs(process.argv.slice(2));
  if (flags.has('campaign')) {
    const input = JSON.parse(fs.readFileSync(values.get('input')!, 'utf8'));
    const result = await runCampaign(input);
    printResult(result);
    return;
  }
  const count = Number(values.get('services') ?? 1000);
  // A push is a dozen short git processes, each mostly waiting to start: more services than
  // cores at a time keep the cores busy meanwhile.
  const concurrency = Number(values.get('concurrency') ?? 8);
  const sample = Number(values.get('sample') ?? 25);
  for (const [name, value] of Object.entries({ count, concurrency, sample })) {
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(
        `--${
          name === 'count' ? 'services' : name
        } takes a whole number of at least 1`,
      );
    }
  }
  const dir = path.resolve(
    values.get('dir') ??
      path.join(os.tmpdir(), `platform-upgrade-bench-${count}`),
  );

  console.log(
    `load average:   ${load()} (1, 5, 15 min) on ${os.availableParallelism()} cores, before`,
  );
  const generated = process.hrtime.bigint();
  const corpus = await makeCorpus(dir, count);
  console.log(
    `corpus:         ${count} bare service repositories and the demo platform in ${dir} (made in ${(
      Number(process.hrtime.bigint() - generated) / 1e9
    ).toFixed(1)} s)`,
  );
  const input = path.join(dir, 'campaign.json');
  fs.writeFileSync(input, JSON.stringify({ dir, concurrency, ...corpus }));
  const result = await runChild<CampaignResult>(
    __filename,
    ['--campaign', '--input', input],
    'campaign',
  );
  const loadAfter = load();

  const services = result.services;
  const pushed = services.filter(s => s.branch);
  const failed = services.filter(s => s.error);
  const marked = services.filter(s => s.missingInputs > 0);
  const refused = services.filter(s => s.needsPerson > 0);
  const ms = services.map(s => s.ms);
  console.log(`target:         ${result.target}`);
  console.log(`concurrency:    ${concurrency} services at a time`);
  console.log(
    `changes:        ${pushed.length} branches pushed, ${
      services.length - pushed.length - failed.length
    } services with nothing to change, ${failed.length} failed`,
  );
  console.log(
    `  of which:     ${marked.length} with a required input marked for a person (breaking upgrade), ${refused.length} with a reference a person must move`,
  );
  console.log(
    `prepare+push:   ${result.seconds.toFixed(1)} s for all ${
      services.length
    } services (${(services.length / result.seconds).toFixed(1)} services/s)`,
  );
  // On a machine others share, the CPU the campaign used says more than its wall time: on two
  // idle cores it would take about half the sum.
  console.log(
    `cpu:            ${result.cpuSeconds.toFixed(
      1,
    )} s in the campaign process, ${result.gitCpuSeconds.toFixed(
      1,
    )} s in the git processes it started`,
  );
  console.log(
    `per service:    median ${median(ms).toFixed(0)} ms, p95 ${percentile(
      ms,
      0.95,
    ).toFixed(0)} ms (read, plan and push, with ${concurrency} at a time)`,
  );
  const phaseMedian = (name: keyof ServiceResult['phases']) =>
    median(services.map(service => service.phases[name])).toFixed(0);
  console.log(
    `  of which:     read and scan ${phaseMedian(
      'read',
    )} ms, plan ${phaseMedian('plan')} ms, push ${phaseMedian(
      'push',
    )} ms (medians; the interface diffs are read by the first services)`,
  );
  console.log(
    `interfaces:     ${result.interfaceReads} releases read from the platform repository`,
  );
  console.log(
    `peak RSS:       ${(result.peakRssKb / 1024).toFixed(
      0,
    )} MB (the campaign process)`,
  );
  console.log(`load average:   ${loadAfter} after`);
  for (const service of failed.slice(0, 5)) {
    console.log(`  failed ${service.url}: ${service.error}`);
  }

  const extractors = await createDefaultExtractors();
  const { snapshot } = await loadPlatform(
    new RepositoryHosts([new GitRepositoryHost({ localRoots: [dir] })]),
    corpus.platformUrl,
  );
  const step = Math.max(1, Math.floor(pushed.length / sample));
  const sampled = pushed.filter((_, i) => i % step === 0).slice(0, sample);
  const targetVersion = result.target.split(' ')[1];
  const problems: string[] = [];
  for (const service of sampled) {
    const problem = await checkBranch(
      service,
      snapshot,
      targetVersion,
      extractors,
    );
    if (problem) problems.push(`${service.url}: ${problem}`);
  }
  console.log(
    `sample check:   ${sampled.length - problems.length} of ${
      sampled.length
    } branches are one commit on the head, change exactly the planned files and move only the vpc pins`,
  );
  for (const problem of problems) console.log(`  ${problem}`);
  if (problems.length > 0 || failed.length > 0) {
    process.exitCode = 1;
  }
}

if (require.main === module) {
  main().catch(error => {
    console.error(error);
    process.exit(1);
  });
}
