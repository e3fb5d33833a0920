import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** How one run of a command ended, how long it took and the most memory it held. */
export interface MeasuredRun {
  args: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Killed for running longer than the time limit. */
  timedOut: boolean;
  seconds: number;
  /** Peak resident set size of the command and the processes it waited for, in MB. */
  peakRssMb: number;
}

const GNU_TIME = '/usr/bin/time';
const MEASURE_RSS = path.resolve(__dirname, '../../bench/measureRss.js');
const RSS_MARKER = /\n?BENCH_PEAK_RSS_KB=(\d+)\n/;

/** GNU time reports the peak RSS of the whole process tree; without it, node reports its own. */
function hasGnuTime(): boolean {
  return (
    fs.existsSync(GNU_TIME) &&
    spawnSync(GNU_TIME, ['-v', '-o', '/dev/null', 'true']).status === 0
  );
}

/**
 * Runs `node script ...args` as a user would, killing its whole process group after
 * `timeoutMs`, and measures its peak RSS with `/usr/bin/time -v` where there is one, else
 * with bench/measureRss.js preloaded.
 */
export function createMeasuredRunner(options: {
  script: string;
  /** Where the measurements are written. */
  workDir: string;
  timeoutMs: number;
}) {
  const gnuTime = hasGnuTime();
  let runs = 0;
  return (args: string[]): Promise<MeasuredRun> => {
    const rssFile = path.join(options.workDir, `rss-${runs++}.txt`);
    const [command, ...commandArgs] = gnuTime
      ? [GNU_TIME, '-v', '-o', rssFile, process.execPath, options.script]
      : [process.execPath, '--require', MEASURE_RSS, options.script];
    const started = performance.now();
    const child = spawn(command, [...commandArgs, ...args], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', chunk => stdout.push(chunk));
    child.stderr.on('data', chunk => stderr.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, options.timeoutMs);
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        const seconds = (performance.now() - started) / 1000;
        let err = Buffer.concat(stderr).toString('utf8');
        let peakRssKb = Number.NaN;
        if (gnuTime) {
          const report = fs.existsSync(rssFile)
            ? fs.readFileSync(rssFile, 'utf8')
            : '';
          peakRssKb = Number(
            /Maximum resident set size \(kbytes\): (\d+)/.exec(report)?.[1] ??
              Number.NaN,
          );
        } else {
          const marker = RSS_MARKER.exec(err);
          if (marker) {
            peakRssKb = Number(marker[1]);
            err = err.replace(RSS_MARKER, '');
          }
        }
        resolve({
          args,
          code,
          signal,
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: err,
          timedOut,
          seconds,
          peakRssMb: peakRssKb / 1024,
        });
      });
    });
  };
}

/** Runs at most `concurrency` of the given tasks at once, in the order they are asked for. */
export function createLimiter(concurrency: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  const next = () => {
    if (active < concurrency && waiting.length > 0) {
      active += 1;
      waiting.shift()!();
    }
  };
  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      waiting.push(() =>
        task()
          .then(resolve, reject)
          .finally(() => {
            active -= 1;
            next();
          }),
      );
      next();
    });
}
