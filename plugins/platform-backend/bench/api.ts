/* eslint-disable no-console */
/*
 * yarn bench:api [--repos N] [--dir DIR] [--db FILE | --pg URL] [--duration S] [--connections C]
 *                [--warmup S] [--timeout S] [--seed N] [--cpu-prof DIR] [--sql-stats]
 *                [--without GROUP,…] [--probe N [--answers FILE]]
 *
 * Serves the real router as plugin.ts does (createRouter: OpenAPI validation; the stores of
 * createPlatformStores, the report from DriftReportService's in-memory index, built before the
 * load) on the database bench:scan made, in an express app on a free loopback port, and loads it
 * with autocannon: C (default 50) connections for S (default 15) seconds, after a warm-up of 3
 * seconds, with a weighted mix of what the drift pages ask: /drift pages with and without
 * filters, text search and sorting, /summary, /facets, /trends,
 * /modules/<m>/adoption?servicesPerVersion=50 (as the module page asks) and
 * /entities/component/default/<name>. Every request is drawn afresh from a large space (any of
 * the services, filter combinations, pages deep into the table, search text as typed), so most
 * are asked for the first time; the report says how many SQL statements reached the database
 * during the load.
 * Prints p50/p95/p99 latency, requests/s, mean answer size, non-2xx responses and errors per
 * route group and overall, the server's CPU per answer and its peak RSS, and each group's time in
 * the server per answer with the share of the server's time spent in answers that held its event
 * loop long (every client queued behind such an answer waits for it); --sql-stats adds the
 * time per SQL statement. --without leaves groups out of the mix (the others keep their
 * weights), to see what the rest costs without them. A request
 * unanswered after --timeout seconds (default 60, autocannon's own default is 10) counts as a
 * timeout and is sent again; latencies are measured to the answer.
 * --probe N asks instead N requests of the mix one at a time and lists the slowest with their
 * paths and the share of the time spent in the slow ones (a request that takes long alone holds
 * every client under load), then times `/summary`
 * after the report's check interval passed without a read (cold: as the report page asks it
 * after a pause). With --answers FILE, the probe writes each path and its answer to FILE, one JSON
 * line each, to compare the answers of two versions of the server.
 *
 * The database is the SQLite file of `yarn bench:scan --repos N` (<tmp>/platform-scan-bench-N/
 * drift.sqlite, or --db FILE); when it is missing, bench:scan runs first. With --pg URL the
 * PostgreSQL database a `bench:scan --pg URL` filled is served instead.
 *
 * The server runs in a child process (this file with --serve), so that autocannon's own work does
 * not share its event loop; both share the machine's cores. Auth is mockServices.httpAuth() from
 * @backstage/backend-test-utils and every request carries the mock user token
 * (`Authorization: Bearer mock-user-token`), so requests take the user-credentials path; a real
 * backend verifies a signed token instead, and adds its own middleware (helmet, compression,
 * request logging), which this does not. Run as bench:scan is (see scan.ts): node with the
 * @swc/core require hook of the backstage-cli.
 */
import { fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { NotAllowedError } from '@backstage/errors';
// @ts-expect-error: autocannon ships no type declarations (bench/ is outside the repo's tsc run)
import autocannon from 'autocannon';
import express from 'express';
import {
  ModuleInterfaceReader,
  RepositoryHosts,
} from '@platform-portal/plugin-platform-engine';
import { ModuleInterfaceService } from '../src/interfaces/ModuleInterfaceService';
import { createRouter } from '../src/router';
import { createPlatformStores } from '../src/store';
import { corpusDir, createKnex, parseArgs } from './benchKit';

const BASE = '/api/platform';
/** As the module page asks: the first services of each version, and the counts of all. */
const ADOPTION_SERVICES_PER_VERSION = 50;

// The server process

async function serve(options: {
  sqlite?: string;
  pg?: string;
  sqlStats?: boolean;
}) {
  const knex = createKnex(options);
  // With --sql-stats: time per SQL statement (its first 100 characters), from knex's events.
  const started = new Map<string, bigint>();
  const sql = new Map<string, { count: number; ms: number }>();
  if (options.sqlStats) {
    knex.on('query', (data: { __knexQueryUid: string }) => {
      started.set(data.__knexQueryUid, process.hrtime.bigint());
    });
    knex.on(
      'query-response',
      (_response: unknown, data: { __knexQueryUid: string; sql: string }) => {
        const start = started.get(data.__knexQueryUid);
        if (start !== undefined) {
          started.delete(data.__knexQueryUid);
          const key = data.sql.replace(/\s+/g, ' ').slice(0, 100);
          const entry = sql.get(key) ?? { count: 0, ms: 0 };
          entry.count += 1;
          entry.ms += Number(process.hrtime.bigint() - start) / 1e6;
          sql.set(key, entry);
        }
      },
    );
  }
  const { scanRuns, report } = await createPlatformStores({
    database: { getClient: async () => knex },
  });
  // SQL statements that reach the database, by kind and table.
  const statements = new Map<string, number>();
  knex.on('query', (data: { sql: string }) => {
    const match =
      /^\s*(select|insert|update|delete)\b.*?\b(?:from|into|update)\s+[`"]?(\w+)/i.exec(
        data.sql,
      );
    const kind = match
      ? `${match[1].toLowerCase()} ${match[2]}`
      : data.sql.slice(0, 20);
    statements.set(kind, (statements.get(kind) ?? 0) + 1);
  });
  // As a running backend has it: the report is read before the load starts.
  const start = process.hrtime.bigint();
  await report.getFacets();
  const indexMs = Number(process.hrtime.bigint() - start) / 1e6;
  let stopping = false;
  const logger: LoggerService = {
    error: message => {
      if (!stopping) {
        console.error(`server error: ${message}`);
      }
    },
    warn: () => undefined,
    info: () => undefined,
    debug: () => undefined,
    child: () => logger,
  };
  const router = await createRouter({
    httpAuth: mockServices.httpAuth(),
    permissions: mockServices.permissions(),
    report,
    scanRuns,
    scanner: {
      start: async () => {
        throw new NotAllowedError('no scans in the API benchmark');
      },
      findService: async () => undefined,
    },
    // The benchmark serves the report only: no platform, so no interfaces.
    interfaces: new ModuleInterfaceService({
      reader: new ModuleInterfaceReader({ hosts: new RepositoryHosts([]) }),
      platforms: async () => [],
    }),
  });
  const app = express();
  // Each answer's time in the server, from routing to the last byte handed to the socket: how
  // long it held the event loop, but for an answer that waits for the database (trends), whose
  // wait counts too.
  const served: Array<{ path: string; ms: number }> = [];
  app.use((req, res, next) => {
    const routed = process.hrtime.bigint();
    res.once('finish', () => {
      served.push({
        path: req.originalUrl,
        ms: Number(process.hrtime.bigint() - routed) / 1e6,
      });
    });
    next();
  });
  app.use(BASE, router);
  app.use(
    MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger,
    }).error(),
  );
  const server = app.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.send!({ type: 'listening', port, indexMs });
  });
  process.on('message', async (message: { type: string }) => {
    if (message.type === 'stats') {
      const usage = process.resourceUsage();
      process.send!({
        type: 'stats',
        maxRssKb: usage.maxRSS,
        rssKb: Math.round(process.memoryUsage().rss / 1024),
        cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
        served,
        statements: Object.fromEntries(statements),
        sql: [...sql.entries()]
          .map(([statement, entry]) => ({ sql: statement, ...entry }))
          .sort((a, b) => b.ms - a.ms)
          .slice(0, 12),
      });
    } else if (message.type === 'reset') {
      served.length = 0;
      sql.clear();
      statements.clear();
    } else if (message.type === 'stop') {
      // Requests still queued when the load ends were abandoned by their clients: they are
      // dropped, not answered or reported.
      stopping = true;
      server.close();
      process.exit(0);
    }
  });
}

// The load

interface Stats {
  maxRssKb: number;
  rssKb: number;
  cpuSeconds: number;
  statements: Record<string, number>;
  sql: Array<{ sql: string; count: number; ms: number }>;
  served: Array<{ path: string; ms: number }>;
}

function startServer(
  args: string[],
  cpuProfDir?: string,
): Promise<{
  port: number;
  /** How long the report index took to build. */
  indexMs: number;
  stats(): Promise<Stats>;
  reset(): void;
  stop(): Promise<void>;
}> {
  const execArgv = [...process.execArgv];
  if (cpuProfDir) {
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${path.resolve(cpuProfDir)}`);
  }
  const child = fork(__filename, ['--serve', ...args], {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // The require hook also sends messages (files to watch): only ours are read.
  const next = (type: string) =>
    new Promise<any>(resolve => {
      const listener = (message: { type?: string }) => {
        if (message?.type === type) {
          child.off('message', listener);
          resolve(message);
        }
      };
      child.on('message', listener);
    });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    const exited = (code: number | null) =>
      reject(new Error(`the server exited with ${code} before listening`));
    child.once('exit', exited);
    next('listening').then((message: { port: number; indexMs: number }) => {
      child.off('exit', exited);
      resolve({
        port: message.port,
        indexMs: message.indexMs,
        stats: () => {
          const answer = next('stats');
          child.send({ type: 'stats' });
          return answer;
        },
        reset: () => child.send({ type: 'reset' }),
        stop: () =>
          new Promise(done => {
            child.once('exit', () => done());
            child.send({ type: 'stop' });
          }),
      });
    });
  });
}

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

type Group =
  | 'drift'
  | 'drift-filtered'
  | 'drift-search'
  | 'drift-sorted'
  | 'summary'
  | 'facets'
  | 'trends'
  | 'adoption'
  | 'entity';

/** How often each group is asked for, out of 100. */
const WEIGHTS: Record<Group, number> = {
  drift: 12,
  'drift-filtered': 23,
  'drift-search': 10,
  'drift-sorted': 15,
  summary: 15,
  facets: 3,
  trends: 2,
  adoption: 10,
  entity: 10,
};

interface Sample {
  modules: string[];
  owners: string[];
  entities: string[];
  environments: string[];
  kinds: string[];
  total: number;
}

async function getJson(port: number, route: string) {
  const response = await fetch(`http://127.0.0.1:${port}${BASE}${route}`, {
    headers: { authorization: mockCredentials.user.header() },
  });
  if (!response.ok) {
    throw new Error(
      `GET ${route} answered ${response.status}: ${await response.text()}`,
    );
  }
  return response.json();
}

/** Values to ask for, read from the data the way the pages find them. */
async function sampleData(port: number): Promise<Sample> {
  const modules = (await getJson(port, '/modules')).items.map(
    (m: { name: string }) => m.name,
  );
  const facets = await getJson(port, '/facets');
  const first = await getJson(port, '/drift?limit=1');
  const total: number = first.totalCount;
  const entities = (await getJson(port, '/repositories')).items.map(
    (r: { entityRef: string }) => r.entityRef,
  );
  if (total === 0 || modules.length === 0) {
    throw new Error(
      'the database has no drift rows: run yarn bench:scan first',
    );
  }
  return {
    modules,
    owners: facets.owners,
    entities,
    environments: facets.environments,
    kinds: facets.kinds,
    total,
  };
}

const VERDICTS = [
  'major-behind',
  'minor-behind',
  'patch-behind',
  'deprecated',
  'unsupported',
  'unpinned',
  'unknown-version',
  'unknown-sha',
  'unresolved',
  'external',
  'local',
  'up-to-date',
];
const SORTS = [
  'entity',
  'verdict',
  'version',
  'owner',
  'module',
  'environment',
  'file',
];

/**
 * Draws request paths, each with its group, from a seeded generator: what people using the
 * drift page, the module pages and the entity tabs of 10,000 services would ask, mostly first
 * pages, sometimes deep ones.
 */
function requestGenerator(
  sample: Sample,
  seed: number,
  weights: Partial<Record<Group, number>> = WEIGHTS,
) {
  const random = rng(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  const q = (params: Array<[string, string | number]>) =>
    params
      .map(
        ([key, value]) =>
          `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`,
      )
      .join('&');
  const limit = (): number => {
    const r = random();
    if (r < 0.15) return 25;
    return r < 0.85 ? 50 : 100;
  };
  /** Page 0 most often, then the next few, sometimes anywhere in `rows` rows. */
  const page = (size: number, rows: number): number => {
    const r = random();
    if (r < 0.55) return 0;
    if (r < 0.85) return size * (1 + Math.floor(random() * 4));
    return size * Math.floor(random() * Math.max(1, rows / size));
  };
  const filters = (): Array<[string, string]> => {
    const params: Array<[string, string]> = [];
    const r = random();
    if (r < 0.25) {
      params.push(['module', pick(sample.modules)]);
      params.push(['verdict', pick(VERDICTS)]);
    } else if (r < 0.45) {
      params.push(['owner', pick(sample.owners)]);
    } else if (r < 0.55) {
      params.push(['verdict', 'deprecated'], ['verdict', 'unsupported']);
      if (random() < 0.5) params.push(['owner', pick(sample.owners)]);
    } else if (r < 0.7) {
      params.push(['environment', pick(sample.environments)]);
      params.push(['module', pick(sample.modules)]);
    } else if (r < 0.8) {
      params.push(['kind', pick(sample.kinds)]);
      params.push(['verdict', pick(VERDICTS)]);
    } else if (r < 0.9) {
      params.push(['owner', pick(sample.owners)]);
      params.push(['module', pick(sample.modules)]);
      params.push(['verdict', pick(VERDICTS)]);
    } else {
      params.push(['owner', pick(sample.owners)]);
      params.push(['verdict', pick(VERDICTS)]);
    }
    return params;
  };
  const searchText = (): string => {
    const r = random();
    if (r < 0.5) {
      // Part of a service name as typed into the search box, one more letter at a time.
      const name = pick(sample.entities).split('/')[1];
      return name.slice(0, 3 + Math.floor(random() * (name.length - 2)));
    } else if (r < 0.7) {
      return pick(sample.modules);
    } else if (r < 0.8) {
      return `team-${pick(sample.owners).split('team-')[1] ?? ''}`;
    }
    return pick([
      'deprecated',
      'branch',
      'eks-v2',
      'live/prod',
      'sqs',
      'infra/environments/staging',
      'not at any release',
      'ci.yml',
    ]);
  };
  const paths: Record<Group, () => string> = {
    drift: () => {
      const size = limit();
      return `/drift?${q([
        ['limit', size],
        ['offset', page(size, sample.total)],
      ])}`;
    },
    'drift-filtered': () => {
      const size = limit();
      return `/drift?${q([
        ['limit', size],
        ['offset', random() < 0.8 ? 0 : size * Math.floor(random() * 5)],
        ...filters(),
      ])}`;
    },
    'drift-search': () =>
      `/drift?${q([
        ['limit', 50],
        ['q', searchText()],
        ...(random() < 0.2 ? filters() : []),
      ])}`,
    'drift-sorted': () => {
      const size = limit();
      const filtered = random() < 0.4;
      return `/drift?${q([
        ['limit', size],
        ['offset', filtered ? 0 : page(size, sample.total)],
        ['sort', pick(SORTS)],
        ['order', random() < 0.5 ? 'asc' : 'desc'],
        ...(filtered ? filters() : []),
      ])}`;
    },
    summary: () => (random() < 0.4 ? '/summary' : `/summary?${q(filters())}`),
    facets: () => '/facets',
    trends: () =>
      random() < 0.6
        ? '/trends?days=30'
        : `/trends?${q([
            ['days', pick([7, 30, 90])],
            ['module', pick(sample.modules)],
          ])}`,
    adoption: () =>
      `/modules/${encodeURIComponent(
        pick(sample.modules),
      )}/adoption?servicesPerVersion=${ADOPTION_SERVICES_PER_VERSION}`,
    entity: () => {
      const [kind, rest] = pick(sample.entities).split(':');
      const [namespace, name] = rest.split('/');
      return `/entities/${kind}/${namespace}/${encodeURIComponent(name)}`;
    },
  };
  const groups = Object.keys(weights) as Group[];
  const sum = groups.reduce((total, group) => total + weights[group]!, 0);
  return (): { group: Group; path: string } => {
    let r = random() * sum;
    let group = groups[0];
    for (const candidate of groups) {
      r -= weights[candidate]!;
      if (r < 0) {
        group = candidate;
        break;
      }
    }
    return { group, path: `${BASE}${paths[group]()}` };
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) {
    return NaN;
  }
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

async function load(options: {
  port: number;
  next: () => { group: Group; path: string };
  connections: number;
  duration: number;
  timeout: number;
  record: boolean;
}) {
  const latencies = new Map<string, number[]>();
  const non2xx = new Map<string, number>();
  const bytes = new Map<string, number>();
  const distinct = new Map<string, Group>();
  const instance = autocannon({
    url: `http://127.0.0.1:${options.port}`,
    connections: options.connections,
    duration: options.duration,
    timeout: options.timeout,
    headers: { authorization: mockCredentials.user.header() },
    requests: [
      {
        method: 'GET',
        // Each connection draws its next request from the generator.
        setupRequest: (request: any, context: any) => {
          const next = options.next();
          context.group = next.group;
          if (options.record) {
            distinct.set(next.path, next.group);
          }
          return { ...request, path: next.path };
        },
      },
    ],
  });
  // The request a connection waits for is the last one it set up (no pipelining).
  instance.on(
    'response',
    (client: any, statusCode: number, size: number, ms: number) => {
      if (!options.record) {
        return;
      }
      const group: string = client.requestIterator.context.group ?? '?';
      for (const key of [group, 'all']) {
        let list = latencies.get(key);
        if (!list) {
          list = [];
          latencies.set(key, list);
        }
        list.push(ms);
        bytes.set(key, (bytes.get(key) ?? 0) + size);
        if (statusCode < 200 || statusCode >= 300) {
          non2xx.set(key, (non2xx.get(key) ?? 0) + 1);
        }
      }
    },
  );
  const result = await instance;
  return { result, latencies, non2xx, bytes, groups: distinct };
}

/**
 * Asks `count` requests of the mix one at a time, so that each one's time is its own, and lists
 * the slowest; then times `/summary` cold, after the check interval passed without a read.
 */
async function probe(options: {
  port: number;
  next: () => { group: Group; path: string };
  count: number;
  answers?: string;
}) {
  const answers = options.answers
    ? fs.openSync(path.resolve(options.answers), 'w')
    : undefined;
  const timed: Array<{ ms: number; path: string }> = [];
  const byGroup = new Map<string, number[]>();
  for (let i = 0; i < options.count; i++) {
    const { group, path: route } = options.next();
    const start = process.hrtime.bigint();
    const answer = await getJson(options.port, route.slice(BASE.length));
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (answers !== undefined) {
      fs.writeSync(answers, `${JSON.stringify({ path: route, answer })}\n`);
    }
    timed.push({ ms, path: route.slice(BASE.length) });
    byGroup.set(group, [...(byGroup.get(group) ?? []), ms]);
  }
  if (answers !== undefined) {
    fs.closeSync(answers);
  }
  console.log(`\n${options.count} requests one at a time, by group:`);
  for (const [group, list] of byGroup) {
    list.sort((a, b) => a - b);
    console.log(
      `  ${group.padEnd(15)} ${String(list.length).padStart(
        6,
      )}  p50 ${percentile(list, 50).toFixed(1)} ms, p99 ${percentile(
        list,
        99,
      ).toFixed(1)} ms, max ${list[list.length - 1].toFixed(1)} ms`,
    );
  }
  // A request that holds the event loop long delays every client queued behind it: how much of
  // the time went to such requests says how far the tail of the latencies rests on them.
  const spent = timed.reduce((sum, { ms }) => sum + ms, 0);
  console.log(
    `time in requests of more than ${[5, 10, 20, 50]
      .map(
        bound =>
          `${bound} ms: ${(
            (100 *
              timed
                .filter(({ ms }) => ms > bound)
                .reduce((sum, { ms }) => sum + ms, 0)) /
            spent
          ).toFixed(0)} %`,
      )
      .join(', ')} (of ${(spent / 1000).toFixed(1)} s)`,
  );
  console.log('the slowest:');
  for (const { ms, path: route } of timed
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 15)) {
    console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${route}`);
  }
  for (let i = 0; i < 2; i++) {
    // The report's check interval (createPlatformStores) and a little more, without a read.
    await new Promise(resolve => setTimeout(resolve, 10_500));
    const start = process.hrtime.bigint();
    await getJson(options.port, '/summary');
    console.log(
      `cold /summary after 10.5 s without a read: ${(
        Number(process.hrtime.bigint() - start) / 1e6
      ).toFixed(1)} ms`,
    );
  }
}

/**
 * The time each answer took in the server, by group, and how much of the server's time went to
 * answers that held the event loop long: under load, every client waits behind them.
 */
function printServed(
  served: Array<{ path: string; ms: number }>,
  groups: Map<string, Group>,
) {
  const byGroup = new Map<string, number[]>();
  for (const { path: route, ms } of served) {
    const group = groups.get(route) ?? 'other';
    let list = byGroup.get(group);
    if (!list) {
      list = [];
      byGroup.set(group, list);
    }
    list.push(ms);
  }
  const spent = served.reduce((sum, { ms }) => sum + ms, 0);
  console.log(
    `in the server: ${(spent / 1000).toFixed(1)} s in ${
      served.length
    } answers; in answers of more than ${[2, 5, 10, 20, 50]
      .map(
        bound =>
          `${bound} ms ${(
            (100 *
              served
                .filter(({ ms }) => ms > bound)
                .reduce((sum, { ms }) => sum + ms, 0)) /
            spent
          ).toFixed(0)} %`,
      )
      .join(', ')}`,
  );
  for (const [group, list] of byGroup) {
    list.sort((a, b) => a - b);
    console.log(
      `  ${group.padEnd(15)} mean ${(
        list.reduce((sum, ms) => sum + ms, 0) / list.length
      ).toFixed(2)} ms, p50 ${percentile(list, 50).toFixed(
        2,
      )}, p99 ${percentile(list, 99).toFixed(1)}, max ${list[
        list.length - 1
      ].toFixed(1)} ms, ${(
        (100 * list.reduce((sum, ms) => sum + ms, 0)) /
        spent
      ).toFixed(0)} % of the time`,
    );
  }
  console.log('  the slowest answers in the server:');
  for (const { ms, path: route } of [...served]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 10)) {
    console.log(
      `    ${ms.toFixed(1).padStart(8)} ms  ${route.slice(BASE.length)}`,
    );
  }
}

function runScan(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...process.execArgv, path.join(__dirname, 'scan.ts'), ...args],
      { stdio: 'inherit' },
    );
    child.on('error', reject);
    child.on('close', code =>
      code === 0
        ? resolve()
        : reject(new Error(`bench:scan exited with ${code}`)),
    );
  });
}

async function main() {
  const { flags, values } = parseArgs(process.argv.slice(2));
  if (flags.has('serve')) {
    await serve({
      sqlite: values.get('db'),
      pg: values.get('pg'),
      sqlStats: flags.has('sql-stats'),
    });
    return;
  }
  const repos = Number(values.get('repos') ?? 1000);
  const dir = corpusDir(repos, values.get('dir'));
  const duration = Number(values.get('duration') ?? 15);
  const warmup = Number(values.get('warmup') ?? 3);
  const connections = Number(values.get('connections') ?? 50);
  const timeout = Number(values.get('timeout') ?? 60);
  const seed = Number(values.get('seed') ?? 42);
  const without = (values.get('without') ?? '').split(',').filter(Boolean);
  const unknown = without.filter(group => !(group in WEIGHTS));
  if (unknown.length > 0) {
    throw new Error(
      `--without names no group ${unknown.join(
        ', ',
      )}: the groups are ${Object.keys(WEIGHTS).join(', ')}`,
    );
  }
  const weights = Object.fromEntries(
    Object.entries(WEIGHTS).filter(([group]) => !without.includes(group)),
  ) as Partial<Record<Group, number>>;

  let serverArgs: string[];
  let database: string;
  if (values.has('pg')) {
    serverArgs = ['--pg', values.get('pg')!];
    database = 'postgresql';
  } else {
    const db = path.resolve(values.get('db') ?? path.join(dir, 'drift.sqlite'));
    if (!fs.existsSync(db)) {
      console.log(`${db} does not exist: running bench:scan first\n`);
      await runScan(['--repos', String(repos), '--dir', dir, '--db', db]);
      console.log('');
    }
    serverArgs = ['--db', db];
    database = `sqlite file ${db}`;
  }

  if (flags.has('sql-stats')) {
    serverArgs.push('--sql-stats');
  }
  const server = await startServer(serverArgs, values.get('cpu-prof'));
  try {
    const sample = await sampleData(server.port);
    // Every kind of request answers before the load, so that the load measures answers.
    const check = requestGenerator(sample, seed + 1);
    const checked = new Set<Group>();
    while (checked.size < Object.keys(WEIGHTS).length) {
      const request = check();
      if (!checked.has(request.group)) {
        checked.add(request.group);
        await getJson(server.port, request.path.slice(BASE.length));
      }
    }
    if (values.has('probe')) {
      await probe({
        port: server.port,
        next: requestGenerator(sample, seed, weights),
        count: Number(values.get('probe')),
        answers: values.get('answers'),
      });
      return;
    }
    const rssBefore = await server.stats();
    console.log(`database:     ${database}`);
    console.log(
      `data:         ${sample.total} drift rows, ${sample.entities.length} services, ${sample.modules.length} modules, ${sample.owners.length} owners`,
    );
    console.log(
      `report:       DriftReportService (in memory), built in ${(
        server.indexMs / 1000
      ).toFixed(1)} s before the load; requests drawn with seed ${seed}`,
    );
    console.log(
      `load:         ${connections} connections, ${duration} s (after a ${warmup} s warm-up), request timeout ${timeout} s, autocannon ${
        JSON.parse(
          fs.readFileSync(require.resolve('autocannon/package.json'), 'utf8'),
        ).version
      }${without.length > 0 ? `, without ${without.join(', ')}` : ''}`,
    );
    const loadBefore = os.loadavg();
    if (warmup > 0) {
      await load({
        port: server.port,
        next: requestGenerator(sample, seed + 2, weights),
        connections,
        duration: warmup,
        timeout,
        record: false,
      });
      // Requests still queued in the server when the warm-up ends are answered first.
      await getJson(server.port, '/health');
    }
    const cpuBefore = (await server.stats()).cpuSeconds;
    server.reset();
    const { result, latencies, non2xx, bytes, groups } = await load({
      port: server.port,
      next: requestGenerator(sample, seed, weights),
      connections,
      duration,
      timeout,
      record: true,
    });
    const stats = await server.stats();
    const loadAfter = os.loadavg();

    console.log('');
    console.log(
      `${'group'.padEnd(15)} ${'requests'.padStart(8)} ${'req/s'.padStart(
        7,
      )} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)} ${'p99 ms'.padStart(
        7,
      )} ${'max ms'.padStart(7)} ${'KB'.padStart(7)} ${'non-2xx'.padStart(7)}`,
    );
    const seconds = duration;
    for (const group of [...(Object.keys(WEIGHTS) as Group[]), 'all']) {
      const list = (latencies.get(group) ?? []).sort((a, b) => a - b);
      console.log(
        `${group.padEnd(15)} ${String(list.length).padStart(8)} ${(
          list.length / seconds
        )
          .toFixed(1)
          .padStart(7)} ${percentile(list, 50)
          .toFixed(1)
          .padStart(7)} ${percentile(list, 95)
          .toFixed(1)
          .padStart(7)} ${percentile(list, 99).toFixed(1).padStart(7)} ${(
          list[list.length - 1] ?? NaN
        )
          .toFixed(1)
          .padStart(7)} ${((bytes.get(group) ?? 0) / list.length / 1024)
          .toFixed(1)
          .padStart(7)} ${String(non2xx.get(group) ?? 0).padStart(7)}`,
      );
    }
    console.log('');
    console.log(
      `autocannon:   ${
        result.requests.total
      } requests, ${result.requests.average.toFixed(
        1,
      )} req/s average, latency p50 ${result.latency.p50} ms, p97.5 ${
        result.latency.p97_5
      } ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
    );
    console.log(
      `errors:       ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx, ${result.mismatches} mismatches`,
    );
    const answered = latencies.get('all')?.length ?? 0;
    const reads = Object.values(stats.statements).reduce(
      (sum, count) => sum + count,
      0,
    );
    console.log(
      `requests:     ${
        groups.size
      } distinct paths among ${answered} answered; ${reads} SQL statements reached the database (${Object.entries(
        stats.statements,
      )
        .map(([kind, count]) => `${kind} ${count}`)
        .join(', ')})`,
    );
    console.log(
      `server:       peak RSS ${(stats.maxRssKb / 1024).toFixed(0)} MB (${(
        rssBefore.rssKb / 1024
      ).toFixed(0)} MB before the load), CPU ${(
        stats.cpuSeconds - cpuBefore
      ).toFixed(1)} s in ${seconds} s, ${(
        ((stats.cpuSeconds - cpuBefore) * 1000) /
        Math.max(1, answered)
      ).toFixed(1)} ms per answer`,
    );
    if (stats.sql.length > 0) {
      console.log(
        'SQL during the load (count, total ms, mean ms; time in the database driver):',
      );
      for (const entry of stats.sql) {
        console.log(
          `  ${String(entry.count).padStart(6)} ${entry.ms
            .toFixed(0)
            .padStart(7)} ${(entry.ms / entry.count).toFixed(1).padStart(7)}  ${
            entry.sql
          }`,
        );
      }
    }
    printServed(stats.served, groups);
    console.log(
      `load average: ${loadBefore
        .map(v => v.toFixed(2))
        .join(' ')} -> ${loadAfter.map(v => v.toFixed(2)).join(' ')} (${
        os.cpus().length
      } cores; autocannon and the server share them)`,
    );
  } finally {
    await server.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
