import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPlatformRepository } from './__testUtils__/platformRepository';
import {
  runCli,
  sarifSchemaErrors,
  scanReportSchemaErrors,
} from './__testUtils__/runCli';

const fixtures = path.resolve(__dirname, '../fixtures');
const serviceDir = path.join(fixtures, 'service');

describe('platform-scan', () => {
  let platformDir: string;

  beforeAll(() => {
    platformDir = createPlatformRepository();
  });
  afterAll(() => fs.rmSync(platformDir, { recursive: true, force: true }));

  const scanWithPlatform = (...args: string[]) =>
    runCli('scan', serviceDir, '--platform', platformDir, ...args);

  it('prints a table of every reference with its verdict', async () => {
    const { code, out } = await scanWithPlatform();
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(
      /^LOCATION\s+KIND\s+NAME\s+REF\s+VERSION\s+LATEST\s+VERDICT\s+CALL$/,
    );
    const row = (location: string) => lines.find(l => l.startsWith(location));
    expect(row('infra/environments/staging/main.tf:2')).toMatch(
      /2\.1\.0\s+2\.2\.0\s+minor-behind\s+ok$/,
    );
    expect(row('infra/environments/staging/main.tf:8')).toMatch(
      /3\.0\.0\s+3\.0\.1\s+patch-behind\s+ok$/,
    );
    expect(row('infra/environments/prod/main.tf:2')).toMatch(
      /unsupported\s+ok$/,
    );
    expect(row('infra/environments/prod/main.tf:8')).toMatch(
      /deprecated\s+ok$/,
    );
    // Calls of references that resolve to no release are not checked.
    expect(row('infra/environments/prod/main.tf:14')).toMatch(/unpinned\s+-$/);
    expect(row('infra/environments/prod/main.tf:20')).toMatch(/local\s+-$/);
    // The commented-out module in staging is not a reference.
    expect(out).not.toContain('vpc/v1.0.0');
    expect(lines.at(-2)).toMatch(/^\d+ references in \d+ files/);
  });

  it('lists references without verdicts when no platform is given', async () => {
    const { code, out } = await runCli('scan', serviceDir);
    expect(code).toBe(0);
    expect(out).toContain('github.com/acme/platform//modules/vpc');
    expect(out).toContain('no --platform given, so no verdicts');
  });

  it('prints JSON that follows the documented schema', async () => {
    const { code, out } = await scanWithPlatform('--format', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(scanReportSchemaErrors(report)).toEqual([]);

    const prodDatabase = report.references.find(
      (r: any) => r.file === 'infra/environments/prod/main.tf' && r.line === 8,
    );
    expect(prodDatabase).toMatchObject({
      kind: 'terraform-module',
      source:
        'git::https://github.com/acme/platform.git//modules/rds?ref=rds/v1.9.0',
      name: 'github.com/acme/platform//modules/rds',
      ref: 'rds/v1.9.0',
      module: 'rds',
      version: '1.9.0',
      latest: '2.0.0',
      environment: 'prod',
      verdict: 'deprecated',
    });
    expect(prodDatabase.explanation).toContain('unencrypted snapshots');

    const workflow = report.references.find(
      (r: any) => r.kind === 'github-reusable-workflow',
    );
    expect(workflow).toMatchObject({
      module: 'terraform-ci',
      verdict: 'minor-behind',
      latest: '3.1.0',
    });
  });

  it('prints SARIF 2.1.0 that validates against the official schema', async () => {
    const { code, out } = await scanWithPlatform('--format', 'sarif');
    expect(code).toBe(0);
    const sarif = JSON.parse(out);
    expect(sarifSchemaErrors(sarif)).toEqual([]);

    const results = sarif.runs[0].results;
    const deprecated = results.find(
      (r: any) => r.ruleId === 'platform/deprecated',
    );
    expect(deprecated.level).toBe('error');
    expect(deprecated.locations[0].physicalLocation).toEqual({
      artifactLocation: {
        uri: 'infra/environments/prod/main.tf',
        uriBaseId: '%SRCROOT%',
      },
      region: { startLine: 8, startColumn: expect.any(Number) },
    });
    // Up-to-date, local and external references need no action and are not results.
    expect(results.some((r: any) => r.ruleId === 'platform/local')).toBe(false);
  });

  it('exits 1 when --fail-on is met and 0 when it is not', async () => {
    expect((await scanWithPlatform('--fail-on', 'deprecated')).code).toBe(1);
    expect((await scanWithPlatform('--fail-on', 'patch-behind')).code).toBe(1);

    const upToDate = fs.mkdtempSync(path.join(os.tmpdir(), 'service-'));
    fs.mkdirSync(path.join(upToDate, 'infra'));
    fs.writeFileSync(
      path.join(upToDate, 'infra', 'main.tf'),
      'module "vpc" {\n  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v2.2.0"\n}\n',
    );
    const clean = await runCli(
      'scan',
      upToDate,
      '--platform',
      platformDir,
      '--fail-on',
      'patch-behind',
    );
    fs.rmSync(upToDate, { recursive: true });
    expect(clean.out).toContain('up-to-date');
    expect(clean.code).toBe(0);
  });

  it.each([
    {
      args: [serviceDir, '--fail-on', 'sometimes'],
      error: 'expected one of up-to-date',
    },
    {
      args: [serviceDir, '--fail-on', 'major-behind'],
      error: '--fail-on needs --platform',
    },
    {
      args: [path.join(fixtures, 'no-such-dir')],
      error: 'is not a directory',
    },
    {
      args: [serviceDir, '--platform', 'ext::sh -c touch% /tmp/pwned'],
      error: '--platform must be a directory or a git URL',
    },
    ...['0', 'two', '1.5', '-1', '2e1'].map(jobs => ({
      args: [serviceDir, '--jobs', jobs],
      error: `argument '${jobs}' is invalid. expected a whole number of at least 1`,
    })),
  ])(
    'refuses bad arguments with exit code 2 and says: $error',
    async ({ args, error }) => {
      const { code, err } = await runCli('scan', ...args);
      expect(code).toBe(2);
      expect(err).toContain(error);
    },
  );

  it('caps --jobs at the number of cores, says so, and scans all the same', async () => {
    const cores = os.availableParallelism();
    const many = String(cores + 62);
    const { code, out, err } = await runCli(
      'scan',
      serviceDir,
      '--jobs',
      many,
      '--format',
      'json',
    );
    expect(code).toBe(0);
    expect(err).toBe(
      `platform-scan: --jobs ${many} is more than the ${cores} cores here; using ${cores}\n`,
    );
    expect(out).toEqual(
      (await runCli('scan', serviceDir, '--format', 'json')).out,
    );

    const help = await runCli('help', 'scan');
    expect(help.out).toMatch(
      new RegExp(`at most one per core\\s+\\(${cores} here\\)`),
    );
  });

  it('reads a large tree in worker threads with the same result as in one thread', async () => {
    // 450 copies of the service: over 2,000 files, enough for the workers.
    const copies = 450;
    const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'services-'));
    try {
      for (let i = 0; i < copies; i++) {
        fs.cpSync(serviceDir, path.join(tree, `service-${i}`), {
          recursive: true,
        });
      }
      fs.writeFileSync(
        path.join(tree, 'service-7', 'infra', 'broken.tf'),
        'module "x" {\n  source = \n',
      );
      const scanArgs = (jobs: string) => [
        'scan',
        tree,
        '--platform',
        platformDir,
        '--format',
        'json',
        '--jobs',
        jobs,
      ];
      const scanWith = (jobs: string) => runCli(...scanArgs(jobs));
      const [inOneThread, inWorkers] = [
        await scanWith('1'),
        await scanWith('2'),
      ];
      expect(inWorkers.code).toBe(0);
      expect(inWorkers.out).toEqual(inOneThread.out);

      // The bundle built to ship, whose workers run its own worker entry, says the same. It is
      // built inside the package, where its external packages resolve from node_modules.
      const outdir = fs.mkdtempSync(path.join(__dirname, '../.bundle-test-'));
      try {
        const { bundle } = require('../scripts/bundle.js');
        const built = await bundle(outdir);
        const output = path.join(outdir, 'report.json');
        const cacheHome = path.join(outdir, 'cache');
        const { NODE_COMPILE_CACHE: _set, ...env } = process.env;
        execFileSync(
          process.execPath,
          [built.command, ...scanArgs('2'), '--output', output],
          { env: { ...env, XDG_CACHE_HOME: cacheHome } },
        );
        expect(fs.readFileSync(output, 'utf8')).toEqual(inOneThread.out);
        // The code compiled for the command and for its worker is kept for the next run, in the
        // user's cache directory: one file per script, the HCL parser's included.
        const kept = fs
          .readdirSync(path.join(cacheHome, 'platform-scan'), {
            recursive: true,
            withFileTypes: true,
          })
          .filter(entry => entry.isFile());
        expect(kept.length).toBeGreaterThanOrEqual(3);
        // It reads YAML with the library's build that looks up no environment variable per token.
        for (const file of built.bundles) {
          expect(fs.readFileSync(file, 'utf8')).not.toContain('LOG_TOKENS');
        }
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
      const report = JSON.parse(inWorkers.out);
      const one = JSON.parse(
        (await runCli('scan', serviceDir, '--format', 'json')).out,
      );
      expect(report.filesScanned).toBe(one.filesScanned * copies + 1);
      expect(report.references.length).toBe(one.references.length * copies);
      expect(report.problems.map((p: { file: string }) => p.file)).toContain(
        'service-7/infra/broken.tf',
      );
    } finally {
      fs.rmSync(tree, { recursive: true, force: true });
    }
  }, 60_000);

  it('exits 0 after printing help or the version', async () => {
    for (const args of [
      ['--help'],
      ['help'],
      ['help', 'scan'],
      ['--version'],
    ]) {
      const { code, out } = await runCli(...args);
      expect({ args, code }).toEqual({ args, code: 0 });
      expect(out).not.toBe('');
    }
  });

  it('keeps credentials in a --platform URL out of error messages', async () => {
    const { code, err } = await runCli(
      'scan',
      serviceDir,
      '--platform',
      'https://deploy:s3cret@127.0.0.1:1/acme/platform.git',
    );
    expect(code).toBe(2);
    expect(err).toContain('cannot read the platform repository https://');
    expect(err).not.toContain('s3cret');
  });

  it('reads the platform from a bare repository directory', async () => {
    const bare = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'platform-bare-')),
      'platform.git',
    );
    execFileSync('git', ['clone', '--quiet', '--bare', platformDir, bare]);
    try {
      const { code, out, err } = await runCli(
        'scan',
        serviceDir,
        '--platform',
        bare,
        '--format',
        'json',
      );
      expect(err).toBe('');
      expect(code).toBe(0);
      const report = JSON.parse(out);
      expect(report.platform.name).toBe('acme-platform');
      const staging = report.references.find(
        (r: any) =>
          r.file === 'infra/environments/staging/main.tf' && r.line === 2,
      );
      expect(staging).toMatchObject({
        verdict: 'minor-behind',
        callStatus: 'ok',
      });
    } finally {
      fs.rmSync(path.dirname(bare), { recursive: true, force: true });
    }
  });

  it('reads the platform from a git URL', async () => {
    const { code, out } = await runCli(
      'scan',
      serviceDir,
      '--platform',
      `file://${platformDir}`,
      '--format',
      'json',
    );
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.platform).toEqual({
      name: 'acme-platform',
      repository: 'https://github.com/acme/platform.git',
    });
    expect(
      report.references.some((r: any) => r.verdict === 'minor-behind'),
    ).toBe(true);
  });
});
