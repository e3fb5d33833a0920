import { execFile, execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { runGit } from '../git/git';

const run = promisify(execFile);

/** Whether the real `terraform` binary is on PATH. */
export function hasTerraform(): boolean {
  try {
    execFileSync('terraform', ['version'], {
      stdio: 'ignore',
      env: { ...process.env, CHECKPOINT_DISABLE: '1' },
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * `describe` for tests that run the real `terraform`. scripts/test.sh sets
 * PORTAL_SKIP_MISSING_TOOLS=1 on a machine without it and names the skip in its summary;
 * anywhere else a missing terraform fails the tests with what to install.
 */
export function describeWithTerraform(name: string, tests: () => void): void {
  // Chosen when called, not when imported: processes that import the test utilities outside a
  // test runner (the scanner's kill test starts a backend) have no `describe`.
  const suite =
    !hasTerraform() && process.env.PORTAL_SKIP_MISSING_TOOLS === '1'
      ? describe.skip
      : describe;
  suite(name, tests);
}

/** Fails naming what to install when terraform is missing. */
export function requireTerraform(): void {
  if (!hasTerraform()) {
    throw new Error(
      'These tests validate the generated projects with the real terraform binary, which is not on PATH. Install Terraform 1.6 or newer.',
    );
  }
}

/** The blocks of main.tf that need a provider download, which this machine cannot do. */
const PROVIDER_BLOCKS = [
  /^ {2}required_providers \{\n[\s\S]*?^ {2}\}\n/m,
  /^provider "[^"]+" \{\n[\s\S]*?^\}\n/m,
];

/** main.tf without its provider block and required_providers, which validate offline. */
export function withoutProviders(mainTf: string): string {
  let text = mainTf;
  for (const block of PROVIDER_BLOCKS) {
    if (!block.test(text)) {
      throw new Error(`main.tf has no block matching ${block}`);
    }
    text = text.replace(block, '');
  }
  return text;
}

/** A pinned platform source: `git::https://<host>/<repo>.git//<path>?ref=<tag>`. */
const PINNED_SOURCE =
  /(source\s*=\s*)"git::https:\/\/github\.com\/acme\/platform\.git\/\/([^"?]+)\?ref=([^"]+)"/g;

/**
 * Module copies reduced to their variables and outputs, each read from the platform
 * repository at the tag a project pins: variables.tf as released, every output with a null
 * value, so that no resource and no provider is needed.
 */
export class ReducedModules {
  private readonly made = new Map<string, Promise<string>>();

  constructor(
    private readonly platformGitDir: string,
    private readonly root: string,
  ) {}

  /** The local folder of the module at `modulePath` as released at `ref`. */
  folder(modulePath: string, ref: string): Promise<string> {
    const key = `${modulePath}@${ref}`;
    let made = this.made.get(key);
    if (!made) {
      made = this.make(modulePath, ref);
      this.made.set(key, made);
    }
    return made;
  }

  private async make(modulePath: string, ref: string): Promise<string> {
    const folder = path.join(
      this.root,
      `${modulePath}@${ref}`.replace(/[^A-Za-z0-9.@-]+/g, '_'),
    );
    await fs.mkdir(folder, { recursive: true });
    const show = (file: string) =>
      runGit(['show', `${ref}:${modulePath}/${file}`], {
        cwd: this.platformGitDir,
      });
    await fs.writeFile(
      path.join(folder, 'variables.tf'),
      await show('variables.tf'),
    );
    const outputs = [
      ...(await show('outputs.tf')).matchAll(/^output "([^"]+)"/gm),
    ].map(match => match[1]);
    await fs.writeFile(
      path.join(folder, 'outputs.tf'),
      outputs.map(name => `output "${name}" {\n  value = null\n}\n`).join('\n'),
    );
    return folder;
  }

  /** main.tf with each pinned platform source rewritten to its reduced local copy. */
  async localSources(mainTf: string, environmentDir: string): Promise<string> {
    const replacements = new Map<string, string>();
    for (const match of mainTf.matchAll(PINNED_SOURCE)) {
      const folder = await this.folder(match[2], match[3]);
      const relative = path.relative(environmentDir, folder);
      replacements.set(
        match[0],
        `${match[1]}"${
          relative.startsWith('..') ? relative : `./${relative}`
        }"`,
      );
    }
    if (replacements.size === 0) {
      throw new Error('main.tf pins no platform module');
    }
    let text = mainTf;
    for (const [from, to] of replacements) {
      text = text.split(from).join(to);
    }
    return text;
  }
}

/** What `terraform validate -json` said of one configuration. */
export interface Validation {
  valid: boolean;
  diagnostics: Array<{ severity: string; summary: string; detail?: string }>;
}

/** `terraform init -backend=false` and `terraform validate` in `dir`, offline. */
export async function terraformValidate(
  dir: string,
  cliConfig: string,
): Promise<Validation> {
  const env = {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
  };
  await run('terraform', ['init', '-backend=false', '-input=false'], {
    cwd: dir,
    env,
  });
  try {
    const { stdout } = await run('terraform', ['validate', '-json'], {
      cwd: dir,
      env,
    });
    return JSON.parse(stdout);
  } catch (error) {
    // validate exits 1 on an invalid configuration, and still prints its JSON.
    const stdout = (error as { stdout?: string }).stdout;
    if (stdout) {
      return JSON.parse(stdout);
    }
    throw error;
  }
}

/**
 * What `terraform fmt` would change in a file, as a unified diff; empty when the file is
 * canonical. It parses the whole file, provider blocks included, offline.
 */
export async function terraformFmtDiff(
  file: string,
  cliConfig: string,
): Promise<string> {
  try {
    await run('terraform', ['fmt', '-check', '-diff', file], {
      env: { ...process.env, TF_CLI_CONFIG_FILE: cliConfig },
    });
    return '';
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    return `${stdout ?? ''}${stderr ?? ''}` || String(error);
  }
}
