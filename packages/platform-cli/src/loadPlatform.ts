import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  redactUrlCredentials,
  ScanProblem,
} from '@internal/plugin-platform-common';
import { PlatformSnapshot, PlatformTag } from '@internal/plugin-platform-node';
import {
  listLocalTags,
  listRemoteTags,
  parsePlatformManifest,
  runGit,
} from '@internal/plugin-platform-engine';
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

async function readRemoteManifest(url: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'platform-scan-'));
  try {
    await runGit([
      'clone',
      '--quiet',
      '--depth',
      '1',
      '--no-checkout',
      '--',
      url,
      dir,
    ]);
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
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * Reads the platform manifest and release tags from a local checkout or a git URL.
 * Throws with a message naming the location when neither works; manifest problems are
 * returned, not thrown, so that valid modules are still used.
 */
export async function loadPlatform(
  location: string,
): Promise<{ snapshot?: PlatformSnapshot; problems: ScanProblem[] }> {
  let text: string;
  let tags: PlatformTag[];
  if (await isDirectory(location)) {
    text = await readManifestFile(location, MANIFEST);
    tags = await listLocalTags(location).catch(() => {
      throw new Error(
        `the platform directory ${location} is not a git repository with tags`,
      );
    });
  } else if (isRemotePlatform(location)) {
    [text, tags] = await Promise.all([
      readRemoteManifest(location),
      listRemoteTags(location),
    ]).catch(error => {
      // git's command line in the message repeats the URL, token and all.
      throw new Error(
        redactUrlCredentials(
          `cannot read the platform repository ${location}: ${error.message}`,
        ),
      );
    });
  } else {
    throw new Error(
      `--platform must be a directory or a git URL (https://, ssh://, git@host:org/repo), not "${redactUrlCredentials(
        location,
      )}"`,
    );
  }
  const { manifest, problems } = parsePlatformManifest(text, MANIFEST);
  return { snapshot: manifest ? { manifest, tags } : undefined, problems };
}
