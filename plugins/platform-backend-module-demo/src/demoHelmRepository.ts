import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { LoggerService } from '@backstage/backend-plugin-api';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { listenOnLoopback, LoopbackServer } from './listenOnLoopback';

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

type ChartEntry = Record<string, unknown> & { name: string; urls?: string[] };

/** The chart packages `index.yaml` lists, by the file name its `urls` give. */
async function listedPackages(root: string): Promise<Map<string, ChartEntry>> {
  const packages = new Map<string, ChartEntry>();
  try {
    const index = parseYaml(
      await fs.readFile(path.join(root, 'index.yaml'), 'utf8'),
    );
    for (const entries of Object.values(index?.entries ?? {})) {
      for (const entry of entries as ChartEntry[]) {
        for (const url of entry.urls ?? []) {
          if (!url.includes('/')) packages.set(url, entry);
        }
      }
    }
  } catch {
    // No index, no packages: the server answers 404 for them as for any missing file.
  }
  return packages;
}

/**
 * A chart package for an index entry. The demo keeps no archives in git, so each listed one is
 * made when asked for: its Chart.yaml, from the entry, is what Helm reads of a package.
 */
async function chartPackage(entry: ChartEntry): Promise<Buffer> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'demo-chart-'));
  try {
    await fs.mkdir(path.join(dir, 'chart', entry.name), { recursive: true });
    const { urls: _urls, created: _created, digest: _digest, ...chart } = entry;
    await fs.writeFile(
      path.join(dir, 'chart', entry.name, 'Chart.yaml'),
      stringifyYaml(chart),
    );
    const archive = path.join(dir, 'chart.tgz');
    await promisify(execFile)('tar', [
      '-czf',
      archive,
      '-C',
      path.join(dir, 'chart'),
      entry.name,
    ]);
    return await fs.readFile(archive);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** A running demo chart repository. */
export type DemoHelmRepository = LoopbackServer;

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
  const packages = await listedPackages(root);
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
      const entry = packages.get(pathname.slice(1));
      if (!entry) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
        return;
      }
      try {
        const body = await chartPackage(entry);
        res.writeHead(200, {
          'Content-Type': CONTENT_TYPES['.tgz'],
          'Content-Length': body.length,
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      } catch {
        res.writeHead(500).end();
      }
    }
  });

  return listenOnLoopback(server, {
    port: options.port,
    logger: options.logger,
    name: 'demo Helm chart repository',
  });
}
