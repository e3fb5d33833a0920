#!/usr/bin/env node
/* eslint-disable no-restricted-syntax */
// yarn bench:extract [DIR] [--repos N] [--platform DIR] [--renovate BIN] [--runs N] [--from-source]
//
// Without DIR, generates a corpus of N (default 1000) service repositories and a platform
// repository, then scans the services with the platform-scan CLI and prints repositories/s,
// references/s and peak RSS. With DIR, scans that directory instead (each top-level
// directory counts as one repository).
//
// --renovate BIN also runs Renovate's extract mode (`--platform=local --dry-run=extract`) on
// the same tree, the tool a user would otherwise run, and prints both side by side. Renovate is
// not a dependency of this repository: install it anywhere (`npm i --prefix /tmp/renovate
// renovate`) and pass its bin. Its local platform needs a git repository, so the tree is
// committed into one first (only for a generated corpus or a DIR that is not one).
//
// --runs N runs each tool N times, taking turns, and reports the medians: a shared machine's
// speed drifts by tens of percent from minute to minute.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { commitAll, generateCorpus } = require('./generateCorpus');

const args = process.argv.slice(2);
const flag = name => {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const [, value] = args.splice(i, 2);
  return value;
};
const repos = Number(flag('--repos') ?? 1000);
let platform = flag('--platform');
const renovate = flag('--renovate');
const runs = Number(flag('--runs') ?? 1);
if (!Number.isInteger(runs) || runs < 1) {
  throw new Error('--runs takes a whole number of at least 1');
}
// The command as it ships (the bundle of scripts/bundle.js), unless --from-source asks for the
// TypeScript sources, which are compiled as they load.
const fromSource = args.includes('--from-source');
if (fromSource) args.splice(args.indexOf('--from-source'), 1);
let dir = args[0];

if (!dir) {
  const root = path.join(os.tmpdir(), `platform-bench-${repos}`);
  const started = Date.now();
  generateCorpus(root, repos);
  console.log(
    `corpus: ${repos} repositories in ${root} (generated in ${(
      (Date.now() - started) /
      1000
    ).toFixed(1)} s)`,
  );
  dir = path.join(root, 'services');
  platform = platform ?? path.join(root, 'platform');
}

const repositories = fs
  .readdirSync(dir, { withFileTypes: true })
  .filter(d => d.isDirectory() && !d.name.startsWith('.')).length;
const output = path.join(
  os.tmpdir(),
  `platform-bench-report-${process.pid}.json`,
);
const cliArgs = ['scan', dir, '--format', 'json', '--output', output];
if (platform) cliArgs.push('--platform', platform);

let cli = path.resolve(__dirname, '../bin/platform-scan');
if (!fromSource) {
  const built = spawnSync(
    process.execPath,
    [path.resolve(__dirname, '../scripts/bundle.js')],
    { encoding: 'utf8' },
  );
  if (built.status !== 0) {
    process.stderr.write(built.stdout + built.stderr);
    throw new Error('the command could not be built');
  }
  cli = path.resolve(__dirname, '../dist/platform-scan.cjs');
}

/** Runs the command once: its wall time, peak RSS and report. */
function runScan() {
  const started = process.hrtime.bigint();
  const run = spawnSync(
    process.execPath,
    ['--require', path.join(__dirname, 'measureRss.js'), cli, ...cliArgs],
    { encoding: 'utf8' },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) {
    process.stderr.write(run.stderr);
    throw new Error(`platform-scan exited with ${run.status}`);
  }
  const report = JSON.parse(fs.readFileSync(output, 'utf8'));
  fs.rmSync(output);
  const rssKb = Number(/BENCH_PEAK_RSS_KB=(\d+)/.exec(run.stderr)?.[1] ?? 0);
  return { seconds, rssKb, report };
}

if (renovate && !fs.existsSync(path.join(dir, '.git'))) {
  // Renovate's local platform needs a git repository: committed before anything is timed.
  commitAll(dir, 'corpus');
}
// Written files are flushed before anything is timed, so that neither tool competes with the
// kernel writing them out.
spawnSync('sync');

