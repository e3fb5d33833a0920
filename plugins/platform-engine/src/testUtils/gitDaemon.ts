import { spawn } from 'node:child_process';
import net from 'node:net';
import { freePort } from './freePort';

/**
 * A `git daemon` serving the bare repositories below a folder over `git://127.0.0.1:<port>/`.
 *
 * @public
 */
export interface GitDaemon {
  port: number;
  stop(): void;
}

function accepts(port: number): Promise<boolean> {
  return new Promise<boolean>(resolve => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/**
 * Starts `git daemon` on a free port of 127.0.0.1 for every repository below `basePath`, and
 * waits until it accepts connections. `receivePack` lets clients push.
 *
 * @public
 */
export async function startGitDaemon(
  basePath: string,
  options: { receivePack?: boolean } = {},
): Promise<GitDaemon> {
  const port = await freePort();
  const daemon = spawn(
    'git',
    [
      'daemon',
      '--reuseaddr',
      '--export-all',
      ...(options.receivePack ? ['--enable=receive-pack'] : []),
      '--listen=127.0.0.1',
      `--port=${port}`,
      `--base-path=${basePath}`,
      basePath,
    ],
    { stdio: 'ignore' },
  );
  for (let attempt = 0; attempt < 50 && !(await accepts(port)); attempt++) {
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  return { port, stop: () => daemon.kill() };
}
