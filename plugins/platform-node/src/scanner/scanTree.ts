import { constants, promises as fs } from 'fs';
import path from 'path';
import { Reference, ScanProblem } from '@internal/plugin-platform-common';
import { ReferenceExtractor } from '../extractors/types';
import {
  DecodeResult,
  decodeText,
  compareStrings,
  describeError,
  formatBytes,
  matchingExtractors,
  runExtractors,
  sortFindings,
} from './extractFile';

/**
 * Progress of {@link scanTree}, reported after each file handed to extractors.
 *
 * @public
 */
export interface ScanTreeProgress {
  /** The file just finished, relative to the root with POSIX separators. */
  file: string;
  filesDone: number;
  filesTotal: number;
}

/**
 * Options of {@link scanTree}.
 *
 * @public
 */
export interface ScanTreeOptions {
  extractors: ReferenceExtractor[];
  /**
   * Called after each file with the number of files done so far; an exception thrown here
   * ends the scan.
   */
  onProgress?: (filesDone: number, progress: ScanTreeProgress) => void;
  /** Largest file read, in bytes; 5 MB unless set. */
  maxFileSize?: number;
  /** Deepest directory nesting walked below the root; 32 unless set. */
  maxDepth?: number;
  /** How many files are read at once; 16 unless set. */
  concurrency?: number;
}

/**
 * What {@link scanTree} found.
 *
 * @public
 */
export interface ScanTreeResult {
  /** Sorted by file, line and column. */
  references: Reference[];
  /** One per file or directory that could not be scanned, sorted by file and line. */
  problems: ScanProblem[];
  /** Files that were read and handed to at least one extractor. */
  filesScanned: number;
}

const SKIPPED_DIRECTORIES = new Set([
  '.git',
  'node_modules',
  '.terraform',
  '.terragrunt-cache',
]);
const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;
const DEFAULT_MAX_DEPTH = 32;
const DEFAULT_CONCURRENCY = 16;
// O_NONBLOCK keeps a FIFO swapped in after the directory listing from blocking the open;
// O_NOFOLLOW keeps a file swapped for a symlink from being followed out of the tree.
const OPEN_FLAGS =
  constants.O_RDONLY |
  (constants.O_NOFOLLOW ?? 0) |
  (constants.O_NONBLOCK ?? 0);

interface Candidate {
  /** Relative POSIX path reported in results. */
  file: string;
  /** Absolute path read, with every symlink already resolved. */
  readPath: string;
  extractors: ReferenceExtractor[];
}

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return (
    relative === '' ||
    (!path.isAbsolute(relative) && relative.split(path.sep)[0] !== '..')
  );
}

type ReadResult = DecodeResult;

