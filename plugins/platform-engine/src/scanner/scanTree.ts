import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  promises as fs,
  readdirSync,
  readSync,
} from 'fs';
import path from 'path';
import {
  Reference,
  ScanProblem,
} from '@platform-portal/plugin-platform-common';
import { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
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
import { BatchClaims } from './batchClaims';
import { hasStart, startOf } from './extractorStart';
import {
  markForTreePasses,
  mergePassMarks,
  PassMarks,
  runTreePasses,
} from './treePasses/treePass';

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
  /**
   * Reads and extracts the files somewhere else, e.g. in worker threads; this thread then only
   * walks the tree. Without one, or for a tree of up to 2,048 files, files are read and
   * extracted here, one at a time.
   */
  pool?: FileScanPool;
}

/**
 * A file {@link scanTree} found for extractors: where to read it and which extractors, by id,
 * match its path.
 *
 * @public
 */
export interface FileScanTask {
  /** Relative POSIX path reported in results. */
  file: string;
  /** Absolute path read, with every symlink already resolved. */
  readPath: string;
  extractorIds: string[];
}

/**
 * Reads and extracts batches of files for {@link scanTree}, in parallel with each other; a pool
 * of worker threads calls {@link scanFileTasks} in each worker.
 *
 * @public
 */
export interface FileScanPool {
  /** Batches it works on at once; the others wait in {@link scanTree}, which takes some itself. */
  readonly capacity: number;
  /**
   * Reads and extracts a batch. With `claims`, it reads only the tasks it takes from them (as
   * {@link scanFileTasks} does, given them): {@link scanTree} reads the others itself.
   */
  scan(
    tasks: FileScanTask[],
    options: { maxFileSize: number; claims?: SharedArrayBuffer },
  ): Promise<ScanTreeResult>;
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
  /**
   * Files an extractor's tree pass starts from, by extractor id, as the pass marked them while
   * they were extracted (in a worker thread too).
   */
  passMarks?: PassMarks;
}

const SKIPPED_DIRECTORIES = new Set([
  '.git',
  'node_modules',
  '.terraform',
  '.terragrunt-cache',
]);
const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;
const DEFAULT_MAX_DEPTH = 32;
/** Files read and extracted between two turns of the event loop. */
const FILES_PER_TURN = 32;
/** Directories listed between two turns of the event loop. */
const DIRECTORIES_PER_TURN = 64;
/** Files per batch handed to a pool: enough to outweigh a message, few enough to share out. */
const FILES_PER_BATCH = 128;
/** Files of the smallest batch handed to a pool, near the end of a scan. */
const FILES_PER_LAST_BATCH = 8;
/**
 * Files a tree must have before a pool is used: below it, reading them here is done before
 * workers have started (about 0.5 s each, which 2,000 small files take to read and parse). The
 * pool starts its workers only then: started earlier on a guess, they cost a tree that stays
 * under it (most repositories) their start and memory for nothing.
 */
const POOL_THRESHOLD = 2048;
// O_NONBLOCK keeps a FIFO swapped in after the directory listing from blocking the open;
// O_NOFOLLOW keeps a file swapped for a symlink from being followed out of the tree.
const OPEN_FLAGS =
  constants.O_RDONLY |
  (constants.O_NOFOLLOW ?? 0) |
  (constants.O_NONBLOCK ?? 0);

const NOT_REGULAR = 'not a regular file; not scanned';

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

/**
 * Reads a file as text. Synchronously: reading a small local file takes microseconds, where the
 * promise API's open, stat, read and close each waited for a thread-pool round trip, and reading
 * 12,800 files cost more than parsing them. The caller yields to the event loop between files.
 */
function readText(readPath: string, maxFileSize: number): DecodeResult {
  let fd: number | undefined;
  try {
    fd = openSync(readPath, OPEN_FLAGS);
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      return { problem: NOT_REGULAR };
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
      const bytesRead = readSync(
        fd,
        buffer,
        length,
        buffer.length - length,
        length,
      );
      if (bytesRead === 0) {
        break;
      }
      length += bytesRead;
      // The whole file as stat() saw it: asking again only to hear "end of file" costs a call
      // per file. At the size limit the extra byte is still read, to catch a file that grew.
      if (length === stat.size && stat.size < maxFileSize) {
        break;
      }
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
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // Nothing was written: a failed close loses nothing.
      }
    }
  }
}

/** Reads one file and runs its extractors, collecting into the result. */
function scanFile(
  file: string,
  readPath: string,
  extractors: ReferenceExtractor[],
  maxFileSize: number,
  result: ScanTreeResult,
): void {
  const read = readText(readPath, maxFileSize);
  if ('problem' in read) {
    result.problems.push({ file, message: read.problem });
    return;
  }
  result.filesScanned += 1;
  runExtractors(
    file,
    read.content,
    extractors,
    result.references,
    result.problems,
  );
  markForTreePasses(file, read.content, extractors, (result.passMarks ??= {}));
}

