import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  PlatformManifest,
  redactUrlCredentials,
  ScanProblem,
} from '@platform-portal/plugin-platform-common';
import {
  PlatformSnapshot,
  PlatformTag,
} from '@platform-portal/plugin-platform-node';
import {
  GitRepositoryHost,
  listLocalTags,
  parsePlatformManifest,
  readLatestXrds,
  RepositoryHosts,
  runGit,
} from '@platform-portal/plugin-platform-engine';
import {
  checkManifestSize,
  checkManifestText,
  readManifestFile,
} from './readManifestFile';

const MANIFEST = 'platform.yaml';

// Only transports that cannot run commands: `ext::` and friends are refused.
const REMOTE_URL =
  /^(?:(?:https?|ssh|git|file):\/\/[^\s]+|[\w.-]+@[\w.-]+:[\w./~-]+)$/;

/** Whether --platform names a remote repository rather than a directory. */
export function isRemotePlatform(location: string): boolean {
  return REMOTE_URL.test(location);
}

async function isDirectory(location: string): Promise<boolean> {
  return fs.stat(location).then(
    s => s.isDirectory(),
    () => false,
  );
}

/**
 * Where the interfaces of the platform's modules are read from: a bare or working git
 * repository on this machine, read in place by the engine's git host.
 */
export interface PlatformRepository {
  url: string;
  hosts: RepositoryHosts;
  /** The platform as the user named it, for messages: `url` may be a temporary clone. */
  location: string;
  /** Ends the git process the releases are read through, if one is kept. */
  close?(): void;
}

/** Reads the releases of a local git directory under `root`, one git process for all. */
function releaseReader(url: string, root: string, location: string) {
  const host = new GitRepositoryHost({ localRoots: [root] });
  return {
    url,
    hosts: new RepositoryHosts([host]),
    location,
    close: () => host.close(),
  };
}

/** A platform as the scan uses it. */
export interface LoadedPlatform {
  snapshot?: PlatformSnapshot;
  problems: ScanProblem[];
  /** Absent when the module interfaces cannot be read; the calls are then not checked. */
  repository?: PlatformRepository;
  /** Removes what loading left on disk (the clone of a remote platform). */
  close(): Promise<void>;
}

/**
 * The engine's git host reads local repositories by a `file://` URL of their git directory,
 * which must end in `.git`: `platform/.git` of a checkout, `platform.git` when bare.
 */
async function localRepository(
  dir: string,
): Promise<PlatformRepository | undefined> {
  const out = await runGit(['rev-parse', '--git-common-dir'], { cwd: dir });
  const gitDir = path.resolve(dir, out.trim());
  if (!gitDir.endsWith('.git')) {
    return undefined;
  }
  return releaseReader(pathToFileURL(gitDir).href, path.dirname(gitDir), dir);
}

/** Whether dir is itself the git directory of a bare repository (`platform.git`). */
async function isBareRepository(dir: string): Promise<boolean> {
  const out = await runGit(
    ['rev-parse', '--is-bare-repository', '--absolute-git-dir'],
    { cwd: dir },
  ).catch(() => '');
  const [bare, gitDir] = out.trim().split('\n');
  return (
    bare === 'true' &&
    gitDir !== undefined &&
    (await fs.realpath(gitDir)) === (await fs.realpath(dir))
  );
}

/** The manifest at HEAD of a bare repository, refused unless it is a small regular file. */
async function readBareManifest(dir: string): Promise<string> {
  // What HEAD holds at the manifest's path: `<mode> <type> <object> <size>\t<path>`.
  const entry = /^(\d+) (\w+) ([0-9a-f]+) +(\d+|-)\t/.exec(
    await runGit(['ls-tree', '--long', 'HEAD', '--', MANIFEST], { cwd: dir }),
  );
  if (!entry) {
    throw new Error(`no ${MANIFEST} in the platform repository`);
  }
  const [, mode, type, object, size] = entry;
  if (mode === '120000') {
    throw new Error(`${MANIFEST} is a symbolic link; refused`);
  }
  if (type !== 'blob') {
    throw new Error(
      `${MANIFEST} is not a regular file (${
        type === 'tree' ? 'a directory' : 'a submodule'
      })`,
    );
  }
  checkManifestSize(Number(size), MANIFEST);
  return checkManifestText(
    await runGit(['cat-file', 'blob', object], { cwd: dir }),
    MANIFEST,
  );
}