/** Runs Renovate's extract once: its wall time, peak RSS and dependencies found. */
function runRenovate() {
  const reportPath = path.join(
    os.tmpdir(),
    `renovate-bench-${process.pid}.json`,
  );
  const started = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    [
      '--require',
      path.join(__dirname, 'measureRss.js'),
      renovate,
      '--platform=local',
      '--dry-run=extract',
      '--report-type=file',
      `--report-path=${reportPath}`,
    ],
    { cwd: dir, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn' } },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0 || !fs.existsSync(reportPath)) {
    process.stderr.write(r.stdout + r.stderr);
    throw new Error(`renovate exited with ${r.status}`);
  }
  const rReport = JSON.parse(fs.readFileSync(reportPath, 'utf8'));
  fs.rmSync(reportPath);
  let deps = 0;
  for (const repo of Object.values(rReport.repositories)) {
    for (const files of Object.values(repo.packageFiles ?? {})) {
      for (const file of files) deps += file.deps.length;
    }
  }
  const rssKb = Number(/BENCH_PEAK_RSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? 0);
  return { seconds, rssKb, deps };
}

const median = values => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const list = values => values.map(v => v.toFixed(2)).join(', ');

// The tools take turns, so that a change in the machine's speed during the runs (other work on
// a shared host) falls on both.
const ours = [];
const theirs = [];
for (let i = 0; i < runs; i++) {
  ours.push(runScan());
  if (renovate) theirs.push(runRenovate());
}

const { report } = ours[0];
const seconds = median(ours.map(r => r.seconds));
const rssKb = Math.max(...ours.map(r => r.rssKb));
const verdicts = {};
const calls = {};
for (const r of report.references) {
  verdicts[r.verdict ?? 'found'] = (verdicts[r.verdict ?? 'found'] ?? 0) + 1;
  calls[r.callStatus ?? 'unchecked'] =
    (calls[r.callStatus ?? 'unchecked'] ?? 0) + 1;
}
console.log(`scanned:      ${dir}${platform ? ` against ${platform}` : ''}`);
console.log(
  `command:      ${path.relative(process.cwd(), cli)}${
    fromSource ? ' (TypeScript sources)' : ' (as built to ship)'
  }`,
);
console.log(`repositories: ${repositories}`);
console.log(`files read:   ${report.filesScanned}`);
console.log(`references:   ${report.references.length}`);
console.log(`problems:     ${report.problems.length}`);
console.log(`verdicts:     ${JSON.stringify(verdicts)}`);
console.log(`calls:        ${JSON.stringify(calls)}`);
console.log(
  `wall time:    ${seconds.toFixed(2)} s (including CLI start-up${
    runs > 1 ? `; median of ${list(ours.map(r => r.seconds))} s` : ''
  })`,
);
console.log(
  `throughput:   ${(repositories / seconds).toFixed(1)} repositories/s, ${(
    report.references.length / seconds
  ).toFixed(0)} references/s`,
);
console.log(`peak RSS:     ${(rssKb / 1024).toFixed(0)} MB`);

if (renovate) {
  const rSeconds = median(theirs.map(r => r.seconds));
  const rRssKb = Math.max(...theirs.map(r => r.rssKb));
  const { deps } = theirs[0];
  console.log('');
  console.log(
    `renovate extract: ${deps} dependencies in ${rSeconds.toFixed(2)} s${
      runs > 1 ? ` (median of ${list(theirs.map(r => r.seconds))} s)` : ''
    }, ${(repositories / rSeconds).toFixed(1)} repositories/s, ${(
      deps / rSeconds
    ).toFixed(0)} dependencies/s, peak RSS ${(rRssKb / 1024).toFixed(0)} MB`,
  );
  console.log(
    `speed-up:         ${(rSeconds / seconds).toFixed(
      1,
    )}x faster than renovate on the same tree${
      runs > 1
        ? ` (ratio of the medians; per run: ${ours
            .map((r, i) => `${(theirs[i].seconds / r.seconds).toFixed(1)}x`)
            .join(', ')})`
        : ''
    }`,
  );
}
