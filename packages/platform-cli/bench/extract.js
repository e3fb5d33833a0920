#!/usr/bin/env node
/* eslint-disable no-restricted-syntax */
// yarn bench:extract [DIR] [--repos N] [--platform DIR] [--renovate BIN] [--runs N] [--each]
//                    [--from-source | --command FILE]
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
// speed drifts by tens of percent from minute to minute. CPU time (all threads, not Renovate's
// git child processes) is reported beside wall time, as a busy machine distorts it least.
//
// --command FILE measures a command built earlier (e.g. `node scripts/bundle.js DIR` in a
// checkout of another commit), so that two builds can be compared on the same tree.
//
// --each also measures each top-level directory of DIR on its own (a shape of repository in
// the corpus of realCorpus.js) and prints one ratio per directory, then the whole.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { commitAll, generateCorpus } = require('./generateCorpus');
const { buildCommand, runMeasured } = require('./command');

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
const each = args.includes('--each');
if (each) args.splice(args.indexOf('--each'), 1);
if (!Number.isInteger(runs) || runs < 1) {
  throw new Error('--runs takes a whole number of at least 1');
}
// The command as it ships (the bundle of scripts/bundle.js), unless --from-source asks for the
// TypeScript sources, which are compiled as they load.
const fromSource = args.includes('--from-source');
if (fromSource) args.splice(args.indexOf('--from-source'), 1);
const builtCommand = flag('--command');
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

/** The top-level directories of a tree: its repositories. */
const subdirectories = root =>
  fs
    .readdirSync(root, { withFileTypes: true })
    .filter(d => d.isDirectory() && !d.name.startsWith('.'))
    .map(d => d.name);
const output = path.join(
  os.tmpdir(),
  `platform-bench-report-${process.pid}.json`,
);

let cli;
if (fromSource) cli = path.resolve(__dirname, '../bin/platform-scan');
else cli = builtCommand ? path.resolve(builtCommand) : buildCommand();

/** Runs the command once on a tree: its wall time, CPU time, peak RSS and report. */
function runScan(tree) {
  const cliArgs = ['scan', tree, '--format', 'json', '--output', output];
  if (platform) cliArgs.push('--platform', platform);
  const run = runMeasured(cli, cliArgs);
  const report = JSON.parse(fs.readFileSync(output, 'utf8'));
  fs.rmSync(output);
  return { ...run, report };
}

const insideGit = tree =>
  spawnSync('git', ['rev-parse', '--is-inside-work-tree'], {
    cwd: tree,
    stdio: 'ignore',
  }).status === 0;
if (renovate && !insideGit(dir)) {
  // Renovate's local platform needs a git repository: committed before anything is timed. It
  // reads a subdirectory of one too, as --each runs it.
  commitAll(dir, 'corpus');
}
// Written files are flushed before anything is timed, so that neither tool competes with the
// kernel writing them out.
spawnSync('sync');

/** Runs Renovate's extract once on a tree: its wall time, CPU time, peak RSS and dependencies. */
function runRenovate(tree) {
  const reportPath = path.join(
    os.tmpdir(),
    `renovate-bench-${process.pid}.json`,
  );
  const run = runMeasured(
    renovate,
    [
      '--platform=local',
      '--dry-run=extract',
      // Onboarding asks whether the repository has a Renovate config yet; the local platform of
      // Renovate 39 fails in it, and skipping it only spares Renovate work.
      '--onboarding=false',
      '--report-type=file',
      `--report-path=${reportPath}`,
    ],
    { cwd: tree, env: { ...process.env, LOG_LEVEL: 'warn' } },
  );
  const rReport = JSON.parse(fs.readFileSync(reportPath, 'utf8'));
  fs.rmSync(reportPath);
  let deps = 0;
  for (const repo of Object.values(rReport.repositories)) {
    for (const files of Object.values(repo.packageFiles ?? {})) {
      for (const file of files) deps += file.deps.length;
    }
  }
  return { ...run, deps };
}

const median = values => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const list = values => values.map(v => v.toFixed(2)).join(', ');

/** Both tools on one tree, in turns, so that a change in the machine's speed falls on both. */
function measure(tree) {
  const ours = [];
  const theirs = [];
  // The machine's load (1-minute average) before each run: on a shared machine it says how far
  // the figures are from those of a quiet one.
  const loads = [];
  for (let i = 0; i < runs; i++) {
    loads.push(os.loadavg()[0]);
    ours.push(runScan(tree));
    if (renovate) theirs.push(runRenovate(tree));
  }
  return { ours, theirs, loads };
}