/**
 * Clones a remote platform, bare, into a new temporary directory: its manifest, its tags and,
 * at each tag, the files the module interfaces are read from. Removes the directory when the
 * clone or the manifest cannot be read.
 */
async function cloneRemote(
  url: string,
): Promise<{ text: string; tags: PlatformTag[]; dir: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'platform-scan-'));
  try {
    const gitDir = path.join(dir, 'platform.git');
    await runGit(['clone', '--quiet', '--bare', '--', url, gitDir]);
    const [text, tags] = await Promise.all([
      readBareManifest(gitDir),
      listLocalTags(gitDir),
    ]);
    return { text, tags, dir };
  } catch (error) {
    await fs.rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Puts in each XRD link of the manifest the XRD at its module's latest tag, read by the engine
 * as the portal reads it, so that a claim's apiVersion gets the same verdict here. Reads the
 * release, not the manifest again: a link in a platform.yaml not committed yet is read too.
 */
async function readXrds(
  manifest: PlatformManifest,
  tags: PlatformTag[],
  repository: PlatformRepository,
): Promise<ScanProblem[]> {
  const resolved = repository.hosts.resolve(repository.url);
  if (!resolved) {
    return [
      {
        file: MANIFEST,
        message: `the XRDs of the platform's modules are not read: no reader for ${repository.location}`,
      },
    ];
  }
  const problems = await readLatestXrds(
    resolved.host,
    resolved.url,
    manifest,
    tags,
  );
  // The URL is of the git directory read, a temporary clone for a remote platform.
  return problems.map(problem => ({
    ...problem,
    message: problem.message.split(repository.url).join(repository.location),
  }));
}

/**
 * Reads the platform manifest and release tags from a local checkout or a git URL, and says
 * where the module interfaces are read from (a remote platform is cloned for that; `close`
 * removes the clone). Throws with a message naming the location when neither works; manifest
 * problems are returned, not thrown, so that valid modules are still used.
 */
export async function loadPlatform(location: string): Promise<LoadedPlatform> {
  let text: string;
  let tags: PlatformTag[];
  let repository: PlatformRepository | undefined;
  const problems: ScanProblem[] = [];
  let close = async () => {};
  if (await isDirectory(location)) {
    // A bare repository has no files to read: its manifest is the one at HEAD.
    text = (await isBareRepository(location))
      ? await readBareManifest(location)
      : await readManifestFile(location, MANIFEST);
    tags = await listLocalTags(location).catch(() => {
      throw new Error(
        `the platform directory ${location} is not a git repository with tags`,
      );
    });
    repository = await localRepository(location);
    if (!repository) {
      problems.push({
        file: MANIFEST,
        message:
          'module calls are not checked: the git directory of the platform does not end in .git, so its releases cannot be read',
      });
    }
  } else if (isRemotePlatform(location)) {
    const clone = await cloneRemote(location).catch(error => {
      // git's command line in the message repeats the URL, token and all.
      throw new Error(
        redactUrlCredentials(
          `cannot read the platform repository ${location}: ${error.message}`,
        ),
      );
    });
    ({ text, tags } = clone);
    const gitDir = path.join(clone.dir, 'platform.git');
    repository = releaseReader(
      pathToFileURL(gitDir).href,
      clone.dir,
      redactUrlCredentials(location),
    );
    close = () => fs.rm(clone.dir, { recursive: true, force: true });
  } else {
    throw new Error(
      `--platform must be a directory or a git URL (https://, ssh://, git@host:org/repo), not "${redactUrlCredentials(
        location,
      )}"`,
    );
  }
  const parsed = parsePlatformManifest(text, MANIFEST);
  if (parsed.manifest && repository) {
    problems.push(...(await readXrds(parsed.manifest, tags, repository)));
  }
  return {
    snapshot: parsed.manifest ? { manifest: parsed.manifest, tags } : undefined,
    // A manifest problem quotes the value it refuses, a channel URL with credentials too.
    problems: [
      ...parsed.problems.map(problem => ({
        ...problem,
        message: redactUrlCredentials(problem.message),
      })),
      ...problems,
    ],
    repository,
    close: async () => {
      repository?.close?.();
      await close();
    },
  };
}
