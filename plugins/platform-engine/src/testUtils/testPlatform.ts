import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';

/**
 * The author and committer of test commits, as git's environment variables.
 *
 * @public
 */
export const TEST_GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

/**
 * Runs git in `cwd` as {@link TEST_GIT_IDENTITY}, unsigned and on branch main whatever the
 * machine's git configuration says, and returns what it printed.
 *
 * @public
 */
export function testGit(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    [
      '-c',
      'commit.gpgsign=false',
      '-c',
      'tag.gpgsign=false',
      '-c',
      'init.defaultBranch=main',
      ...args,
    ],
    {
      cwd,
      encoding: 'utf8',
      stdio: 'pipe',
      env: { ...process.env, ...TEST_GIT_IDENTITY },
    },
  );
}

/**
 * Writes files below `dir` by relative path, making their folders; `null` deletes one.
 *
 * @public
 */
export function writeFiles(
  dir: string,
  files: Record<string, string | Buffer | null>,
): void {
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(dir, file);
    if (content === null) {
      fs.rmSync(target, { force: true });
    } else {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
    }
  }
}

/**
 * Commits everything in the work tree of the git repository `dir`; returns the commit.
 *
 * @public
 */
export function commitAll(dir: string, message: string): string {
  testGit(dir, 'add', '--all', '.');
  testGit(dir, 'commit', '--quiet', '--allow-empty', '-m', message);
  return testGit(dir, 'rev-parse', 'HEAD').trim();
}

/**
 * One commit of a test repository's history.
 *
 * @public
 */
export interface HistoryStep {
  /** Folders or files copied in first: path in the repository → where they are now. */
  copies?: Record<string, string>;
  /** Files written next, by path in the repository; `null` deletes one. */
  files?: Record<string, string | Buffer | null>;
  /** Tags put on the commit. */
  tags?: string[];
  /** The commit message; `step <n>` when not given. */
  message?: string;
}

/**
 * Makes `dir` (created when missing) a git repository on branch main whose commits are the
 * history; files already in `dir` go into the first commit. Returns `dir`.
 *
 * @public
 */
export function createGitRepository(
  dir: string,
  history: HistoryStep[],
): string {
  fs.mkdirSync(dir, { recursive: true });
  testGit(dir, 'init', '--quiet');
  for (const [index, step] of history.entries()) {
    for (const [target, source] of Object.entries(step.copies ?? {})) {
      fs.cpSync(source, path.join(dir, target), { recursive: true });
    }
    writeFiles(dir, step.files ?? {});
    commitAll(dir, step.message ?? `step ${index + 1}`);
    for (const tag of step.tags ?? []) {
      testGit(dir, 'tag', tag);
    }
  }
  return dir;
}

/**
 * The history as a bare repository at `bareDir`, as a remote repository is read. Returns
 * `bareDir`.
 *
 * @public
 */
export function createBareRepository(
  bareDir: string,
  history: HistoryStep[],
): string {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'test-repository-'));
  try {
    return cloneBare(createGitRepository(work, history), bareDir);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * A bare clone at `bareDir` of the git repository `dir`, as a remote of it is read. Returns
 * `bareDir`.
 *
 * @public
 */
export function cloneBare(dir: string, bareDir: string): string {
  fs.mkdirSync(path.dirname(bareDir), { recursive: true });
  testGit(dir, 'clone', '--quiet', '--bare', dir, bareDir);
  return bareDir;
}

/**
 * One module of a test platform's manifest. Kind, path and tag pattern have defaults: a
 * Terraform module at `modules/<name>` released as `<name>/v<version>`.
 *
 * @public
 */
export interface TestPlatformModule {
  name: string;
  kind?: string;
  path?: string;
  tagPattern?: string;
  /** Further keys of the module as platform.yaml spells them (support, inputs, deprecations). */
  [key: string]: unknown;
}

/**
 * The platform.yaml of a test platform whose repository is `https://github.com/acme/platform.git`.
 * A module given by name alone takes every default of {@link TestPlatformModule}.
 *
 * @public
 */
export function testPlatformManifest(
  modules: Array<string | TestPlatformModule>,
  options: { name?: string; repository?: string } = {},
): string {
  return yaml.stringify({
    apiVersion: 'platform-portal.io/v1alpha1',
    kind: 'Platform',
    metadata: { name: options.name ?? 'acme-platform' },
    spec: {
      repository: options.repository ?? 'https://github.com/acme/platform.git',
      modules: modules.map(module => {
        const {
          name,
          kind,
          path: modulePath,
          tagPattern,
          ...rest
        } = typeof module === 'string' ? { name: module } : module;
        return {
          name,
          kind: kind ?? 'terraform-module',
          path: modulePath ?? `modules/${name}`,
          tagPattern: tagPattern ?? `${name}/v{version}`,
          ...rest,
        };
      }),
    },
  });
}