const loadRange = loads =>
  `${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}`;

/** The full report of one tree. */
function printReport(tree, repositories, { ours, theirs, loads }) {
  const { report } = ours[0];
  const seconds = median(ours.map(r => r.seconds));
  const cpu = median(ours.map(r => r.cpuMs)) / 1000;
  const rssKb = Math.max(...ours.map(r => r.rssKb));
  const verdicts = {};
  const calls = {};
  for (const r of report.references) {
    verdicts[r.verdict ?? 'found'] = (verdicts[r.verdict ?? 'found'] ?? 0) + 1;
    calls[r.callStatus ?? 'unchecked'] =
      (calls[r.callStatus ?? 'unchecked'] ?? 0) + 1;
  }
  console.log(`scanned:      ${tree}${platform ? ` against ${platform}` : ''}`);
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
  console.log(`CPU time:     ${cpu.toFixed(2)} s (median)`);
  console.log(
    `throughput:   ${(repositories / seconds).toFixed(1)} repositories/s, ${(
      report.references.length / seconds
    ).toFixed(0)} references/s`,
  );
  console.log(`peak RSS:     ${(rssKb / 1024).toFixed(0)} MB`);
  console.log(
    `load:         ${loadRange(loads)} (1-minute average before each run)`,
  );

  if (renovate) {
    const rSeconds = median(theirs.map(r => r.seconds));
    const rCpu = median(theirs.map(r => r.cpuMs)) / 1000;
    const rRssKb = Math.max(...theirs.map(r => r.rssKb));
    const { deps } = theirs[0];
    console.log('');
    console.log(
      `renovate extract: ${deps} dependencies in ${rSeconds.toFixed(2)} s${
        runs > 1 ? ` (median of ${list(theirs.map(r => r.seconds))} s)` : ''
      }, CPU ${rCpu.toFixed(2)} s, ${(repositories / rSeconds).toFixed(
        1,
      )} repositories/s, ${(deps / rSeconds).toFixed(
        0,
      )} dependencies/s, peak RSS ${(rRssKb / 1024).toFixed(0)} MB`,
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
      }; ${(rCpu / cpu).toFixed(1)}x in CPU time`,
    );
  }
}

/** One line of the --each table. */
function row(name, { ours, theirs, loads }) {
  const seconds = median(ours.map(r => r.seconds));
  const cpu = median(ours.map(r => r.cpuMs)) / 1000;
  const rss = Math.max(...ours.map(r => r.rssKb)) / 1024;
  const cells = [
    name.padEnd(20),
    String(ours[0].report.filesScanned).padStart(6),
    String(ours[0].report.references.length).padStart(6),
    `${seconds.toFixed(2)} s`.padStart(9),
    `${cpu.toFixed(2)} s`.padStart(9),
    `${rss.toFixed(0)} MB`.padStart(7),
  ];
  if (renovate) {
    const rSeconds = median(theirs.map(r => r.seconds));
    const rCpu = median(theirs.map(r => r.cpuMs)) / 1000;
    const rRss = Math.max(...theirs.map(r => r.rssKb)) / 1024;
    cells.push(
      String(theirs[0].deps).padStart(6),
      `${rSeconds.toFixed(2)} s`.padStart(9),
      `${rCpu.toFixed(2)} s`.padStart(9),
      `${rRss.toFixed(0)} MB`.padStart(7),
      `${(rSeconds / seconds).toFixed(1)}x`.padStart(7),
      `${(rCpu / cpu).toFixed(1)}x`.padStart(7),
    );
  }
  cells.push(loadRange(loads).padStart(10));
  return cells.join(' ');
}

if (each) {
  console.log(
    `${'tree'.padEnd(20)}  files   refs      wall       CPU     RSS${
      renovate ? '   deps  ren.wall   ren.CPU ren.RSS  ratio CPU-ratio' : ''
    }       load   (medians of ${runs})`,
  );
  for (const name of subdirectories(dir)) {
    const tree = path.join(dir, name);
    console.log(row(name, measure(tree)));
  }
  const whole = measure(dir);
  console.log(row('(all)', whole));
  console.log('');
  printReport(dir, subdirectories(dir).length, whole);
} else {
  printReport(dir, subdirectories(dir).length, measure(dir));
}