/**
 * Reads and extracts files synchronously, with the extractors their tasks name: what a
 * {@link FileScanPool}'s worker calls. Unsorted; an extractor id it does not have becomes a
 * problem of that file. With `claims` (a {@link BatchClaims} buffer), only the tasks it takes
 * from their front, one at a time, until none is left.
 *
 * @public
 */
export function scanFileTasks(
  tasks: FileScanTask[],
  extractors: ReferenceExtractor[],
  options: { maxFileSize?: number; claims?: SharedArrayBuffer } = {},
): ScanTreeResult {
  const byId = new Map(extractors.map(extractor => [extractor.id, extractor]));
  const result: ScanTreeResult = {
    references: [],
    problems: [],
    filesScanned: 0,
  };
  const claims = options.claims && new BatchClaims(options.claims);
  for (
    let index = claims ? claims.takeFirst() : 0;
    index !== undefined && index < tasks.length;
    index = claims ? claims.takeFirst() : index + 1
  ) {
    const task = tasks[index];
    const matched: ReferenceExtractor[] = [];
    for (const id of task.extractorIds) {
      const extractor = byId.get(id);
      if (extractor) {
        matched.push(extractor);
      } else {
        result.problems.push({
          file: task.file,
          message: `extractor "${id}" is not available where the file is read; not scanned by it`,
        });
      }
    }
    scanFile(
      task.file,
      task.readPath,
      matched,
      options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
      result,
    );
  }
  return result;
}

