import { spawn } from 'node:child_process';
import { PlatformTag } from '@platform-portal/plugin-platform-node';

/** Time one git command may take, all of it; a hung remote must not hold a scan forever. */
export const DEFAULT_GIT_TIMEOUT_MS = 300_000;
/** An HTTP transfer slower than this many bytes a second ... */
const LOW_SPEED_LIMIT = 1000;
/** ... for this many seconds is given up (git's http.lowSpeedLimit and http.lowSpeedTime). */
export const DEFAULT_GIT_LOW_SPEED_SECONDS = 20;
/** Transports git may use unless the caller names fewer: never `ext::` or `fd::`. */
const DEFAULT_PROTOCOLS = ['file', 'https', 'ssh', 'git', 'http'];
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

/**
 * Options of {@link runGit}.
 *
 * @public
 */
export interface GitRunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Bytes written to git's standard input. */
  input?: string;
  /** The whole command's time limit; {@link DEFAULT_GIT_TIMEOUT_MS} by default. */
  timeoutMs?: number;
  /** Seconds an HTTP transfer may stay under 1 kB/s before git gives up; 20 by default. */
  lowSpeedSeconds?: number;
  /** The transports git may use (`GIT_ALLOW_PROTOCOL`); file, https, ssh, git and http by default. */
  protocols?: string[];
  /** git configuration for this command (`-c` without the command line, where others can read it). */
  config?: Record<string, string>;
  /** Most bytes of output kept; the command is stopped past it. 256 MiB by default. */
  maxOutputBytes?: number;
}

/**
 * Error of a git command that failed, with what git wrote to standard error.
 *
 * @public
 */
export class GitCommandError extends Error {
  readonly name = 'GitCommandError';
  constructor(
    message: string,
    readonly stderr: string,
    readonly timedOut = false,
  ) {
    super(message);
  }
}

/** The environment git runs in: no prompts, only the allowed transports, the configuration given. */
export function gitEnvironment(options: GitRunOptions): NodeJS.ProcessEnv {
  const config: Record<string, string> = {
    // A remote that answers with a redirect could send git to a host nobody allowed.
    'http.followRedirects': 'false',
    'http.lowSpeedLimit': String(LOW_SPEED_LIMIT),
    'http.lowSpeedTime': String(
      options.lowSpeedSeconds ?? DEFAULT_GIT_LOW_SPEED_SECONDS,
    ),
    ...options.config,
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_ALLOW_PROTOCOL: (options.protocols ?? DEFAULT_PROTOCOLS).join(':'),
    // ssh must neither ask for anything nor wait on a silent server.
    GIT_SSH_COMMAND:
      process.env.GIT_SSH_COMMAND ??
      'ssh -o BatchMode=yes -o ConnectTimeout=15 -o ServerAliveInterval=10 -o ServerAliveCountMax=2',
    ...options.env,
  };
  const entries = Object.entries(config);
  env.GIT_CONFIG_COUNT = String(entries.length);
  entries.forEach(([key, value], index) => {
    env[`GIT_CONFIG_KEY_${index}`] = key;
    env[`GIT_CONFIG_VALUE_${index}`] = value;
  });
  return env;
}

/**
 * Runs git without a shell and without prompting; resolves to its standard output as bytes.
 * The command is killed when it runs over its time limit.
 *
 * @public
 */
export function runGitBuffer(
  args: string[],
  options: GitRunOptions = {},
): Promise<Buffer> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS;
  const maxOutputBytes = options.maxOutputBytes ?? MAX_OUTPUT_BYTES;
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: options.cwd,
      env: gitEnvironment(options),
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group, so that a stop also ends the transport helpers git starts
      // (git-remote-http, ssh), which would otherwise hold the pipes open.
      detached: true,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let failure: GitCommandError | undefined;
    const stop = (error: GitCommandError) => {
      failure ??= error;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(
      () =>
        stop(
          new GitCommandError(
            `git ${args[0]} did not finish within ${Math.round(
              timeoutMs / 1000,
            )} s`,
            stderr,
            true,
          ),
        ),
      timeoutMs,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxOutputBytes) {
        stop(
          new GitCommandError(
            `git ${args[0]} wrote more than ${maxOutputBytes} bytes`,
            stderr,
          ),
        );
        return;
      }
      chunks.push(chunk);
    });
    child.stderr.on('data', chunk => {
      if (stderr.length < 64 * 1024) {
        stderr += chunk;
      }
    });
    child.on('error', error => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', code => {
      clearTimeout(timer);
      if (failure) {
        reject(failure);
      } else if (code === 0) {
        resolve(Buffer.concat(chunks));
      } else {
        const said = stderr
          .split('\n')
          .map(line => line.trim())
          .filter(line => /^(fatal|error):/.test(line))
          .join(' ');
        reject(
          new GitCommandError(
            `git ${args[0]} exited with ${code}${said ? `: ${said}` : ''}`,
            stderr,
          ),
        );
      }
    });
    // A git that exits before reading its input must report its own error, not EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/**
 * Runs git without a shell and without prompting; resolves to its standard output.
 *
 * @public
 */
