import fs from 'node:fs';
import os from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  CallStatus,
  driftVerdicts,
  isDriftVerdict,
  ScanProblem,
  verdictSeverity,
} from '@platform-portal/plugin-platform-common';
import { allowHost } from './channels/allowHostOption';
import {
  ModuleChannelEntry,
  readPlatformChannels,
} from './channels/readPlatformChannels';
import { loadPlatform } from './loadPlatform';
import { jsonChunks } from './report/formatJson';
import { formatSarif } from './report/formatSarif';
import { escapeControlCharacters } from './report/escapeControlCharacters';
import { tableChunks } from './report/formatTable';
import { writeChunks } from './report/writeChunks';
import { ScanReport } from './report/ScanReport';
import { scan } from './scan';
import { formatUpgrade } from './upgrade/formatUpgrade';
import { collectInput } from './upgrade/inputOption';
import { upgradeCheckout } from './upgrade/upgradeCheckout';

// eslint-disable-next-line @backstage/no-relative-monorepo-imports
const { version } = require('../package.json');

/**
 * Exit codes: 0 clean, 1 `--fail-on` met (scan) or something needs a person (upgrade), 2 usage
 * or platform error.
 */
export const EXIT_FAIL_ON = 1;
export const EXIT_ERROR = 2;

/**
 * What `--fail-on` fails on: a verdict's severity, how bad a call may be, and whether a required
 * module may be missing or outside its range.
 */
interface FailOn {
  severity?: number;
  calls?: CallStatus;
  required?: boolean;
}

const REQUIRED_THRESHOLD = 'required';

const CALL_THRESHOLDS: readonly CallStatus[] = ['broken', 'breaking-upgrade'];

/** `--fail-on` may be given several times: a verdict, a call status and `required`. */
function failOnThreshold(value: string, previous: FailOn = {}): FailOn {
  if (value === REQUIRED_THRESHOLD) {
    return { ...previous, required: true };
  }
  if (isDriftVerdict(value)) {
    return { ...previous, severity: verdictSeverity(value) };
  }
  if ((CALL_THRESHOLDS as readonly string[]).includes(value)) {
    return { ...previous, calls: value as CallStatus };
  }
  throw new InvalidArgumentError(
    `expected one of ${[
      ...driftVerdicts,
      ...CALL_THRESHOLDS,
      REQUIRED_THRESHOLD,
    ].join(', ')}`,
  );
}

/** Whether a report meets `--fail-on`. */
function failsOn(
  threshold: FailOn,
  report: Pick<ScanReport, 'references' | 'requiredModules'>,
): boolean {
  if (threshold.required && (report.requiredModules?.length ?? 0) > 0) {
    return true;
  }
  return report.references.some(
    r =>
      (threshold.severity !== undefined &&
        r.verdict !== undefined &&
        verdictSeverity(r.verdict) >= threshold.severity) ||
      // `breaking-upgrade` is met by broken calls too: they are worse.
      (threshold.calls !== undefined &&
        (r.callStatus === 'broken' ||
          (threshold.calls === 'breaking-upgrade' &&
            r.callStatus === 'breaking-upgrade'))),
  );
}

function jobCount(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) {
    throw new InvalidArgumentError('expected a whole number of at least 1');
  }
  return Number(value);
}

/** One thread per core, up to four: past that, reading the disk is the limit. */
const DEFAULT_JOBS = Math.min(4, os.availableParallelism());

function progressReporter(stream: NodeJS.WriteStream) {
  if (!stream.isTTY) return { update: undefined, done: () => {} };
  let last = 0;
  return {
    update: (files: number) => {
      const now = Date.now();
      if (now - last > 100) {
        last = now;
        stream.write(`\rscanning… ${files} files`);
      }
    },
    done: () => stream.write('\r\x1b[K'),
  };
}

function assertDirectory(dir: string): void {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new Error(`${dir} is not a directory`);
  }
}

