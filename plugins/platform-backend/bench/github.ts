/* eslint-disable no-console */
/*
 * yarn bench:github [--repos N] [--changed-percent P] [--hour-seconds S] [--budget B]
 *                   [--secondary-concurrency C] [--concurrency N] [--latency-ms L]
 *
 * Scans N (default 10,000) GitHub repositories through the real GithubRepositoryHost and
 * PlatformScanner, with the real stores on a SQLite file, against a GitHub simulated with msw:
 *
 * - GraphQL (`POST /graphql`, parsed by msw's GraphQL handler): each `repository(owner:, name:)`
 *   of the query answers its default branch's head; a query costs 1 point, as GitHub's formula
 *   gives for a query without connections (requests to connections / 100, at least 1).
 * - REST: the head (`GET /repos/{o}/{r}/commits/HEAD`, ETag, 304 when unchanged) and the archive
 *   (`GET /repos/{o}/{r}/tarball/{sha}`, a 302 to codeload, whose download is not an API request).
 * - Rate limits per token as GitHub sends them (`x-ratelimit-limit/remaining/used/reset/resource`),
 *   B requests of `core` and B points of `graphql` per hour; a request past the budget is answered
 *   403 with `x-ratelimit-remaining: 0`. A 304 costs nothing. Every API answer takes L ms (20).
 * - A secondary rate limit: a request arriving while C (default 100, GitHub's documented
 *   ceiling) others of the token are in flight is answered 403 "You have exceeded a secondary
 *   rate limit" with `retry-after`.
 *
 * GitHub's own limit is 5,000 an hour (--budget 5000 --hour-seconds 3600), which a first scan of
 * 10,000 repositories spends in minutes and then waits for, over two hours. To show that in a
 * bench the hour is compressed: by default 150 in an hour of 5 s (S), less than the scan could
 * use, so that it spends each hour's budget and waits for the reset, some 66 times over. With so
 * short an hour the wait is under a minute and the client holds requests until the reset; a
 * real hour-long wait fails the request at once and the scan waits for the reset
 * (src/scanner/hostRetries.ts).
 *
 * Phases: a first scan (every repository new), a rescan with nothing changed, and a rescan after
 * P % (default 1) of the repositories got a new commit. For each it prints the GraphQL points,
 * the counted REST requests (answers other than 304), the archive downloads, the rate-limit and
 * secondary-limit refusals, the most requests in flight, and the repositories scanned, skipped
 * and failed. The goals: change detection at most 200 points for 10,000 repositories, at most 1
 * counted request per changed repository, no secondary rate-limit refusal.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  createDefaultExtractors,
  GithubRepositoryHost,
  RepositoryHosts,
} from '@platform-portal/plugin-platform-engine';
import { graphql, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { PlatformScanner } from '../src/scanner/PlatformScanner';
import { createPlatformStores, DiscoveredRepository } from '../src/store';
import { createKnex, parseArgs } from './benchKit';

const API = 'https://api.github.com';
const CODELOAD = 'https://codeload.github.com';
const OWNER = 'acme';
const TOKEN = 'ghp_benchtoken';
const SECONDARY_RETRY_AFTER_SECONDS = 5;

/** One ustar entry: a 512-byte header, then the content padded to 512 bytes. */
function tarEntry(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  const octal = (value: number, width: number) =>
    `${value.toString(8).padStart(width - 1, '0')}\0`;
  header.write(name, 0, 100, 'utf8');
  header.write(octal(0o644, 8), 100);
  header.write(octal(0, 8), 108);
  header.write(octal(0, 8), 116);
  header.write(octal(content.length, 12), 124);
  header.write(octal(0, 12), 136);
  header.fill(' ', 148, 156); // the checksum counts its own field as spaces
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  const checksum = header.reduce((sum, byte) => sum + byte, 0);
  header.write(`${checksum.toString(8).padStart(6, '0')}\0 `, 148);
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([header, content, padding]);
}

/** The archive GitHub serves for a commit: the files under `owner-repo-sha/`. */
function tarball(repo: string, sha: string): Buffer {
  const top = `${OWNER}-${repo}-${sha.slice(0, 7)}`;
  const files: Record<string, string> = {
    'infra/main.tf': `module "vpc" {\n  source  = "app.terraform.io/acme/vpc/aws"\n  version = "1.${
      parseInt(sha.slice(0, 4), 16) % 10
    }.0"\n}\n`,
    '.github/workflows/ci.yml': `on: push\njobs:\n  build:\n    uses: acme/platform/.github/workflows/build.yml@v2\n`,
    'README.md': `# ${repo}\n`,
  };
  return zlib.gzipSync(
    Buffer.concat([
      ...Object.entries(files).map(([file, content]) =>
        tarEntry(`${top}/${file}`, Buffer.from(content)),
      ),
      Buffer.alloc(1024),
    ]),
  );
}

