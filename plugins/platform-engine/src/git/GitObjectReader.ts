import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import {
  DEFAULT_GIT_TIMEOUT_MS,
  GitCommandError,
  GitRunOptions,
  gitEnvironment,
} from './git';

/** How long an unused reader keeps its git process before ending it. */
const DEFAULT_IDLE_MS = 1000;

/**
 * An object of the repository as `git cat-file --batch` answers it. `content` is absent when the
 * object is larger than the size the read allowed: its bytes were passed over, not kept.
 */
export interface GitObject {
  /** The object's id, as git answered the name it was asked for. */
  id: string;
  type: string;
  size: number;
  content?: Buffer;
}

/** Options of {@link GitObjectReader}. */
export interface GitObjectReaderOptions
  extends Pick<GitRunOptions, 'env' | 'protocols'> {
  /** Longest wait for one answer before the process is stopped; 300 s by default. */
  timeoutMs?: number;
  /** Time without reads after which the process ends (a later read starts another); 1 s by default. */
  idleMs?: number;
}

interface PendingRead {
  name: string;
  maxSize: number;
  resolve(object: GitObject | undefined): void;
  reject(error: Error): void;
}

/** One running `git cat-file --batch` and what is left of its answer being read. */
interface BatchProcess {
  child: ChildProcessWithoutNullStreams;
  pending: PendingRead[];
  /** Bytes received that do not yet make a whole header. */
  buffered?: Buffer;
  /** The answer being received: the content bytes (and newline) it still needs. */
  current?: {
    object: GitObject;
    /** Undefined when the object is over the read's size: its bytes are passed over. */
    parts?: Buffer[];
    remaining: number;
  };
  stderr: string;
  failure?: GitCommandError;
  answerTimer?: NodeJS.Timeout;
}

/** A name of one line without spaces: git reads each line it is given as one name. */
const OBJECT_NAME = /^[^\s\0]+$/;

/**
 * Reads objects of one repository through a single `git cat-file --batch` process, fed object
 * names and read back in order: reading many files at many commits then costs one process
 * instead of several per commit, and starting a process is what such reads mostly cost. The
 * process starts at the first read, ends after a second without reads or at {@link close}, and
 * never keeps Node.js running while no read waits for it.
 */
export class GitObjectReader {
  private batch?: BatchProcess;
  private idleTimer?: NodeJS.Timeout;

  constructor(
    private readonly gitDir: string,
    private readonly options: GitObjectReaderOptions = {},
  ) {}

  /** The id of the git process reads go to now; undefined while there is none. */
  get processId(): number | undefined {
    return this.batch?.child.pid;
  }

  /**
   * The object `name` names (its id, or e.g. `<commit>^{tree}`), or undefined when the
   * repository does not have it. An object over `maxSize` bytes comes without its content.
   */
  read(
    name: string,
    options: { maxSize?: number } = {},
  ): Promise<GitObject | undefined> {
    if (!OBJECT_NAME.test(name)) {
      return Promise.reject(
        new Error(`"${name}" is not an object name this reader reads`),
      );
    }
    const batch = this.batch ?? this.start();
    clearTimeout(this.idleTimer);
    return new Promise((resolve, reject) => {
      batch.pending.push({
        name,
        maxSize: options.maxSize ?? Infinity,
        resolve,
        reject,
      });
      if (batch.pending.length === 1) {
        holdOpen(batch, true);
        this.awaitAnswer(batch);
      }
      batch.child.stdin.write(`${name}\n`);
    });
  }

  /**
   * Ends the git process. Reads already asked for are still answered, as git answers every
   * name it was given before it sees the end of its input; a later read starts a new process.
   */
  close(): void {
    clearTimeout(this.idleTimer);
    const batch = this.batch;
    if (!batch) {
      return;
    }
    this.batch = undefined;
    batch.child.stdin.end();
  }

