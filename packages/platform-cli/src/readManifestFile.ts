import { constants, promises as fs, Stats } from 'node:fs';
import path from 'node:path';

/** The largest platform.yaml read: a manifest of hundreds of modules is a few tens of kB. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;

// O_NONBLOCK: opening a FIFO does not wait for a writer. O_NOFOLLOW: a file swapped for a
// symlink after its path was resolved is not followed.
const OPEN_FLAGS =
  constants.O_RDONLY |
  (constants.O_NONBLOCK ?? 0) |
  (constants.O_NOFOLLOW ?? 0);

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException)?.code ?? String(error);
}

function fileKind(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'not a file';
}

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return (
    relative === '' ||
    (!path.isAbsolute(relative) && relative.split(path.sep)[0] !== '..')
  );
}

/** Refuses a manifest over {@link MAX_MANIFEST_BYTES}; `shown` names it as the user gave it. */
export function checkManifestSize(size: number, shown: string): void {
  if (size > MAX_MANIFEST_BYTES) {
    throw new Error(
      `${shown} is ${megabytes(size)}, over the limit of ${megabytes(
        MAX_MANIFEST_BYTES,
      )} for a platform manifest`,
    );
  }
}

const binary = (shown: string) =>
  new Error(`${shown} holds NUL bytes; a platform manifest is YAML text`);

/** Refuses a binary file, which YAML would read as a string full of control characters. */
export function checkManifestText(text: string, shown: string): string {
  if (text.includes('\0')) throw binary(shown);
  return text;
}

function manifestText(bytes: Buffer, shown: string): string {
  // NUL first: a binary file is more likely than text in another encoding.
  if (bytes.includes(0)) throw binary(shown);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error(`${shown} is not UTF-8 text`);
  }
}

/**
 * Reads a manifest from a platform directory: a regular file of at most 1 MB, or a symbolic
 * link to one inside the directory. Errors name the file as `dir` was given.
 */
export async function readManifestFile(
  dir: string,
  name: string,
): Promise<string> {
  const shown = path.join(dir, name);
  const root = await fs.realpath(dir);
  const given = path.join(root, name);
  let target: string;
  try {
    target = await fs.realpath(given);
  } catch (error) {
    const isLink = await fs.lstat(given).then(
      stat => stat.isSymbolicLink(),
      () => false,
    );
    if (isLink) {
      throw new Error(
        `${shown} is a symbolic link that cannot be resolved (${errorCode(
          error,
        )})`,
      );
    }
    if (errorCode(error) === 'ENOENT') {
      throw new Error(`no ${name} in the platform directory ${dir}`);
    }
    throw new Error(`${shown} cannot be read (${errorCode(error)})`);
  }
  if (!isInside(root, target)) {
    throw new Error(
      `${shown} is a symbolic link out of the platform directory; refused`,
    );
  }

  let handle: fs.FileHandle;
  try {
    handle = await fs.open(target, OPEN_FLAGS);
  } catch (error) {
    throw new Error(`${shown} cannot be read (${errorCode(error)})`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      throw new Error(`${shown} is not a regular file (${fileKind(stat)})`);
    }
    checkManifestSize(stat.size, shown);
    // One byte past the limit, to catch a file that grew after stat().
    const buffer = Buffer.alloc(MAX_MANIFEST_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle
        .read(buffer, length, buffer.length - length, length)
        .catch(error => {
          throw new Error(`${shown} cannot be read (${errorCode(error)})`);
        });
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > MAX_MANIFEST_BYTES) {
      throw new Error(
        `${shown} grew over the limit of ${megabytes(
          MAX_MANIFEST_BYTES,
        )} for a platform manifest while it was read`,
      );
    }
    return manifestText(buffer.subarray(0, length), shown);
  } finally {
    await handle.close();
  }
}
