import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createDefaultExtractors,
  scanFiles,
} from '@platform-portal/plugin-platform-engine';
import {
  createGitRepository,
  testGit,
} from '@platform-portal/plugin-platform-engine/testUtils';
import {
  createEvolvingPlatformRepository,
  createPlatformRepository,
} from '../__testUtils__/platformRepository';
import { runCli } from '../__testUtils__/runCli';

const PLATFORM = 'git::https://github.com/acme/platform.git//modules';

/** Files a checkout starts with: odd spacing, comments, CRLF, no final newline, a BOM. */
const STAGING = `# Network of the staging environment.
module "network" {
  source   =   "${PLATFORM}/vpc?ref=vpc/v1.4.0" # keep in step with prod

  cidr = "10.10.0.0/16"   # /16 per environment
}

module "cluster" {
  source = "github.com/acme/platform//modules/eks?ref=eks-v3.0.0"

  name = "payments-staging"
}
`;
const PROD = `\ufeffmodule "network" {\r
  source = "${PLATFORM}/vpc?ref=vpc/v2.0.0"\r
\r
  cidr = "10.20.0.0/16"\r
}`;
const WORKFLOW = `name: ci
on: [push]
jobs:
  plan:
    uses: acme/platform/.github/workflows/terraform.yml@v3.0.0
`;

/** `platform-scan upgrade` of a module of a platform to a release, with more arguments. */
function runUpgrade(
  dir: string,
  platform: string,
  module: string,
  to: string,
  ...more: string[]
) {
  return runCli(
    'upgrade',
    dir,
    '--platform',
    platform,
    '--module',
    module,
    '--to',
    to,
    ...more,
  );
}

/** A checkout of a service: a git work tree with the files committed. */
function createCheckout(root: string, files: Record<string, string>): string {
  return createGitRepository(fs.mkdtempSync(path.join(root, 'service-')), [
    { files, message: 'service' },
  ]);
}

/** Every file of the checkout but .git, with its bytes. */
function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, {
    recursive: true,
    withFileTypes: true,
  })) {
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(dir, full);
    if (entry.isFile() && !relative.startsWith('.git')) {
      files[relative] = fs.readFileSync(full, 'latin1');
    }
  }
  return files;
}