/**
 * Walks a directory and runs the extractors on every file they match. Unreadable, oversized,
 * binary or non-UTF-8 files, FIFOs, sockets and devices (or links to them), symlinks out of the
 * tree and over-deep directories become problems and the walk goes on. Symlinks to files inside the tree are read at the link's
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
    pool,
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

  // Extractors with something to load first (see withStart): started when the walk finds the
  // first file they match, waited for before this thread reads one.
  const notStarted = new Set(extractors.filter(hasStart));
  const starting = new Map<ReferenceExtractor, Promise<void>>();

  const passMarks: PassMarks = {};
  const result: ScanTreeResult = {
    references,
    problems,
    filesScanned: 0,
    passMarks,
  };
  let filesDone = 0;
  const done = (count: number, last: Candidate) => {
    filesDone += count;
    onProgress?.(filesDone, {
      file: last.file,
      filesDone,
      filesTotal: candidates.length,
    });
  };

  // With a pool, batches go out from the front of the candidates while the walk goes on, once
  // the tree has more than POOL_THRESHOLD files; a smaller tree is read here. After the walk this
  // thread reads from the back, and the batches shrink with what is left, so that the pool is
  // not still reading a full batch long after this thread has run out of files.
  const answers: Array<Promise<void>> = [];
  /** Candidates before it have gone to the pool. */
  let front = 0;
  /** Candidates from it on have been read here; the walk's end until then. */
  let back = Infinity;
  let inPool = 0;
  /** The batches the pool holds, with the files taken back from each to be read here. */
  const held = new Set<{
    batch: Candidate[];
    claims: BatchClaims;
    takenBack: number;
  }>();
  const nextBatchSize = () => {
    const left = Math.min(back, candidates.length) - front;
    if (back === Infinity) {
      // The walk goes on: how many files are left is not known yet.
      return left >= FILES_PER_BATCH ? FILES_PER_BATCH : 0;
    }
    // Room for every batch the pool holds and as many again, so that the last are small.
    const share = Math.ceil(left / (2 * (pool!.capacity + 1)));
    return Math.min(
      left,
      Math.max(FILES_PER_LAST_BATCH, Math.min(FILES_PER_BATCH, share)),
    );
  };
  // Declared, not assigned: sending a batch fills the pool again when it is answered.
  function fillPool() {
    for (
      let size = nextBatchSize();
      size > 0 && inPool < pool!.capacity;
      size = nextBatchSize()
    ) {
      sendBatch(candidates.slice(front, front + size));
      front += size;
    }
  }
  function sendBatch(batch: Candidate[]) {
    inPool += 1;
    const sent = {
      batch,
      claims: BatchClaims.create(batch.length),
      takenBack: 0,
    };
    held.add(sent);
    const answered = pool!
      .scan(
        batch.map(candidate => ({
          file: candidate.file,
          readPath: candidate.readPath,
          extractorIds: candidate.extractors.map(extractor => extractor.id),
        })),
        { maxFileSize, claims: sent.claims.buffer },
      )
      .then(answer => {
        // Loops rather than push(...spread): huge results would overflow the argument list.
        for (const reference of answer.references) {
          references.push(reference);
        }
        for (const problem of answer.problems) {
          problems.push(problem);
        }
        result.filesScanned += answer.filesScanned;
        mergePassMarks((result.passMarks ??= {}), answer.passMarks);
        // The pool has read every file of the batch but those taken back, which come last.
        const read = batch.length - sent.takenBack;
        if (read > 0) {
          done(read, batch[read - 1]);
        }
      })
      .finally(() => {
        held.delete(sent);
        inPool -= 1;
        fillPool();
      });
    // Awaited at the end; a failure meanwhile is not an unhandled rejection.
    answered.catch(() => undefined);
    answers.push(answered);
  }

  const addCandidate = (file: string, readPath: string) => {
    const matched = matching(file);
    if (notStarted.size > 0) {
      for (const extractor of matched) {
        if (notStarted.delete(extractor)) {
          starting.set(extractor, startOf(extractor)!);
        }
      }
    }
    if (matched.length > 0) {
      candidates.push({ file, readPath, extractors: matched });
      if (pool && candidates.length > POOL_THRESHOLD) {
        fillPool();
      }
    }
  };

  // Decided from the listing or stat, never by opening: opening a FIFO can wait for a writer.
  const reportNotRegular = (file: string) => {
    if (matching(file).length > 0) {
      problems.push({ file, message: NOT_REGULAR });
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
      const stat = await fs.stat(target);
      if (stat.isFile()) {
        addCandidate(file, target);
      } else if (!stat.isDirectory()) {
        reportNotRegular(file);
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
  let listed = 0;
  while (stack.length > 0) {
    const { dir, rel, depth } = stack.pop()!;
    if (++listed % DIRECTORIES_PER_TURN === 0) {
      await new Promise(resolve => setImmediate(resolve));
    }
    let entries;
    try {
      // Synchronously, for the reason readText gives: a listing's thread-pool round trip cost
      // more than the listing, and a tree of 1,000 repositories has 25,000 directories.
      entries = readdirSync(dir, { withFileTypes: true });
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
    // Joined by hand: an entry's name holds no separator and the directory is already
    // normalised, and path.join for each of a large tree's entries cost more than its listing's
    // sort. Most entries (sources, docs) match no extractor and need no absolute path at all.
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
    for (const entry of entries) {
      const file = rel ? `${rel}/${entry.name}` : entry.name;
      const absolute = prefix + entry.name;
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
      } else {
        reportNotRegular(file);
      }
    }
  }

  /** Waits for what the extractors load first, if they have not loaded it yet. */
  const started = async (matched: ReferenceExtractor[]) => {
    for (const extractor of matched) {
      const start = starting.get(extractor);
      if (start) {
        await start;
        starting.delete(extractor);
      }
    }
  };

  /** Reads and extracts files in this thread, letting other work in between. */
  const scanHere = async (files: Candidate[]) => {
    for (let i = 0; i < files.length; i++) {
      const candidate = files[i];
      if (starting.size > 0) {
        await started(candidate.extractors);
      }
      scanFile(
        candidate.file,
        candidate.readPath,
        candidate.extractors,
        maxFileSize,
        result,
      );
      done(1, candidate);
      if ((i + 1) % FILES_PER_TURN === 0 || i === files.length - 1) {
        // Other work of the process (a backend's requests, the pool's answers) goes on.
        await new Promise(resolve => setImmediate(resolve));
      }
    }
  };

  if (front > 0) {
    back = candidates.length;
    fillPool();
    // This thread reads from the back, while the pool takes batches from the front as it has
    // room. It hears the pool's answers only between turns, so a turn is no longer than the
    // pool's next batch: a worker done with its batches does not wait long for the next.
    while (back > front) {
      const from = Math.max(
        front,
        back - Math.min(FILES_PER_TURN, nextBatchSize()),
      );
      const files = candidates.slice(from, back);
      back = from;
      await scanHere(files);
    }
    // Out of files, this thread takes back the last file the pool has not started of each batch
    // it holds, in turn, rather than wait while a worker reads a batch that was sized for files
    // cheaper than its own (a batch of Terraform files, while this thread read small YAML files).
    for (let more = true; more; ) {
      more = false;
      for (const sent of held) {
        const index = sent.claims.takeLast();
        if (index !== undefined) {
          sent.takenBack += 1;
          more = true;
          await scanHere([sent.batch[index]]);
        }
      }
    }
    await Promise.all(answers);
  } else {
    await scanHere(candidates);
  }

  // Terragrunt includes and in-tree XRDs need other files of the tree than the one extracted, and
  // an extractor whose files were all read by the pool may need here what it loaded; one that
  // failed to load fails the scan.
  await Promise.all(starting.values());
  const readPaths = new Map(candidates.map(c => [c.file, c.readPath]));
  runTreePasses(
    extractors,
    [...readPaths.keys()],
    file => readText(readPaths.get(file)!, maxFileSize),
    result,
    passMarks,
  );
  sortFindings(references, problems);
  // What the passes were told stays with the scan: callers see the findings alone.
  delete result.passMarks;
  return result;
}