  private start(): BatchProcess {
    const child = spawn('git', ['cat-file', '--batch'], {
      cwd: this.gitDir,
      env: gitEnvironment(this.options),
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group, as every git command here: a stop ends all of it.
      detached: true,
    });
    const batch: BatchProcess = { child, pending: [], stderr: '' };
    this.batch = batch;
    child.stdout.on('data', (chunk: Buffer) => this.receive(batch, chunk));
    child.stderr.on('data', chunk => {
      if (batch.stderr.length < 64 * 1024) {
        batch.stderr += chunk;
      }
    });
    // A git that exits early must report its own error, not EPIPE.
    child.stdin.on('error', () => undefined);
    child.on('error', error =>
      this.fail(
        batch,
        new GitCommandError(
          `git cat-file could not start: ${error.message}`,
          batch.stderr,
        ),
      ),
    );
    child.on('close', code => {
      const said = batch.stderr
        .split('\n')
        .map(line => line.trim())
        .filter(line => /^(fatal|error):/.test(line))
        .join(' ');
      this.fail(
        batch,
        batch.failure ??
          new GitCommandError(
            `git cat-file exited with ${code}${said ? `: ${said}` : ''}`,
            batch.stderr,
          ),
      );
    });
    return batch;
  }

  /** Stops the process when its next answer does not come in time. */
  private awaitAnswer(batch: BatchProcess) {
    clearTimeout(batch.answerTimer);
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS;
    batch.answerTimer = setTimeout(() => {
      batch.failure = new GitCommandError(
        `git cat-file did not answer within ${Math.round(timeoutMs / 1000)} s`,
        batch.stderr,
        true,
      );
      try {
        process.kill(-batch.child.pid!, 'SIGKILL');
      } catch {
        batch.child.kill('SIGKILL');
      }
    }, timeoutMs);
  }

  /** Every read still waiting fails with `error`; the next read starts a new process. */
  private fail(batch: BatchProcess, error: Error) {
    if (this.batch === batch) {
      this.batch = undefined;
    }
    clearTimeout(batch.answerTimer);
    for (const read of batch.pending.splice(0)) {
      read.reject(error);
    }
    holdOpen(batch, false);
  }

  /** Takes in git's output: a header line per name, then the content and a newline. */
  private receive(batch: BatchProcess, chunk: Buffer) {
    let data = batch.buffered ? Buffer.concat([batch.buffered, chunk]) : chunk;
    batch.buffered = undefined;
    while (data.length > 0) {
      const current = batch.current;
      if (current) {
        const take = Math.min(current.remaining, data.length);
        current.parts?.push(data.subarray(0, take));
        current.remaining -= take;
        data = data.subarray(take);
        if (current.remaining === 0) {
          batch.current = undefined;
          if (current.parts) {
            // Without the newline git writes after the content.
            current.object.content = Buffer.concat(current.parts).subarray(
              0,
              current.object.size,
            );
          }
          this.answer(batch, current.object);
        }
        continue;
      }
      const newline = data.indexOf(10);
      if (newline === -1) {
        batch.buffered = Buffer.from(data);
        return;
      }
      // `<id> <type> <size>`, or `<name> missing` (also `ambiguous`) without content.
      const [id, type, size] = data
        .subarray(0, newline)
        .toString('utf8')
        .split(' ');
      data = data.subarray(newline + 1);
      if (size === undefined || !/^\d+$/.test(size)) {
        this.answer(batch, undefined);
        continue;
      }
      const object: GitObject = { id, type, size: Number(size) };
      const wanted = object.size <= (batch.pending[0]?.maxSize ?? Infinity);
      batch.current = {
        object,
        parts: wanted ? [] : undefined,
        remaining: object.size + 1,
      };
    }
  }

  private answer(batch: BatchProcess, object: GitObject | undefined) {
    batch.pending.shift()?.resolve(object);
    if (batch.pending.length > 0) {
      this.awaitAnswer(batch);
      return;
    }
    clearTimeout(batch.answerTimer);
    holdOpen(batch, false);
    if (this.batch === batch) {
      this.idleTimer = setTimeout(
        () => this.close(),
        this.options.idleMs ?? DEFAULT_IDLE_MS,
      );
      this.idleTimer.unref();
    }
  }
}

/** Whether the process and its pipes keep Node.js running: only while a read waits. */
function holdOpen(batch: BatchProcess, hold: boolean) {
  // A child process's pipes are sockets, which can be left out of what keeps Node.js running.
  const pipes = [
    batch.child.stdin,
    batch.child.stdout,
    batch.child.stderr,
  ] as unknown as Socket[];
  for (const handle of [batch.child, ...pipes]) {
    if (hold) handle.ref();
    else handle.unref();
  }
}