describe('platform-scan upgrade', () => {
  let root: string;
  let platformDir: string;
  let evolvingDir: string;

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'upgrade-'));
    platformDir = createPlatformRepository(path.join(root, 'platform'));
    evolvingDir = path.join(root, 'evolving');
    fs.mkdirSync(evolvingDir);
    createEvolvingPlatformRepository(evolvingDir);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const checkout = () =>
    createCheckout(root, {
      'infra/environments/staging/main.tf': STAGING,
      'infra/environments/prod/main.tf': PROD,
      '.github/workflows/ci.yml': WORKFLOW,
    });

  it('changes only the version text of each pin, byte for byte, and exits 0', async () => {
    const dir = checkout();
    const before = readTree(dir);
    const { code, out } = await runUpgrade(dir, platformDir, 'vpc', 'latest');
    expect(out).toBe(
      [
        'changed infra/environments/prod/main.tf',
        'changed infra/environments/staging/main.tf',
        'vpc → 2.2.0 (vpc/v2.2.0): 2 files changed',
        '',
      ].join('\n'),
    );
    expect(code).toBe(0);
    const after = readTree(dir);
    expect(after).toEqual({
      ...before,
      'infra/environments/staging/main.tf': before[
        'infra/environments/staging/main.tf'
      ].replace('ref=vpc/v1.4.0', 'ref=vpc/v2.2.0'),
      'infra/environments/prod/main.tf': before[
        'infra/environments/prod/main.tf'
      ].replace('ref=vpc/v2.0.0', 'ref=vpc/v2.2.0'),
    });
    // git sees one changed line per file, the BOM and CRLF kept.
    expect(testGit(dir, 'diff', '--numstat')).toBe(
      '1\t1\tinfra/environments/prod/main.tf\n1\t1\tinfra/environments/staging/main.tf\n',
    );
  });

  it('moves only the references of one environment with --environment', async () => {
    const dir = checkout();
    const { code, out } = await runUpgrade(
      dir,
      platformDir,
      'vpc',
      '2.1.0',
      '--environment',
      'staging',
    );
    expect(code).toBe(0);
    expect(out).toContain('changed infra/environments/staging/main.tf\n');
    expect(testGit(dir, 'diff', '--name-only')).toBe(
      'infra/environments/staging/main.tf\n',
    );
    expect(
      fs.readFileSync(
        path.join(dir, 'infra/environments/staging/main.tf'),
        'utf8',
      ),
    ).toContain('ref=vpc/v2.1.0" # keep in step with prod');
  });

  it('leaves a pin already at or past the target as it is', async () => {
    const dir = checkout();
    const { code, out } = await runUpgrade(dir, platformDir, 'vpc', '2.0.0');
    expect(code).toBe(0);
    expect(out).toContain(
      'vpc → 2.0.0 (vpc/v2.0.0): 1 file changed, 1 reference already at 2.0.0 or newer',
    );
    expect(testGit(dir, 'diff', '--name-only')).toBe(
      'infra/environments/staging/main.tf\n',
    );
  });

  it('writes nothing with --dry-run and prints diffs that patch makes into the real run', async () => {
    const dir = checkout();
    const args = [
      '--platform',
      platformDir,
      '--module',
      'vpc',
      '--to',
      '2.2.0',
    ];
    const dry = await runCli('upgrade', dir, ...args, '--dry-run');
    expect(dry.code).toBe(0);
    expect(testGit(dir, 'status', '--porcelain')).toBe('');
    expect(dry.err).toContain(
      'would change infra/environments/staging/main.tf\n',
    );
    expect(dry.out).toContain(
      `-  source   =   "${PLATFORM}/vpc?ref=vpc/v1.4.0" # keep in step with prod\n+  source   =   "${PLATFORM}/vpc?ref=vpc/v2.2.0" # keep in step with prod\n`,
    );

    execFileSync('patch', ['-p0', '--quiet'], { cwd: dir, input: dry.out });
    const patched = readTree(dir);
    const real = checkout();
    expect((await runCli('upgrade', real, ...args)).code).toBe(0);
    expect(readTree(real)).toEqual(patched);
  });

  it('lists what needs a person, with the reason, exits 1 and still changes the rest', async () => {
    const dir = createCheckout(root, {
      'infra/environments/staging/main.tf': STAGING,
      // The ref comes from a variable: only a person knows where it is set.
      'infra/environments/dev/main.tf': `module "network" {\n  source = "${PLATFORM}/vpc?ref=\${var.vpc_ref}"\n}\n`,
      // The tag is held in a local: the source line does not contain it.
      'infra/environments/qa/main.tf': `locals {\n  vpc = "vpc/v1.4.0"\n}\n\nmodule "network" {\n  source = "${PLATFORM}/vpc?ref=\${local.vpc}"\n}\n`,
      // A file that does not parse may pin the module too.
      'infra/broken.tf': 'module "network" {\n  source = \n',
      // A branch followed on purpose: only a person decides to pin a release instead.
      'infra/environments/test/main.tf': `module "network" {\n  source = "${PLATFORM}/vpc?ref=main"\n}\n`,
    });
    fs.mkdirSync(path.join(dir, 'infra/environments/linked'));
    fs.symlinkSync(
      '../staging/main.tf',
      path.join(dir, 'infra/environments/linked/main.tf'),
    );
    const { code, out } = await runUpgrade(dir, platformDir, 'vpc', 'latest');
    expect(code).toBe(1);
    const needs = out.slice(out.indexOf('needs a person:\n'));
    expect(needs).toContain(
      'infra/environments/dev/main.tf:2: the source is built from an expression',
    );
    expect(needs).toContain(
      'infra/environments/qa/main.tf:6: "vpc/v1.4.0" is not written at infra/environments/qa/main.tf:6; it is held elsewhere (a variable or local), which a person must change',
    );
    expect(needs).toContain(
      'infra/environments/test/main.tf:2: "main" is no release of vpc (',
    );
    expect(needs).toMatch(
      /infra\/broken\.tf:\d+: not read \(.+\); a person must check it for references to vpc/,
    );
    expect(needs).toContain(
      'infra/environments/linked/main.tf:3: infra/environments/linked/main.tf is reached through a symbolic link; a person must edit the file it points to',
    );
    expect(testGit(dir, 'status', '--porcelain')).toBe(
      ' M infra/environments/staging/main.tf\n?? infra/environments/linked/\n',
    );
    expect(
      fs
        .lstatSync(path.join(dir, 'infra/environments/linked/main.tf'))
        .isSymbolicLink(),
    ).toBe(true);
  });

  it('adds the input a breaking upgrade requires with the value given and removes the one it drops', async () => {
    const dir = createCheckout(root, {
      'infra/environments/prod/main.tf': `module "network" {\n  source = "${PLATFORM}/vpc?ref=vpc/v1.0.0"\n\n  name               = "payments"\n  enable_nat_gateway = true\n}\n`,
    });
    const { code, out } = await runUpgrade(
      dir,
      evolvingDir,
      'vpc',
      'latest',
      '--input',
      'cidr="10.20.0.0/16"',
    );
    expect(out).not.toContain('needs a person');
    expect(code).toBe(0);
    expect(
      fs.readFileSync(
        path.join(dir, 'infra/environments/prod/main.tf'),
        'utf8',
      ),
    ).toBe(
      `module "network" {\n  source = "${PLATFORM}/vpc?ref=vpc/v2.1.1"\n\n  enable_nat_gateway = true\n  cidr               = "10.20.0.0/16"\n}\n`,
    );
  });

  it('writes a given value so that HCL reads back the same text, template sequences and all', async () => {
    const value = 'net ${var.cidr} %{if x}"quoted"\\ \n';
    const dir = createCheckout(root, {
      'infra/environments/prod/main.tf': `module "network" {\n  source = "${PLATFORM}/vpc?ref=vpc/v1.0.0"\n\n  name = "payments"\n}\n`,
    });
    const { code } = await runUpgrade(
      dir,
      evolvingDir,
      'vpc',
      'latest',
      '--input',
      `cidr=${JSON.stringify(value)}`,
    );
    expect(code).toBe(0);
    const file = 'infra/environments/prod/main.tf';
    const { references } = scanFiles(
      [{ path: file, content: fs.readFileSync(path.join(dir, file)) }],
      { extractors: await createDefaultExtractors() },
    );
    expect(references[0].call?.arguments).toEqual([{ name: 'cidr', value }]);
  });

  it('marks a required input no value was given for and exits 1', async () => {
    const dir = createCheckout(root, {
      'infra/environments/prod/main.tf': `module "network" {\n  source = "${PLATFORM}/vpc?ref=vpc/v1.0.0"\n\n  name = "payments"\n}\n`,
    });
    const { code, out } = await runUpgrade(
      dir,
      evolvingDir,
      'vpc',
      '2.1.1',
      '--input',
      'zone="a"',
    );
    expect(code).toBe(1);
    expect(out).toContain(
      'inputs vpc 2.1.1 requires and no value was given for: cidr\n',
    );
    expect(out).toContain('give a value with --input cidr=JSON');
    expect(out).toContain(
      'not used (no call of this upgrade needs them): zone',
    );
    expect(
      fs.readFileSync(
        path.join(dir, 'infra/environments/prod/main.tf'),
        'utf8',
      ),
    ).toContain('  # platform upgrade: set cidr, required by vpc 2.1.1\n}\n');
    // The scan's call check refuses the call until a person sets it.
    const scanned = await runCli(
      'scan',
      dir,
      '--platform',
      evolvingDir,
      '--fail-on',
      'broken',
    );
    expect(scanned.code).toBe(1);
  });

  it('moves a workflow pin and names the input its new release requires for a person to add', async () => {
    const dir = createCheckout(root, {
      '.github/workflows/ci.yml': `on: [push]\njobs:\n  plan:\n    uses: acme/platform/.github/workflows/terraform.yml@v1.0.0\n    with:\n      working-directory: infra\n`,
    });
    const { code, out } = await runUpgrade(
      dir,
      evolvingDir,
      'terraform-ci',
      'latest',
    );
    expect(code).toBe(1);
    expect(out).toContain(
      '.github/workflows/ci.yml:4: terraform-ci 2.0.0 needs `tool` (new, required) in this call; a person must change it',
    );
    expect(
      fs.readFileSync(path.join(dir, '.github/workflows/ci.yml'), 'utf8'),
    ).toContain('terraform.yml@v2.0.0\n');
  });

  it('refuses bad usage with exit 2, naming what exists, and writes nothing', async () => {
    const dir = checkout();
    const upgrade = (module: string, to: string, ...more: string[]) =>
      runUpgrade(dir, platformDir, module, to, ...more);

    const unknownModule = await upgrade('vpn', 'latest');
    expect(unknownModule.code).toBe(2);
    expect(unknownModule.err).toBe(
      'platform-scan: acme-platform has no module "vpn"; its modules are vpc, eks, rds, terraform-ci\n',
    );

    const notARelease = await upgrade('vpc', '2.3.0');
    expect(notARelease.code).toBe(2);
    expect(notARelease.err).toBe(
      'platform-scan: "2.3.0" is not a release of vpc; its releases are 1.4.0, 2.0.0, 2.1.0, 2.2.0\n',
    );

    const notAVersion = await upgrade('vpc', '=2.2.0');
    expect(notAVersion.code).toBe(2);
    expect(notAVersion.err).toContain('"=2.2.0" is not a release of vpc');

    const environment = await upgrade(
      'vpc',
      'latest',
      '--environment',
      'production',
    );
    expect(environment.code).toBe(2);
    expect(environment.err).toBe(
      'platform-scan: no reference to vpc is in the environment "production"; they are in prod, staging\n',
    );

    for (const input of ['cidr', 'cidr=10.0.0.0/16', '1x="a"']) {
      const badInput = await upgrade('vpc', 'latest', '--input', input);
      expect({ input, code: badInput.code }).toEqual({ input, code: 2 });
      expect(badInput.err).toContain(`argument '${input}' is invalid`);
    }

    const tooDeep = await upgrade(
      'vpc',
      'latest',
      '--input',
      `cidr=${'['.repeat(12)}1${']'.repeat(12)}`,
    );
    expect(tooDeep.code).toBe(2);
    expect(tooDeep.err).toMatch(
      /^platform-scan: vpc\.cidr(\[0\])+ nests deeper than 10 levels\n$/,
    );

    const noPlatform = await runCli(
      'upgrade',
      dir,
      '--module',
      'vpc',
      '--to',
      'latest',
    );
    expect(noPlatform.code).toBe(2);
    expect(noPlatform.err).toContain("required option '--platform");

    expect(testGit(dir, 'status', '--porcelain')).toBe('');
  });
});
