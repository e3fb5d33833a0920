/* eslint-disable no-restricted-syntax */
// What the benchmarks share: the command as built to ship, and one measured run of a process.
const path = require('node:path');
const { spawnSync } = require('node:child_process');

/** Builds the bundle of scripts/bundle.js and returns the path of the command. */
function buildCommand() {
  const built = spawnSync(
    process.execPath,
    [path.resolve(__dirname, '../scripts/bundle.js')],
    { encoding: 'utf8' },
  );
  if (built.status !== 0) {
    process.stderr.write(built.stdout + built.stderr);
    throw new Error('the command could not be built');
  }
  return path.resolve(__dirname, '../dist/platform-scan.cjs');
}

/**
 * Runs a Node.js script once with measureRss.js preloaded: its wall time, CPU time, peak RSS
 * and output. Throws, with the output shown, when it fails.
 */
function runMeasured(script, args, options = {}) {
  const started = process.hrtime.bigint();
  const run = spawnSync(
    process.execPath,
    ['--require', path.join(__dirname, 'measureRss.js'), script, ...args],
    { encoding: 'utf8', ...options },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) {
    process.stderr.write(run.stdout + run.stderr);
    throw new Error(`${path.basename(script)} exited with ${run.status}`);
  }
  const read = name =>
    Number(new RegExp(`${name}=(\\d+)`).exec(run.stderr)?.[1] ?? 0);
  return {
    seconds,
    rssKb: read('BENCH_PEAK_RSS_KB'),
    cpuMs: read('BENCH_CPU_MS'),
  };
}

module.exports = { buildCommand, runMeasured };
