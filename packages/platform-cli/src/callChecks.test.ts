import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFiles } from '@platform-portal/plugin-platform-engine/testUtils';
import { createEvolvingPlatformRepository } from './__testUtils__/platformRepository';
import {
  runCli,
  sarifSchemaErrors,
  scanReportSchemaErrors,
} from './__testUtils__/runCli';

const PLATFORM = 'git::https://github.com/acme/platform.git//modules';

describe('platform-scan checks module calls', () => {
  let root: string;
  let platformDir: string;
  let serviceDir: string;
  let upgradeOnlyDir: string;

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'call-checks-'));
    platformDir = path.join(root, 'platform');
    fs.mkdirSync(platformDir);
    createEvolvingPlatformRepository(platformDir);
    serviceDir = path.join(root, 'service');
    writeFiles(serviceDir, {
      // Broken against its pin: vpc 1.0.0 requires `name` and has no `cidr`.
      'infra/environments/prod/main.tf': `module "network" {
  source = "${PLATFORM}/vpc?ref=vpc/v1.0.0"

  cidr = "10.20.0.0/16"
}

module "dns" {
  source = "${PLATFORM}/dns?ref=dns/v1.0.0"

  zone = "orders.acme.example"
}
`,
      // Fine today, broken by the upgrade to 2.1.1.
      'infra/environments/staging/main.tf': `module "network" {
  source = "${PLATFORM}/vpc?ref=vpc/v1.0.0"

  name               = "orders-staging"
  enable_nat_gateway = true
}
`,
      'infra/environments/dev/main.tf': `module "network" {
  source = "${PLATFORM}/vpc?ref=vpc/v2.1.1"

  cidr = "10.30.0.0/16"
}
`,
      '.github/workflows/ci.yml': `on: pull_request
jobs:
  terraform:
    uses: acme/platform/.github/workflows/terraform.yml@v1.0.0
    with:
      working-directory: infra/environments/prod
  forged:
    uses: acme/platform/.github/workflows/terraform.yml@v2.0.0
    with:
      working-directory: infra
      tool: terraform
      "x\\u202e\\u001b[2K": "[click](https://evil.example/)"
`,
    });
    upgradeOnlyDir = path.join(root, 'upgrade-only');
    writeFiles(upgradeOnlyDir, {
      'infra/main.tf': `module "network" {
  source = "${PLATFORM}/vpc?ref=vpc/v1.0.0"

  name = "orders"
}
`,
    });
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const scan = (dir: string, ...args: string[]) =>
    runCli('scan', dir, '--platform', platformDir, ...args);

  it('marks each call in the table and lists its findings and the needs of its upgrade', async () => {
    const { code, out } = await scan(serviceDir);
    expect(code).toBe(0);
    const lines = out.split('\n');
    const row = (location: string) =>
      lines.find(l => l.startsWith(`${location} `));
    expect(row('infra/environments/prod/main.tf:2')).toMatch(/\sbroken$/);
    expect(row('infra/environments/staging/main.tf:2')).toMatch(
      /\sbreaking-upgrade$/,
    );
    expect(row('infra/environments/dev/main.tf:2')).toMatch(/up-to-date\s+ok$/);
    expect(row('.github/workflows/ci.yml:4')).toMatch(/\sbreaking-upgrade$/);
    expect(lines).toEqual(
      expect.arrayContaining([
        'call     infra/environments/prod/main.tf:2  vpc: `name` is required by vpc@vpc/v1.0.0 but not set',
        'call     infra/environments/prod/main.tf:2  vpc: `cidr` is not an input of vpc@vpc/v1.0.0',
        'upgrade  infra/environments/staging/main.tf:2  vpc to 2.1.1: needs `cidr` (new, required); `name` is removed',
        'upgrade  .github/workflows/ci.yml:4  terraform-ci to 2.0.0: needs `tool` (new, required)',
        // A key of the scanned file cannot forge lines or reorder them.
        'call     .github/workflows/ci.yml:8  terraform-ci: `x\\u202e\\x1b[2K` is not an input of terraform-ci@v2.0.0',
      ]),
    );
    // The dns release cannot be read: one problem, and the scan goes on.
    expect(
      lines.filter(l => l.startsWith('problem  infra/environments/prod')),
    ).toEqual([
      expect.stringMatching(
        /^problem {2}infra\/environments\/prod\/main\.tf:8 {2}the module call cannot be checked: dns@dns\/v1\.0\.0: modules\/dns\/variables\.tf: syntax error near line 1/,
      ),
    ]);
    expect(lines.at(-2)).toMatch(
      /, 2 calls broken, 2 calls facing a breaking upgrade, 1 problem$/,
    );
  });

  it('puts the check of each call on its reference in JSON, as the schema documents', async () => {
    const { code, out } = await scan(serviceDir, '--format', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(scanReportSchemaErrors(report)).toEqual([]);

    const at = (file: string, line: number) =>
      report.references.find((r: any) => r.file === file && r.line === line);
    expect(at('infra/environments/staging/main.tf', 2)).toMatchObject({
      module: 'vpc',
      version: '1.0.0',
      callStatus: 'breaking-upgrade',
      callFindings: [],
      upgrade: {
        to: '2.1.1',
        breaking: true,
        needs: ['needs `cidr` (new, required)', '`name` is removed'],
      },
    });
    expect(at('infra/environments/prod/main.tf', 2)).toMatchObject({
      callStatus: 'broken',
      callFindings: [
        {
          finding: 'missing-required-input',
          argument: 'name',
          message: '`name` is required by vpc@vpc/v1.0.0 but not set',
        },
        {
          finding: 'unknown-argument',
          argument: 'cidr',
          message: '`cidr` is not an input of vpc@vpc/v1.0.0',
        },
      ],
    });
    const dev = at('infra/environments/dev/main.tf', 2);
    expect(dev).toMatchObject({ callStatus: 'ok', callFindings: [] });
    expect(dev.upgrade).toBeUndefined();
    // An unreadable release leaves its call unchecked.
    expect(at('infra/environments/prod/main.tf', 8).callStatus).toBeUndefined();
  });

  it('reports each call finding and breaking upgrade in SARIF under its own rule, at the call', async () => {
    const { code, out } = await scan(serviceDir, '--format', 'sarif');
    expect(code).toBe(0);
    const sarif = JSON.parse(out);
    expect(sarifSchemaErrors(sarif)).toEqual([]);

    const run0 = sarif.runs[0];
    const ruleIds = run0.tool.driver.rules.map((r: any) => r.id);
    expect(ruleIds).toEqual(
      expect.arrayContaining([
        'platform/missing-required-input',
        'platform/unknown-argument',
        'platform/wrong-type',
        'platform/breaking-upgrade',
      ]),
    );
    const results = run0.results.filter((r: any) =>
      [
        'platform/missing-required-input',
        'platform/unknown-argument',
        'platform/breaking-upgrade',
      ].includes(r.ruleId),
    );
    const summary = results.map((r: any) => [
      r.ruleId,
      r.level,
      r.locations[0].physicalLocation.artifactLocation.uri,
      r.locations[0].physicalLocation.region.startLine,
      r.message.text,
    ]);
    expect(summary).toEqual(
      expect.arrayContaining([
        [
          'platform/missing-required-input',
          'error',
          'infra/environments/prod/main.tf',
          2,
          'vpc: `name` is required by vpc@vpc/v1.0.0 but not set',
        ],
        [
          'platform/unknown-argument',
          'error',
          'infra/environments/prod/main.tf',
          2,
          'vpc: `cidr` is not an input of vpc@vpc/v1.0.0',
        ],
        [
          'platform/breaking-upgrade',
          'warning',
          'infra/environments/staging/main.tf',
          2,
          'vpc: upgrade to 2.1.1: needs `cidr` (new, required); `name` is removed',
        ],
        [
          'platform/unknown-argument',
          'error',
          '.github/workflows/ci.yml',
          8,
          'terraform-ci: `x\\u202e\\x1b\\[2K` is not an input of terraform-ci@v2.0.0',
        ],
      ]),
    );
    // Each result points at its rule.
    for (const result of run0.results) {
      expect(run0.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    }
  });

  it('fails on broken calls, or also on breaking upgrades, with --fail-on', async () => {
    expect((await scan(serviceDir, '--fail-on', 'broken')).code).toBe(1);
    // Only an upgrade would break this service's call.
    expect((await scan(upgradeOnlyDir, '--fail-on', 'broken')).code).toBe(0);
    expect(
      (await scan(upgradeOnlyDir, '--fail-on', 'breaking-upgrade')).code,
    ).toBe(1);
    // A verdict and a call status together: either one fails.
    expect(
      (
        await scan(
          upgradeOnlyDir,
          '--fail-on',
          'unsupported',
          '--fail-on',
          'broken',
        )
      ).code,
    ).toBe(0);
    expect(
      (
        await scan(
          upgradeOnlyDir,
          '--fail-on',
          'major-behind',
          '--fail-on',
          'broken',
        )
      ).code,
    ).toBe(1);

    const bad = await runCli('scan', serviceDir, '--fail-on', 'breaking');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(
      'expected one of up-to-date, local, external, patch-behind, minor-behind, major-behind, unpinned, unknown-version, unknown-sha, unknown-module, unresolved, deprecated, unsupported, broken, breaking-upgrade',
    );
  });

  it('checks the calls against a platform given as a git URL, and leaves no clone behind', async () => {
    const before = fs
      .readdirSync(os.tmpdir())
      .filter(name => name.startsWith('platform-scan-'));
    const { code, out } = await runCli(
      'scan',
      upgradeOnlyDir,
      '--platform',
      `file://${platformDir}`,
      '--format',
      'json',
    );
    expect(code).toBe(0);
    expect(JSON.parse(out).references[0]).toMatchObject({
      callStatus: 'breaking-upgrade',
      upgrade: { to: '2.1.1' },
    });
    const after = fs
      .readdirSync(os.tmpdir())
      .filter(name => name.startsWith('platform-scan-'));
    expect(after.sort()).toEqual(before.sort());
  });
});