/** Runs the command line; resolves to the process exit code. */
export async function main(
  argv: string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WriteStream } = {
    stdout: process.stdout,
    stderr: process.stderr,
  },
): Promise<number> {
  let exitCode = 0;
  /** Writes each problem of a platform manifest that did not load, then fails. */
  const invalidManifest = (problems: ScanProblem[]): never => {
    for (const p of problems) {
      io.stderr.write(
        `${escapeControlCharacters(
          `${p.file}:${p.line ?? 0}: ${p.message}`,
        )}\n`,
      );
    }
    throw new Error('the platform manifest is not valid');
  };
  const program = new Command('platform-scan')
    .description(
      'Find pinned references to platform building blocks and say how far behind they are.',
    )
    .version(version)
    .exitOverride()
    .configureOutput({
      writeOut: text => io.stdout.write(text),
      writeErr: text => io.stderr.write(text),
    });

  program
    .command('scan', { isDefault: true })
    .description('Scan a directory (a checkout of a service repository)')
    .argument('<dir>', 'the directory to scan')
    .option(
      '--platform <dir|url>',
      'the platform repository: a local checkout or a git URL',
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['table', 'json', 'sarif'])
        .default('table'),
    )
    .option(
      '--fail-on <status>',
      `exit ${EXIT_FAIL_ON} when any reference is at least as severe as this verdict; or, for module calls, when one does not match the release it pins (broken) or also when its upgrade to the latest release would break it (breaking-upgrade); or (required) when the tree misses a module platform.yaml requires of every service or pins it outside the required releases; give it once for each`,
      failOnThreshold,
    )
    .option(
      '-j, --jobs <n>',
      `threads that read and parse files, this one and N-1 workers (1: no workers); at most one per core (${os.availableParallelism()} here)`,
      jobCount,
      DEFAULT_JOBS,
    )
    .option(
      '-o, --output <file>',
      'write the report to a file instead of stdout',
    )
    .option(
      '--channels',
      "also read what the channels of the platform's modules (channels: in platform.yaml) offer, from the hosts --allow-host names, and judge a reference that installs from a channel against what it offers; without it nothing is requested",
    )
    .option(
      '--allow-host <url>',
      'a host --channels may read from: https://host[:port], https://*.domain, or http://host[:port] for plain HTTP; once per host. No other host is asked',
      allowHost,
    )
    .action(async (dir: string, opts) => {
      assertDirectory(dir);
      if (opts.failOn !== undefined && !opts.platform) {
        // Without a platform nothing gets a verdict or a call check, so it would always pass.
        throw new Error(
          '--fail-on needs --platform: without it there are no verdicts',
        );
      }
      if (opts.channels && !opts.platform) {
        throw new Error(
          "--channels needs --platform: the channels read are those of the platform's modules",
        );
      }
      if (opts.allowHost && !opts.channels) {
        // Allowing a host but reading nothing would look like a check that passed.
        throw new Error(
          '--allow-host needs --channels: without it nothing is read',
        );
      }
      // Each worker holds its own parsers: more threads than cores only add memory and time.
      const cores = os.availableParallelism();
      if (opts.jobs > cores) {
        io.stderr.write(
          `platform-scan: --jobs ${opts.jobs} is more than the ${cores} cores here; using ${cores}\n`,
        );
      }
      const jobs: number = Math.min(opts.jobs, cores);
      const platform = opts.platform
        ? await loadPlatform(opts.platform)
        : undefined;
      if (platform && !platform.snapshot) {
        await platform.close();
        invalidManifest(platform.problems);
      }
      const progress = progressReporter(io.stderr);
      let report: ScanReport;
      let channels: ModuleChannelEntry[] | undefined;
      try {
        if (opts.channels && platform?.snapshot) {
          ({ snapshot: platform.snapshot, channels } =
            await readPlatformChannels(
              platform.snapshot,
              opts.allowHost ?? [],
            ));
        }
        report = await scan({
          dir,
          platform,
          onProgress: opts.format === 'table' ? progress.update : undefined,
          jobs,
        });
      } finally {
        await platform?.close();
      }
      progress.done();
      if (channels) {
        report = { ...report, channels };
      }

      let chunks: Iterable<string>;
      if (opts.format === 'json') chunks = jsonChunks(report);
      else if (opts.format === 'sarif') chunks = [formatSarif(report, version)];
      else chunks = tableChunks(report);
      writeChunks(chunks, { file: opts.output, stream: io.stdout });

      const threshold: FailOn | undefined = opts.failOn;
      if (threshold !== undefined && failsOn(threshold, report)) {
        exitCode = EXIT_FAIL_ON;
      }
    });

  program
    .command('upgrade')
    .description(
      "Move a checkout's references to one platform module to a release, editing the files in place",
    )
    .argument('<dir>', 'the directory (a checkout of a service repository)')
    .requiredOption(
      '--platform <dir|url>',
      'the platform repository: a local checkout or a git URL',
    )
    .requiredOption('--module <name>', 'the platform module to upgrade')
    .requiredOption(
      '--to <version>',
      "the release to move to, or 'latest' (the newest that is not a prerelease)",
    )
    .option(
      '--environment <name>',
      'only the references in this environment (the directory after environments/, envs/ or live/ in their path)',
    )
    .option(
      '--input <name=JSON>',
      'a value for an input the new release requires, as JSON; once per input',
      collectInput,
    )
    .option(
      '--dry-run',
      'print the changes as unified diffs on stdout and write nothing',
    )
    .action(async (dir: string, opts) => {
      assertDirectory(dir);
      const platform = await loadPlatform(opts.platform);
      try {
        if (!platform.snapshot) {
          invalidManifest(platform.problems);
        }
        const result = await upgradeCheckout({
          dir,
          platform,
          module: opts.module,
          to: opts.to,
          environment: opts.environment,
          inputs: opts.input,
          dryRun: opts.dryRun,
        });
        const summary = formatUpgrade(result, { dryRun: opts.dryRun });
        if (opts.dryRun) {
          // The diffs alone on stdout, so that they can be applied with `patch -p0`.
          io.stdout.write(result.patches.map(p => p.patch).join(''));
          io.stderr.write(summary);
        } else {
          io.stdout.write(summary);
        }
        if (result.needsPerson.length > 0 || result.missingInputs.length > 0) {
          exitCode = EXIT_FAIL_ON;
        }
      } finally {
        await platform.close();
      }
    });

  try {
    await program.parseAsync(argv);
  } catch (error: any) {
    if (
      error?.code === 'commander.helpDisplayed' ||
      error?.code === 'commander.version' ||
      (error?.code === 'commander.help' && error.exitCode === 0)
    ) {
      return 0;
    }
    if (
      typeof error?.code === 'string' &&
      error.code.startsWith('commander.')
    ) {
      return EXIT_ERROR;
    }
    io.stderr.write(
      `platform-scan: ${escapeControlCharacters(
        String(error?.message ?? error),
      )}\n`,
    );
    return EXIT_ERROR;
  }
  return exitCode;
}
