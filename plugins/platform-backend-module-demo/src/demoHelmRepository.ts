import { promises as fs } from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';

/** The address the demo services name their chart repository by; read from the local server. */
export const DEMO_CHART_REPOSITORY_URL = 'https://charts.acme.example/';

/** The demo's default port of {@link startDemoHelmRepository}. */
export const DEFAULT_DEMO_HELM_PORT = 7080;

const CONTENT_TYPES: Record<string, string> = {
  '.yaml': 'application/x-yaml; charset=utf-8',
  '.yml': 'application/x-yaml; charset=utf-8',
  '.tgz': 'application/gzip',
  '.json': 'application/json; charset=utf-8',
};

/** A running demo chart repository. */
export interface DemoHelmRepository {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the files of `dir` (the demo's `index.yaml`) read-only over HTTP on the loopback
 * interface, so that the demo's Helm release channels can be read offline. Port 0 picks a free
 * port. When the port is taken the demo goes on without it: the failure is logged and
 * `undefined` returned.
 */
export async function startDemoHelmRepository(options: {
  dir: string;
  port: number;
  logger: LoggerService;
}): Promise<DemoHelmRepository | undefined> {
  const root = path.resolve(options.dir);
  const server = http.createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(
        new URL(req.url ?? '/', 'http://localhost').pathname,
      );
    } catch {
      res.writeHead(400).end();
      return;
    }
    // Only plain files directly in or below the served folder; no dot files, no way out.
    const file = path.resolve(root, `.${pathname}`);
    if (
      !file.startsWith(`${root}${path.sep}`) ||
      pathname.split('/').some(part => part.startsWith('.'))
    ) {
      res.writeHead(404).end();
      return;
    }
    try {
      const stat = await fs.lstat(file);
      if (!stat.isFile()) {
        throw new Error('not a file');
      }
      const body = await fs.readFile(file);
      res.writeHead(200, {
        'Content-Type':
          CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Content-Length': body.length,
        'Last-Modified': stat.mtime.toUTCString(),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
    }
  });

  const listening = await new Promise<boolean>(resolve => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      options.logger.warn(
        `The demo Helm chart repository could not listen on port ${
          options.port
        } (${
          error.code ?? error.message
        }); the demo goes on without it, and its Helm channels read whatever answers there`,
      );
      resolve(false);
    });
    server.listen(options.port, '127.0.0.1', () => resolve(true));
  });
  if (!listening) {
    return undefined;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/`;
  options.logger.info(`Serving the demo Helm chart repository at ${url}`);
  return {
    url,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
