/*
 * What the benches share. Kept free of the backend and the engine, so that a bench's child
 * process loads only what it measures.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';

/** `--name value` and `--name=value` pairs, and `--flag`s. */
export function parseArgs(argv: string[]) {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      throw new Error(`unexpected argument ${arg}`);
    }
    const eq = arg.indexOf('=');
    if (eq > 0) {
      values.set(arg.slice(2, eq), arg.slice(eq + 1));
    } else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
      values.set(arg.slice(2), argv[++i]);
    } else {
      flags.add(arg.slice(2));
    }
  }
  return { flags, values };
}

/** Where bench:scan keeps its corpus of `repos` services, and bench:api reads it. */
export function corpusDir(repos: number, dir?: string): string {
  return path.resolve(
    dir ?? path.join(os.tmpdir(), `platform-scan-bench-${repos}`),
  );
}

/**
 * A knex client as the backend makes it for `client: better-sqlite3` or `client: pg`. `wal` is an
 * experiment, not what the backend does: SQLite in write-ahead-log mode with synchronous=NORMAL.
 */
export function createKnex(options: {
  sqlite?: string;
  pg?: string;
  wal?: boolean;
}): Knex {
  if (options.pg) {
    return knexFactory({ client: 'pg', connection: options.pg });
  }
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: options.sqlite! },
    useNullAsDefault: true,
  });
  // As @backstage/backend-defaults does for every SQLite connection.
  knex.client.pool.on(
    'createSuccess',
    (_id: unknown, connection: { pragma(text: string): unknown }) => {
      connection.pragma('foreign_keys = ON');
      if (options.wal) {
        connection.pragma('journal_mode = WAL');
        connection.pragma('synchronous = NORMAL');
      }
    },
  );
  return knex;
}

/** A seeded random number generator, so that a corpus is the same on every run. */
export function rng(seed: number) {
  let s = (seed * 2654435761) >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const RESULT = 'BENCH_RESULT ';

/** Prints a child's result for {@link runChild} to read. */
export function printResult(result: unknown): void {
  process.stdout.write(`${RESULT}${JSON.stringify(result)}\n`);
}

/** A child node process started by {@link startChild}. */
export interface BenchChild<T> {
  /** Settles with the first line the child printed that `pattern` matches. */
  waitFor(pattern: RegExp): Promise<string>;
  /** Writes a line to the child's standard input. */
  send(line: string): void;
  /** The result it printed with {@link printResult}; rejects with its output when it fails. */
  result: Promise<T>;
}

/**
 * Starts `script` in a new node process with the arguments; `what` names the process in the
 * error when it fails. Its standard input stays open for {@link BenchChild.send}.
 */
export function startChild<T>(
  script: string,
  args: string[],
  what: string,
  execArgv: string[] = process.execArgv,
): BenchChild<T> {
  const child = spawn(process.execPath, [...execArgv, script, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  const waiting: Array<{ pattern: RegExp; resolve: (line: string) => void }> =
    [];
  const lines = () => out.split('\n');
  child.stdout.on('data', chunk => {
    out += chunk;
    for (const waiter of [...waiting]) {
      const line = lines().find(l => waiter.pattern.test(l));
      if (line !== undefined) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const result = new Promise<T>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', code => {
      const line = lines().find(l => l.startsWith(RESULT));
      if (code !== 0 || !line) {
        reject(new Error(`the ${what} process exited with ${code}:\n${out}`));
      } else {
        resolve(JSON.parse(line.slice(RESULT.length)));
      }
    });
  });
  // A child that fails while waited for fails the wait too.
  const failed = result.then(
    () => new Promise<never>(() => undefined),
    error => Promise.reject(error),
  );
  return {
    waitFor: pattern =>
      Promise.race([
        new Promise<string>(resolve => {
          const line = lines().find(l => pattern.test(l));
          if (line !== undefined) {
            resolve(line);
          } else {
            waiting.push({ pattern, resolve });
          }
        }),
        failed,
      ]),
    send: line => {
      child.stdin.write(`${line}\n`);
    },
    result,
  };
}

/**
 * Runs `script` in a new node process with the arguments and answers the result it printed with
 * {@link printResult}; its other output is shown when it fails. `what` names the process in that
 * error.
 */
export function runChild<T>(
  script: string,
  args: string[],
  what: string,
  execArgv: string[] = process.execArgv,
): Promise<T> {
  return startChild<T>(script, args, what, execArgv).result;
}

/** Waits for a line on standard input: the parent's go (see {@link BenchChild.send}). */
export function waitForLine(): Promise<string> {
  return new Promise(resolve => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const end = buffered.indexOf('\n');
      if (end >= 0) {
        process.stdin.off('data', onData);
        process.stdin.pause();
        if (end + 1 < buffered.length) {
          // What came after the line is the next wait's.
          process.stdin.unshift(Buffer.from(buffered.slice(end + 1)));
        }
        resolve(buffered.slice(0, end));
      }
    };
    process.stdin.on('data', onData);
    process.stdin.resume();
  });
}

/**
 * Lays out an empty bare repository at `gitDir` whose HEAD is main, faster than `git init` for
 * thousands of repositories; its objects and refs are written next.
 */
export function initBareRepository(gitDir: string): void {
  for (const dir of [
    'objects/pack',
    'objects/info',
    'refs/heads',
    'refs/tags',
  ]) {
    fs.mkdirSync(path.join(gitDir, dir), { recursive: true });
  }
  fs.writeFileSync(path.join(gitDir, 'HEAD'), 'ref: refs/heads/main\n');
  fs.writeFileSync(
    path.join(gitDir, 'config'),
    '[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = true\n',
  );
}