export async function runGit(
  args: string[],
  options: GitRunOptions = {},
): Promise<string> {
  return (await runGitBuffer(args, options)).toString('utf8');
}

/** The longest tag message kept; release notes, not a place to store files. */
const MAX_TAG_MESSAGE_CHARS = 16_000;

/** The fields `listLocalTags` asks `git for-each-ref` for, in this order. */
const LOCAL_TAG_FIELDS = [
  'refname:strip=2',
  'objecttype',
  'objectname',
  '*objectname',
  // The tagger's date of an annotated tag, the committer's date of a lightweight one.
  'creatordate:iso-strict',
  'contents:subject',
  'contents:body',
];

function tagMessage(subject: string, body: string): string | undefined {
  const message = [subject.trim(), body.trim()].filter(Boolean).join('\n\n');
  if (!message) {
    return undefined;
  }
  return message.length > MAX_TAG_MESSAGE_CHARS
    ? `${message.slice(0, MAX_TAG_MESSAGE_CHARS)}…`
    : message;
}

/**
 * Tags of a local repository (a checkout or a bare repository), annotated tags peeled, each with
 * its date and, for an annotated tag, its message (signature left out).
 *
 * @public
 */
export async function listLocalTags(
  dir: string,
  options: Omit<GitRunOptions, 'cwd' | 'input'> = {},
): Promise<PlatformTag[]> {
  // Every field ends with NUL, which no ref name, date or message holds; git ends each tag's
  // record with a newline, which therefore starts the next tag's first field.
  const out = await runGit(
    [
      'for-each-ref',
      `--format=${LOCAL_TAG_FIELDS.map(field => `%(${field})%00`).join('')}`,
      'refs/tags',
    ],
    { ...options, cwd: dir },
  );
  const fields = out.split('\0');
  const tags: PlatformTag[] = [];
  for (
    let i = 0;
    i + LOCAL_TAG_FIELDS.length <= fields.length;
    i += LOCAL_TAG_FIELDS.length
  ) {
    const [name, type, object, peeled, date, subject, body] = fields
      .slice(i, i + LOCAL_TAG_FIELDS.length)
      .map((field, index) => (index === 0 ? field.replace(/^\n/, '') : field));
    const time = Date.parse(date);
    const message = type === 'tag' ? tagMessage(subject, body) : undefined;
    tags.push({
      name,
      commit: peeled || object,
      ...(!Number.isNaN(time) && { date: new Date(time).toISOString() }),
      ...(message && { message }),
    });
  }
  return tags;
}

/**
 * Tags of a remote repository, from `git ls-remote` (no clone needed), annotated tags peeled.
 *
 * @public
 */
export async function listRemoteTags(
  url: string,
  options: Omit<GitRunOptions, 'cwd' | 'input'> = {},
): Promise<PlatformTag[]> {
  const out = await runGit(['ls-remote', '--tags', '--', url], options);
  const tags = new Map<string, string>();
  for (const line of out.split('\n').filter(Boolean)) {
    const [sha, ref] = line.split('\t');
    const name = ref.replace(/^refs\/tags\//, '');
    if (name.endsWith('^{}')) {
      tags.set(name.slice(0, -3), sha); // the peeled commit wins over the tag object
    } else if (!tags.has(name)) {
      tags.set(name, sha);
    }
  }
  return [...tags].map(([name, commit]) => ({ name, commit }));
}