interface PhaseCounts {
  graphqlQueries: number;
  graphqlPoints: number;
  /** REST API requests answered other than 304: what the core rate limit counts. */
  countedRequests: number;
  notModified: number;
  archiveDownloads: number;
  primaryRefusals: number;
  secondaryRefusals: number;
  mostInFlight: number;
  /** Hours whose REST budget was used up: the scan then waited for the reset. */
  hoursSpent: number;
}

/** GitHub for one organisation of `repos` repositories, with its rate limits. */
function simulateGithub(options: {
  repos: number;
  budget: number;
  hourMs: number;
  secondaryConcurrency: number;
  latencyMs: number;
}) {
  const heads = new Map<string, string>();
  const sha = (repo: string, version: number) =>
    Buffer.from(`${repo}@${version}`)
      .toString('hex')
      .padEnd(40, '0')
      .slice(-40);
  const versions = new Map<string, number>();
  const names: string[] = [];
  for (let i = 0; i < options.repos; i++) {
    const name = `svc-${String(i).padStart(5, '0')}`;
    names.push(name);
    versions.set(name, 0);
    heads.set(name, sha(name, 0));
  }
  let counts: PhaseCounts = newCounts();
  let windowStart = Date.now();
  let windows = 1;
  const used = { core: 0, graphql: 0 };
  let inFlight = 0;

  function newCounts(): PhaseCounts {
    return {
      graphqlQueries: 0,
      graphqlPoints: 0,
      countedRequests: 0,
      notModified: 0,
      archiveDownloads: 0,
      primaryRefusals: 0,
      secondaryRefusals: 0,
      mostInFlight: 0,
      hoursSpent: 0,
    };
  }

  /** The window of the hour now; a new one restores the budgets. */
  function window() {
    const now = Date.now();
    if (now >= windowStart + options.hourMs) {
      windowStart +=
        Math.floor((now - windowStart) / options.hourMs) * options.hourMs;
      windows++;
      used.core = 0;
      used.graphql = 0;
    }
    return Math.ceil((windowStart + options.hourMs) / 1000);
  }

  function rateHeaders(resource: 'core' | 'graphql') {
    const reset = window();
    return {
      'x-ratelimit-limit': String(options.budget),
      'x-ratelimit-remaining': String(
        Math.max(0, options.budget - used[resource]),
      ),
      'x-ratelimit-used': String(used[resource]),
      'x-ratelimit-reset': String(reset),
      'x-ratelimit-resource': resource,
    };
  }

  /**
   * Runs an API request through the limits: the secondary limit on requests in flight, then
   * the primary budget of `resource`, charged `cost` when `answer` says it counts.
   */
  async function limited(
    resource: 'core' | 'graphql',
    cost: number,
    answer: () => { response: Response; counts: boolean },
  ): Promise<Response> {
    inFlight++;
    counts.mostInFlight = Math.max(counts.mostInFlight, inFlight);
    try {
      // An answer takes a moment, so that requests overlap as they do over a network.
      await new Promise(resolve => setTimeout(resolve, options.latencyMs));
      if (inFlight > options.secondaryConcurrency) {
        counts.secondaryRefusals++;
        return HttpResponse.json(
          {
            message:
              'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          },
          {
            status: 403,
            headers: { 'retry-after': String(SECONDARY_RETRY_AFTER_SECONDS) },
          },
        );
      }
      window();
      if (used[resource] + cost > options.budget) {
        counts.primaryRefusals++;
        return HttpResponse.json(
          { message: `API rate limit exceeded for user ID 1.` },
          { status: 403, headers: rateHeaders(resource) },
        );
      }
      const { response, counts: counted } = answer();
      if (counted) {
        used[resource] += cost;
        if (resource === 'core' && used.core === options.budget) {
          counts.hoursSpent++;
        }
      }
      for (const [name, value] of Object.entries(rateHeaders(resource))) {
        response.headers.set(name, value);
      }
      return response;
    } finally {
      inFlight--;
    }
  }

  const handlers = [
    graphql.link(`${API}/graphql`).query('Heads', ({ query, variables }) =>
      limited('graphql', 1, () => {
        counts.graphqlQueries++;
        counts.graphqlPoints++;
        const data: Record<string, unknown> = {};
        const errors: unknown[] = [];
        for (const [, alias, owner, name] of query.matchAll(
          /(\w+): repository\(owner: \$(\w+), name: \$(\w+)\)/g,
        )) {
          const repo = String(variables[name]);
          const head =
            String(variables[owner]) === OWNER ? heads.get(repo) : undefined;
          if (head) {
            data[alias] = {
              defaultBranchRef: { name: 'main', target: { oid: head } },
            };
          } else {
            data[alias] = null;
            errors.push({
              type: 'NOT_FOUND',
              path: [alias],
              message: `Could not resolve to a Repository with the name '${variables[owner]}/${repo}'.`,
            });
          }
        }
        data.rateLimit = {
          cost: 1,
          remaining: options.budget - used.graphql - 1,
          resetAt: new Date(window() * 1000).toISOString(),
        };
        return {
          response: HttpResponse.json(
            errors.length ? { data, errors } : { data },
          ),
          counts: true,
        };
      }),
    ),
    http.get(
      `${API}/repos/${OWNER}/:repo/commits/HEAD`,
      ({ request, params }) =>
        limited('core', 1, () => {
          const head = heads.get(String(params.repo));
          if (!head) {
            counts.countedRequests++;
            return {
              response: HttpResponse.json(
                { message: 'Not Found' },
                { status: 404 },
              ),
              counts: true,
            };
          }
          const etag = `"${head}"`;
          if (request.headers.get('if-none-match') === etag) {
            counts.notModified++;
            return {
              response: new HttpResponse(null, {
                status: 304,
                headers: { etag },
              }),
              counts: false,
            };
          }
          counts.countedRequests++;
          return {
            response: new HttpResponse(head, {
              headers: {
                etag,
                'content-type': 'application/vnd.github.sha; charset=utf-8',
              },
            }),
            counts: true,
          };
        }),
    ),
    http.get(`${API}/repos/${OWNER}/:repo/tarball/:ref`, ({ params }) =>
      limited('core', 1, () => {
        counts.countedRequests++;
        return {
          response: new HttpResponse(null, {
            status: 302,
            headers: {
              location: `${CODELOAD}/${OWNER}/${params.repo}/legacy.tar.gz/${params.ref}?token=CODELOAD`,
            },
          }),
          counts: true,
        };
      }),
    ),
    http.get(`${CODELOAD}/${OWNER}/:repo/legacy.tar.gz/:ref`, ({ params }) => {
      counts.archiveDownloads++;
      return new HttpResponse(
        tarball(String(params.repo), String(params.ref)),
        {
          headers: { 'content-type': 'application/x-gzip' },
        },
      );
    }),
  ];

  return {
    handlers,
    names,
    /** Gives `share` of the repositories a new commit; answers how many. */
    commit(share: number): number {
      const step = Math.max(1, Math.round(1 / share));
      let changed = 0;
      for (let i = 0; i < names.length; i += step) {
        const name = names[i];
        const version = versions.get(name)! + 1;
        versions.set(name, version);
        heads.set(name, sha(name, version));
        changed++;
      }
      return changed;
    },
    /** The counts since the last call, and the rate-limit windows ("hours") begun meanwhile. */
    take(): PhaseCounts & { windows: number } {
      const taken = { ...counts, windows };
      counts = newCounts();
      windows = 1;
      return taken;
    },
  };
}

/** Keeps the scanner's warnings and rate-limit waits to show them. */
function collectingLogger(lines: string[]): LoggerService {
  const keep = (level: string) => (message: string) => {
    lines.push(`${level}: ${message}`);
  };
  const logger: LoggerService = {
    error: keep('error'),
    warn: keep('warn'),
    info: message => {
      if (/waits for a host's rate limit/.test(message)) {
        lines.push(`info: ${message}`);
      }
    },
    debug: () => undefined,
    child: () => logger,
  };
  return logger;
}

async function main() {
  const { values } = parseArgs(process.argv.slice(2));
  const number = (name: string, fallback: number) => {
    const value = Number(values.get(name) ?? fallback);
    if (!Number.isFinite(value) || value <= 0) {
      throw new Error(
        `--${name} must be a positive number, not ${values.get(name)}`,
      );
    }
    return value;
  };
  const repos = number('repos', 10_000);
  const changedPercent = number('changed-percent', 1);
  const hourSeconds = number('hour-seconds', 5);
  const budget = number('budget', 150);
  const secondaryConcurrency = number('secondary-concurrency', 100);
  const concurrency = number('concurrency', 8);
  const latencyMs = number('latency-ms', 20);

  const github = simulateGithub({
    repos,
    budget,
    hourMs: hourSeconds * 1000,
    secondaryConcurrency,
    latencyMs,
  });
  const server = setupServer(...github.handlers);
  server.listen({ onUnhandledRequest: 'error' });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-github-bench-'));
  const knex = createKnex({ sqlite: path.join(dir, 'drift.sqlite') });
  const stores = await createPlatformStores({
    database: { getClient: async () => knex },
  });
  const config = new ConfigReader({
    integrations: { github: [{ host: 'github.com', token: TOKEN }] },
  });
  const lines: string[] = [];
  const logger = collectingLogger(lines);
  const services: DiscoveredRepository[] = github.names.map(name => ({
    entityRef: `component:default/${name}`,
    url: `https://github.com/${OWNER}/${name}`,
  }));
  const scanner = new PlatformScanner({
    scanRuns: stores.scanRuns,
    repositories: stores.repositories,
    trends: stores.trends,
    hosts: new RepositoryHosts([
      GithubRepositoryHost.fromConfig(config, { logger }),
    ]),
    extractors: await createDefaultExtractors(),
    platforms: [],
    discover: async () => services,
    logger,
    integrations: ScmIntegrations.fromConfig(config),
    concurrency,
  });

  const phase = async (name: string, changed: number) => {
    github.take();
    const started = Date.now();
    const run = await scanner.scan({ trigger: 'manual' });
    const seconds = (Date.now() - started) / 1000;
    const counts = github.take();
    const result = {
      phase: name,
      seconds,
      changed,
      status: run.error ? `${run.status}: ${run.error}` : run.status,
      scanned: run.repositoriesScanned,
      skipped: run.repositoriesSkipped,
      failed: run.repositoriesFailed,
      ...counts,
      countedPerChanged: changed ? counts.countedRequests / changed : 0,
    };
    console.log(JSON.stringify(result));
    return result;
  };

  console.log(
    `Simulated GitHub: ${repos} repositories, ${budget} requests and ${budget} GraphQL points an hour, an hour lasting ${hourSeconds} s, secondary limit at ${secondaryConcurrency} requests in flight, ${latencyMs} ms per API answer`,
  );
  const results = [await phase('first scan', repos)];
  results.push(await phase('rescan, nothing changed', 0));
  const changed = github.commit(changedPercent / 100);
  results.push(await phase(`rescan, ${changedPercent} % changed`, changed));

  console.table(
    results.map(r => ({
      phase: r.phase,
      'GraphQL points': r.graphqlPoints,
      'counted requests': r.countedRequests,
      'counted / changed': Number(r.countedPerChanged.toFixed(2)),
      '304s': r.notModified,
      archives: r.archiveDownloads,
      'primary 403s': r.primaryRefusals,
      'secondary 403s': r.secondaryRefusals,
      'most in flight': r.mostInFlight,
      hours: r.windows,
      'hours spent': r.hoursSpent,
      scanned: r.scanned,
      skipped: r.skipped,
      failed: r.failed,
      seconds: Number(r.seconds.toFixed(1)),
    })),
  );
  const detection = Math.max(...results.slice(1).map(r => r.graphqlPoints));
  const perChanged = Math.max(...results.map(r => r.countedPerChanged));
  const secondary = results.reduce((sum, r) => sum + r.secondaryRefusals, 0);
  const goals = [
    [
      `change detection ${detection} points (goal ≤ ${Math.ceil(repos / 50)})`,
      detection <= Math.ceil(repos / 50),
    ],
    [
      `${perChanged.toFixed(
        2,
      )} counted requests per changed repository (goal ≤ 1)`,
      perChanged <= 1,
    ],
    [`${secondary} secondary rate-limit refusals (goal 0)`, secondary === 0],
    [
      `${results.reduce(
        (s, r) => s + r.failed,
        0,
      )} repositories failed (goal 0)`,
      results.every(r => r.failed === 0),
    ],
  ] as const;
  console.log('');
  for (const [text, met] of goals) {
    console.log(`${met ? 'met   ' : 'MISSED'} ${text}`);
  }
  const shown = lines.slice(0, 10);
  if (shown.length) {
    console.log(
      `\nScanner log (${lines.length} lines, first ${
        shown.length
      }):\n${shown.join('\n')}`,
    );
  }
  server.close();
  await knex.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exitCode = goals.every(([, met]) => met) ? 0 : 1;
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
