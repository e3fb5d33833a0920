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
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...execArgv, script, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', chunk => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', code => {
      const line = out.split('\n').find(l => l.startsWith(RESULT));
      if (code !== 0 || !line) {
        reject(new Error(`the ${what} process exited with ${code}:\n${out}`));
      } else {
        resolve(JSON.parse(line.slice(RESULT.length)));
      }
    });
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