async function readText(
  readPath: string,
  maxFileSize: number,
): Promise<ReadResult> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(readPath, OPEN_FLAGS);
    const stat = await handle.stat();
    if (!stat.isFile()) {
      return { problem: 'not a regular file; not scanned' };
    }
    if (stat.size > maxFileSize) {
      return {
        problem: `file is ${formatBytes(
          stat.size,
        )}, over the size limit of ${formatBytes(maxFileSize)}; not scanned`,
      };
    }
    // Read one byte past the limit so a file that grew after stat() is still caught.
    // Only the bytes actually read are used, so the buffer need not be zeroed first.
    const buffer = Buffer.allocUnsafe(Math.min(stat.size, maxFileSize) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(
        buffer,
        length,
        buffer.length - length,
        length,
      );
      if (bytesRead === 0) {
        break;
      }
      length += bytesRead;
    }
    if (length > maxFileSize) {
      return {
        problem: `file is over the size limit of ${formatBytes(
          maxFileSize,
        )}; not scanned`,
      };
    }
    return decodeText(buffer.subarray(0, length), maxFileSize);
  } catch (error) {
    return {
      problem: `file could not be read (${describeError(error)}); not scanned`,
    };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Walks a directory and runs the extractors on every file they match. Unreadable, oversized,
 * binary or non-UTF-8 files, symlinks out of the tree and over-deep directories become
 * problems and the walk goes on. Symlinks to files inside the tree are read at the link's
 * path; symlinks to directories are not descended, as their target is walked where it is.
 *
 * @public
 */
export async function scanTree(
  rootDir: string,
  options: ScanTreeOptions,
): Promise<ScanTreeResult> {
  const {
    extractors,
    onProgress,
    maxFileSize = DEFAULT_MAX_FILE_SIZE,
    maxDepth = DEFAULT_MAX_DEPTH,
    concurrency = DEFAULT_CONCURRENCY,
  } = options;
  const root = await fs.realpath(rootDir);
  if (!(await fs.stat(root)).isDirectory()) {
    throw new Error(`${rootDir} is not a directory`);
  }

  const problems: ScanProblem[] = [];
  const references: Reference[] = [];
  const candidates: Candidate[] = [];

  const matching = (file: string): ReferenceExtractor[] =>
    matchingExtractors(file, extractors, problems);

  const addCandidate = (file: string, readPath: string) => {
    const matched = matching(file);
    if (matched.length > 0) {
      candidates.push({ file, readPath, extractors: matched });
    }
  };

  const followLink = async (file: string, linkPath: string) => {
    let target: string;
    try {
      target = await fs.realpath(linkPath);
    } catch (error) {
      if (matching(file).length > 0) {
        problems.push({
          file,
          message: `symbolic link cannot be resolved (${describeError(
            error,
          )}); not scanned`,
        });
      }
      return;
    }
    if (!isInside(root, target)) {
      problems.push({
        file,
        message: 'symbolic link points outside the scanned tree; not followed',
      });
      return;
    }
    const targetRelative = path.relative(root, target).split(path.sep);
    if (targetRelative.some(part => SKIPPED_DIRECTORIES.has(part))) {
      return;
    }
    try {
      if ((await fs.stat(target)).isFile()) {
        addCandidate(file, target);
      }
    } catch (error) {
      problems.push({
        file,
        message: `symbolic link target cannot be read (${describeError(
          error,
        )}); not scanned`,
      });
    }
  };

  const stack: Array<{ dir: string; rel: string; depth: number }> = [
    { dir: root, rel: '', depth: 0 },
  ];
  while (stack.length > 0) {
    const { dir, rel, depth } = stack.pop()!;
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (rel === '') {
        throw error;
      }
      problems.push({
        file: rel,
        message: `directory could not be read (${describeError(
          error,
        )}); not scanned`,
      });
      continue;
    }
    entries.sort((a, b) => compareStrings(a.name, b.name));
    for (const entry of entries) {
      const file = rel ? `${rel}/${entry.name}` : entry.name;
      const absolute = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (SKIPPED_DIRECTORIES.has(entry.name)) {
          continue;
        }
        if (depth + 1 > maxDepth) {
          problems.push({
            file,
            message: `directory is nested deeper than ${maxDepth} levels; not scanned`,
          });
          continue;
        }
        stack.push({ dir: absolute, rel: file, depth: depth + 1 });
      } else if (entry.isSymbolicLink()) {
        await followLink(file, absolute);
      } else if (entry.isFile()) {
        addCandidate(file, absolute);
      }
    }
  }

  let filesScanned = 0;
  let filesDone = 0;
  const scanFile = async (candidate: Candidate) => {
    const read = await readText(candidate.readPath, maxFileSize);
    if ('problem' in read) {
      problems.push({ file: candidate.file, message: read.problem });
    } else {
      filesScanned += 1;
      runExtractors(
        candidate.file,
        read.content,
        candidate.extractors,
        references,
        problems,
      );
    }
    filesDone += 1;
    onProgress?.(filesDone, {
      file: candidate.file,
      filesDone,
      filesTotal: candidates.length,
    });
  };

  let next = 0;
  const worker = async () => {
    while (next < candidates.length) {
      const candidate = candidates[next];
      next += 1;
      await scanFile(candidate);
    }
  };
  await Promise.all(
    Array.from(
      { length: Math.max(1, Math.min(concurrency, candidates.length)) },
      worker,
    ),
  );

  sortFindings(references, problems);
  return { references, problems, filesScanned };
}
