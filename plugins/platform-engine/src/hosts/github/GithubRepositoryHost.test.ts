import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  GithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { create } from 'tar';
import {
  GithubClients,
  GithubClientsOptions,
} from '../../github/GithubClients';
import { RepositoryHostError } from '@platform-portal/plugin-platform-node';
import {
  GithubRepositoryHost,
  GithubRepositoryHostOptions,
} from './GithubRepositoryHost';

const TOKEN = 'ghp_secret123';
const API = 'https://api.github.com';
const CODELOAD = 'https://codeload.github.com';
const REPO = 'https://github.com/acme/api';
const SHA1 = 'a'.repeat(40);
const SHA2 = 'b'.repeat(40);

const server = setupServer();
registerMswTestHooks(server);

/** GitHub's answer to a head request, the commit SHA as plain text. */
function headAnswer() {
  return new HttpResponse(SHA1, {
    headers: { 'content-type': 'application/vnd.github.sha' },
  });
}

/**
 * Answers head requests in turn with the answers given, the last one from then on, and counts
 * them.
 */
function answerHead(...answers: Array<() => Response>) {
  const head = { requests: 0 };
  server.use(
    http.get(`${API}/repos/acme/api/commits/HEAD`, () => {
      head.requests++;
      return answers[Math.min(head.requests, answers.length) - 1]();
    }),
  );
  return head;
}

/** GitHub's answer when the primary rate limit is spent until `reset`, in seconds. */
function rateLimited(reset: number, message: string, status = 403) {
  return HttpResponse.json(
    { message },
    {
      status,
      headers: {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(reset),
      },
    },
  );
}

type Entry = string | Buffer | { symlink: string };

/** A gzipped tarball as GitHub serves it: everything under `owner-repo-sha/`. */
async function tarball(
  files: Record<string, Entry>,
  top = 'acme-api-aaaaaaa',
): Promise<Buffer> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'github-host-test-'));
  try {
    for (const [file, content] of Object.entries(files)) {
      const target = path.join(dir, top, file);
      await fs.mkdir(path.dirname(target), { recursive: true });
      if (typeof content === 'object' && !Buffer.isBuffer(content)) {
        await fs.symlink(content.symlink, target);
      } else {
        await fs.writeFile(target, content);
      }
    }
    const chunks: Buffer[] = [];
    for await (const chunk of create({ gzip: true, cwd: dir, portable: true }, [
      top,
    ])) {
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

interface Counts {
  /** Every request to the API and to the archive host. */
  requests: number;
  /** Requests that count against the rate limit: API requests not answered 304. */
  counted: number;
  ifNoneMatch: Array<string | null>;
  authorization: Array<string | null>;
  accept: Array<string | null>;
  codeloadAuthorization: Array<string | null>;
}

/**
 * GitHub for one repository: the head (with ETag), the tarball (a redirect to the archive
 * host) and the tags, counting requests.
 */
function mockRepository(options: {
  api?: string;
  codeload?: string;
  owner?: string;
  repo?: string;
  head: () => string;
  archive?: Buffer;
}): Counts {
  const api = options.api ?? API;
  const codeload = options.codeload ?? CODELOAD;
  const owner = options.owner ?? 'acme';
  const repo = options.repo ?? 'api';
  const counts: Counts = {
    requests: 0,
    counted: 0,
    ifNoneMatch: [],
    authorization: [],
    accept: [],
    codeloadAuthorization: [],
  };
  server.use(
    http.get(`${api}/repos/${owner}/${repo}/commits/HEAD`, ({ request }) => {
      counts.requests++;
      counts.ifNoneMatch.push(request.headers.get('if-none-match'));
      counts.authorization.push(request.headers.get('authorization'));
      counts.accept.push(request.headers.get('accept'));
      const sha = options.head();
      const etag = `"${sha}"`;
      if (request.headers.get('if-none-match') === etag) {
        return new HttpResponse(null, { status: 304, headers: { etag } });
      }
      counts.counted++;
      return new HttpResponse(sha, {
        status: 200,
        headers: {
          etag,
          'content-type': 'application/vnd.github.sha; charset=utf-8',
        },
      });
    }),
    http.get(
      `${api}/repos/${owner}/${repo}/tarball/:ref`,
      ({ request, params }) => {
        counts.requests++;
        counts.counted++;
        counts.authorization.push(request.headers.get('authorization'));
        return new HttpResponse(null, {
          status: 302,
          headers: {
            location: `${codeload}/${owner}/${repo}/legacy.tar.gz/${params.ref}?token=CODELOADTOKEN`,
          },
        });
      },
    ),
    http.get(
      `${codeload}/${owner}/${repo}/legacy.tar.gz/:ref`,
      ({ request }) => {
        counts.requests++;
        counts.codeloadAuthorization.push(request.headers.get('authorization'));
        return new HttpResponse(options.archive ?? Buffer.alloc(0), {
          status: 200,
          headers: { 'content-type': 'application/x-gzip' },
        });
      },
    ),
  );
  return counts;
}

function makeHost(
  options: Partial<Omit<GithubRepositoryHostOptions, 'github'>> &
    Pick<
      GithubClientsOptions,
      'credentialsProvider' | 'logger' | 'cacheSize' | 'retry'
    > = {},
  github: object[] = [{ host: 'github.com', token: TOKEN }],
) {
  const { credentialsProvider, logger, cacheSize, retry, ...hostOptions } =
    options;
  const integrations = ScmIntegrations.fromConfig(
    new ConfigReader({ integrations: { github } }),
  );
  return new GithubRepositoryHost({
    github: new GithubClients({
      integrations,
      credentialsProvider,
      logger,
      cacheSize,
      throttle: { retryAfterBaseValue: 1 },
      retry: { retryAfterBaseValue: 1, ...retry },
    }),
    timeoutMs: 2000,
    ...hostOptions,
  });
}

async function failure(
  promise: Promise<unknown>,
): Promise<RepositoryHostError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RepositoryHostError);
    return error as RepositoryHostError;
  }
  throw new Error('expected a failure');
}

describe('GithubRepositoryHost', () => {
  describe('supports', () => {
    const host = makeHost({}, [
      { host: 'github.com', token: TOKEN },
      {
        host: 'ghe.example.com',
        apiBaseUrl: 'https://ghe.example.com/api/v3',
      },
      { host: 'noapi.example.com' },
    ]);

    it.each([
      'https://github.com/acme/api',
      'https://github.com/acme/api.git',
      'https://github.com/acme/api/',
      'https://github.com/acme/api.git/',
      'https://GitHub.com/Acme/My_Repo.v2',
      'https://github.com/acme/.github',
      'https://ghe.example.com/platform/modules',
    ])('accepts %s', url => {
      expect(host.supports(url)).toBe(true);
    });

    it.each([
      'http://github.com/acme/api',
      'git@github.com:acme/api.git',
      'ssh://git@github.com/acme/api.git',
      'https://token@github.com/acme/api',
      'https://user:pass@github.com/acme/api',
      'https://github.com/acme',
      'https://github.com/acme/api/tree/main',
      'https://github.com/acme/..',
      'https://github.com/acme/a..b',
      'https://github.com/../api',
      'https://github.com/acme/.',
      'https://github.com/acme/api?x=1',
      'https://github.com/acme/api#readme',
      'https://github.com/ac me/api',
      'https://github.com/acme/api%2F..',
      'https://gitlab.com/acme/api',
      'https://noapi.example.com/acme/api',
      'file:///srv/git/acme/api.git',
      '',
    ])('refuses %s', url => {
      expect(host.supports(url)).toBe(false);
    });
  });

  describe('getHead', () => {
    it('sends the token and the sha media type, then a conditional request answered 304', async () => {
      const counts = mockRepository({ head: () => SHA1 });
      const host = makeHost();

      await expect(host.getHead(REPO)).resolves.toEqual({ commit: SHA1 });
      await expect(host.getHead(`${REPO}.git`)).resolves.toEqual({
        commit: SHA1,
      });

      expect(counts.requests).toBe(2);
      expect(counts.ifNoneMatch).toEqual([null, `"${SHA1}"`]);
      expect(counts.authorization).toEqual([
        `token ${TOKEN}`,
        `token ${TOKEN}`,
      ]);
      expect(counts.accept[0]).toMatch(/application\/vnd\.github\.v3\.sha/);
      // The second answer was a 304: nothing counted against the rate limit.
      expect(counts.counted).toBe(1);
    });

    it('sees a new commit through a changed ETag', async () => {
      let head = SHA1;
      const counts = mockRepository({ head: () => head });
      const host = makeHost();

      await expect(host.getHead(REPO)).resolves.toEqual({ commit: SHA1 });
      head = SHA2;
      await expect(host.getHead(REPO)).resolves.toEqual({ commit: SHA2 });
      await expect(host.getHead(REPO)).resolves.toEqual({ commit: SHA2 });
      expect(counts.ifNoneMatch).toEqual([null, `"${SHA1}"`, `"${SHA2}"`]);
      expect(counts.counted).toBe(2);
    });

    it('keeps a cache per repository', async () => {
      const api = mockRepository({ head: () => SHA1 });
      const web = mockRepository({ repo: 'web', head: () => SHA2 });
      const host = makeHost();

      await expect(host.getHead(REPO)).resolves.toEqual({ commit: SHA1 });
      await expect(
        host.getHead('https://github.com/acme/web'),
      ).resolves.toEqual({ commit: SHA2 });
      await expect(host.getHead(REPO)).resolves.toEqual({ commit: SHA1 });
      expect(api.ifNoneMatch).toEqual([null, `"${SHA1}"`]);
      expect(web.ifNoneMatch).toEqual([null]);
    });

    it('reads GitHub Enterprise through its apiBaseUrl with its own token', async () => {
      const counts = mockRepository({
        api: 'https://ghe.example.com/api/v3',
        owner: 'platform',
        repo: 'modules',
        head: () => SHA1,
      });
      const host = makeHost({}, [
        {
          host: 'ghe.example.com',
          apiBaseUrl: 'https://ghe.example.com/api/v3',
          token: 'ghe_enterprise_token',
        },
      ]);

      await expect(
        host.getHead('https://ghe.example.com/platform/modules'),
      ).resolves.toEqual({ commit: SHA1 });
      expect(counts.authorization).toEqual(['token ghe_enterprise_token']);
    });

    it('uses the token of a GitHub App installation', async () => {
      const counts = mockRepository({ head: () => SHA1 });
      const getCredentials = jest.fn(async () => ({
        type: 'app' as const,
        token: 'ghs_installation',
        headers: { Authorization: 'Bearer ghs_installation' },
      }));
      const credentialsProvider: GithubCredentialsProvider = {
        getCredentials,
      };
      const host = makeHost({ credentialsProvider });

      await host.getHead(`${REPO}.git`);
      expect(getCredentials).toHaveBeenCalledWith({ url: REPO });
      expect(counts.authorization).toEqual(['token ghs_installation']);
    });

    it('is built from config', async () => {
      const counts = mockRepository({ head: () => SHA1 });
      const host = GithubRepositoryHost.fromConfig(
        new ConfigReader({
          integrations: { github: [{ host: 'github.com', token: TOKEN }] },
        }),
      );
      expect(host.id).toBe('github');
      await expect(host.getHead(REPO)).resolves.toEqual({ commit: SHA1 });
      expect(counts.authorization).toEqual([`token ${TOKEN}`]);
    });
  });

  describe('requests per repository', () => {
    it('costs at most 3 requests for a changed repository and 0 counted for an unchanged one', async () => {
      const archive = await tarball({ 'main.tf': 'module "a" {}\n' });
      const counts = mockRepository({ head: () => SHA1, archive });
      const host = makeHost();
      const wanted = (file: string) => file.endsWith('.tf');

      // Changed (first seen): the head, then the archive.
      const head = await host.getHead(REPO);
      const read = await host.readFiles(REPO, head.commit, wanted);
      expect(read.files.map(f => f.path)).toEqual(['main.tf']);
      const changed = { ...counts };
      expect(changed.requests).toBeLessThanOrEqual(3);
      expect(changed.requests).toBe(3); // head, tarball, archive redirect
      expect(changed.counted).toBe(2);

      // Unchanged: one conditional request answered 304 and nothing read.
      await expect(host.getHead(REPO)).resolves.toEqual({ commit: SHA1 });
      expect(counts.requests - changed.requests).toBe(1);
      expect(counts.counted - changed.counted).toBe(0);
    });
  });

  describe('currentRevisions', () => {
    /**
     * GitHub's GraphQL API for default-branch heads: every `rN: repository(owner: $oN, name: $nN)`
     * of a query is answered from `heads` by `owner/name` ('' for an empty repository), and one
     * not there is null with a NOT_FOUND error, as GitHub answers a repository that was deleted,
     * renamed away or is out of the token's reach. Counts queries and any REST request.
     */
    function answerHeadQueries(heads: Record<string, string>) {
      const seen = {
        queries: [] as Array<{ repositories: number; authorization: string }>,
        rest: 0,
      };
      server.use(
        http.post(`${API}/graphql`, async ({ request }) => {
          const body = (await request.json()) as {
            query: string;
            variables: Record<string, string>;
          };
          const data: Record<string, unknown> = {};
          const errors: unknown[] = [];
          const fields = body.query.matchAll(
            /(\w+): repository\(owner: \$(\w+), name: \$(\w+)\)/g,
          );
          let repositories = 0;
          for (const [, alias, owner, name] of fields) {
            repositories++;
            const key = `${body.variables[owner]}/${body.variables[name]}`;
            const sha = heads[key];
            if (sha === undefined) {
              data[alias] = null;
              errors.push({
                type: 'NOT_FOUND',
                path: [alias],
                message: `Could not resolve to a Repository with the name '${key}'.`,
              });
            } else {
              data[alias] = {
                defaultBranchRef: sha
                  ? { name: 'main', target: { oid: sha } }
                  : null,
              };
            }
          }
          data.rateLimit = {
            cost: 1,
            remaining: 4999,
            resetAt: new Date().toISOString(),
          };
          seen.queries.push({
            repositories,
            authorization: request.headers.get('authorization') ?? '',
          });
          return HttpResponse.json(errors.length ? { data, errors } : { data });
        }),
        http.all(`${API}/repos/*`, () => {
          seen.rest++;
          return HttpResponse.json({ message: 'Not Found' }, { status: 404 });
        }),
      );
      return seen;
    }

    it('reads the heads of 250 repositories with 3 queries and no REST request', async () => {
      const heads: Record<string, string> = {};
      for (let i = 0; i < 250; i++) {
        heads[`acme/svc-${i}.v2`] = i.toString(16).padStart(40, '0');
      }
      const seen = answerHeadQueries(heads);
      const urls = Object.keys(heads).map(key => `https://github.com/${key}`);

      const answers = await makeHost().currentRevisions(urls);

      expect(seen.queries.map(q => q.repositories)).toEqual([100, 100, 50]);
      expect(seen.queries[0].authorization).toBe(`token ${TOKEN}`);
      expect(seen.rest).toBe(0);
      expect(answers.size).toBe(250);
      expect(answers.get('https://github.com/acme/svc-17.v2')).toEqual({
        commit: (17).toString(16).padStart(40, '0'),
        branch: 'main',
      });
    });

    it('reports a repository GitHub does not show, and still reads the others', async () => {
      const seen = answerHeadQueries({ 'acme/api': SHA1, 'acme/empty': '' });

      const answers = await makeHost().currentRevisions([
        'https://github.com/acme/api',
        'https://github.com/acme/renamed-away',
        'https://github.com/acme/empty',
      ]);

      expect(seen.queries).toHaveLength(1);
      expect(answers.get('https://github.com/acme/api')).toEqual({
        commit: SHA1,
        branch: 'main',
      });
      const gone = answers.get('https://github.com/acme/renamed-away');
      expect(gone).toBeInstanceOf(RepositoryHostError);
      expect(gone).toMatchObject({ retryable: false });
      expect((gone as Error).message).toMatch(
        /^Reading the default branch of https:\/\/github.com\/acme\/renamed-away failed: repository not found or no access \(GitHub answered NOT_FOUND/,
      );
      const empty = answers.get('https://github.com/acme/empty');
      expect((empty as Error).message).toMatch(/the repository is empty/);
    });

    it('asks once per credentials, each query with its own token', async () => {
      const seen = answerHeadQueries({ 'acme/api': SHA1, 'globex/api': SHA2 });
      const tokens: Record<string, string> = {
        'https://github.com/acme/api': 'ghs_acme',
        'https://github.com/globex/api': 'ghs_globex',
      };
      const host = makeHost({
        credentialsProvider: {
          getCredentials: async ({ url }) => ({
            type: 'app',
            token: tokens[url],
          }),
        },
      });

      const answers = await host.currentRevisions(Object.keys(tokens));

      expect(seen.queries.map(q => q.authorization).sort()).toEqual([
        'token ghs_acme',
        'token ghs_globex',
      ]);
      expect(answers.get('https://github.com/globex/api')).toMatchObject({
        commit: SHA2,
      });
    });

    it('holds every repository of a query until a spent GraphQL rate limit resets', async () => {
      const reset = Math.floor(Date.now() / 1000) + 3600;
      server.use(
        http.post(`${API}/graphql`, () =>
          HttpResponse.json(
            {
              data: null,
              errors: [
                { type: 'RATE_LIMITED', message: 'API rate limit exceeded' },
              ],
            },
            {
              headers: {
                'x-ratelimit-remaining': '0',
                'x-ratelimit-reset': String(reset),
                'x-ratelimit-resource': 'graphql',
              },
            },
          ),
        ),
      );
      const urls = [
        'https://github.com/acme/api',
        'https://github.com/acme/web',
      ];

      const answers = await makeHost().currentRevisions(urls);

      for (const url of urls) {
        expect(answers.get(url)).toMatchObject({
          retryable: true,
          retryAfter: reset * 1000,
        });
      }
    });

    it('leaves out the repositories of a query that failed otherwise, to be asked one by one', async () => {
      server.use(
        http.post(`${API}/graphql`, () =>
          HttpResponse.json({ message: 'Bad credentials' }, { status: 401 }),
        ),
      );
      const answers = await makeHost().currentRevisions([REPO]);
      expect(answers.size).toBe(0);
    });

    it('costs 1 counted request for a changed repository and none for an unchanged one', async () => {
      const archive = await tarball({ 'main.tf': 'module "a" {}\n' });
      const seen = answerHeadQueries({ 'acme/api': SHA1 });
      // Registered last, so that it answers before the catch-all of REST requests.
      const counts = mockRepository({ head: () => SHA1, archive });
      const host = makeHost();

      const [head] = (await host.currentRevisions([REPO])).values();
      await host.readFiles(
        REPO,
        (head as { commit: string }).commit,
        () => true,
      );
      expect(counts.counted).toBe(1); // the archive; its redirect is not counted
      await host.currentRevisions([REPO]);
      expect(counts.counted).toBe(1);
      expect(counts.ifNoneMatch).toEqual([]); // no head request at all
      expect(seen.queries).toHaveLength(2);
    });
  });

  describe('readFiles', () => {
    it('keeps wanted files and reports symlinks and oversized files', async () => {
      const archive = await tarball({
        'main.tf': 'module "vpc" {}\n',
        'modules/vpc/main.tf': 'resource "x" "y" {}\n',
        'README.md': '# api\n',
        'big.tf': 'x'.repeat(100),
        'link.tf': { symlink: 'main.tf' },
        'docs/link.md': { symlink: '../README.md' },
        'empty/.keep': '',
      });
      const counts = mockRepository({ head: () => SHA1, archive });
      const host = makeHost();

      const result = await host.readFiles(
        REPO,
        SHA1,
        file => file.endsWith('.tf'),
        { maxFileSize: 50 },
      );

      expect(
        result.files
          .map(f => ({ path: f.path, content: f.content.toString('utf8') }))
          .sort((a, b) => a.path.localeCompare(b.path)),
      ).toEqual([
        { path: 'main.tf', content: 'module "vpc" {}\n' },
        { path: 'modules/vpc/main.tf', content: 'resource "x" "y" {}\n' },
      ]);
      expect(
        [...result.problems].sort((a, b) => a.file.localeCompare(b.file)),
      ).toEqual([
        {
          file: 'big.tf',
          message: 'file is over the size limit of 50 bytes; not scanned',
        },
        {
          file: 'link.tf',
          message: 'symbolic link in the repository; not followed',
        },
      ]);
      expect(counts.requests).toBe(2);
      expect(counts.authorization).toEqual([`token ${TOKEN}`]);
      // fetch drops the token when following the redirect to another host.
      expect(counts.codeloadAuthorization).toEqual([null]);
    });

    it('reads files up to 5 MB by default', async () => {
      const archive = await tarball({
        'small.yaml': 'a: 1\n',
        'large.yaml': Buffer.alloc(5 * 1024 * 1024 + 1, 'a'),
      });
      mockRepository({ head: () => SHA1, archive });
      const result = await makeHost().readFiles(REPO, SHA1, () => true);
      expect(result.files.map(f => f.path)).toEqual(['small.yaml']);
      expect(result.problems).toEqual([
        {
          file: 'large.yaml',
          message: `file is over the size limit of ${
            5 * 1024 * 1024
          } bytes; not scanned`,
        },
      ]);
    });

    it('refuses an archive over the size limit', async () => {
      const archive = await tarball({ 'main.tf': 'x'.repeat(10_000) });
      mockRepository({ head: () => SHA1, archive });
      const error = await failure(
        makeHost({ maxArchiveSize: 100 }).readFiles(REPO, SHA1, () => true),
      );
      expect(error.message).toMatch(/over the limit of 100 bytes/);
      expect(error.retryable).toBe(false);
    });

    it('refuses an archive announced over the size limit without retrying', async () => {
      let requests = 0;
      mockRepository({ head: () => SHA1 });
      server.use(
        http.get(`${CODELOAD}/acme/api/legacy.tar.gz/:ref`, () => {
          requests++;
          return new HttpResponse('x'.repeat(1000), {
            headers: {
              'content-type': 'application/x-gzip',
              'content-length': '1000',
            },
          });
        }),
      );
      const error = await failure(
        makeHost({ maxArchiveSize: 100 }).readFiles(REPO, SHA1, () => true),
      );
      expect(error.message).toMatch(
        /archive is 1000 bytes, over the limit of 100 bytes/,
      );
      expect(error.retryable).toBe(false);
      expect(requests).toBe(1);
    });

    it('refuses a commit that is not a full SHA', async () => {
      const error = await failure(
        makeHost().readFiles(REPO, 'main', () => true),
      );
      expect(error.message).toMatch(/not a full commit SHA/);
    });

    it('refuses a URL it does not support', async () => {
      const error = await failure(
        makeHost().readFiles('https://github.com/acme/..', SHA1, () => true),
      );
      expect(error.retryable).toBe(false);
    });

    it('fails retryably on a corrupt archive', async () => {
      mockRepository({
        head: () => SHA1,
        archive: Buffer.from('not a tarball at all'),
      });
      const error = await failure(makeHost().readFiles(REPO, SHA1, () => true));
      expect(error.retryable).toBe(true);
      expect(error.message).toMatch(/Reading the archive/);
    });
  });

  describe('listTags', () => {
    it('follows pages and reuses them through ETags', async () => {
      let requests = 0;
      let counted = 0;
      const ifNoneMatch: Array<string | null> = [];
      const pages: Record<string, Array<{ name: string; sha: string }>> = {
        '1': [
          { name: 'vpc/v1.0.0', sha: SHA1 },
          { name: 'vpc/v1.1.0', sha: SHA2 },
        ],
        '2': [{ name: 'v2.0.0', sha: 'c'.repeat(40) }],
      };
      server.use(
        http.get(`${API}/repos/acme/api/tags`, ({ request }) => {
          requests++;
          const url = new URL(request.url);
          const page = url.searchParams.get('page') ?? '1';
          expect(url.searchParams.get('per_page')).toBe('100');
          const etag = `"tags-${page}"`;
          ifNoneMatch.push(request.headers.get('if-none-match'));
          if (request.headers.get('if-none-match') === etag) {
            return new HttpResponse(null, { status: 304, headers: { etag } });
          }
          counted++;
          const headers: Record<string, string> = { etag };
          if (page === '1') {
            headers.link = `<${API}/repositories/1/tags?per_page=100&page=2>; rel="next", <${API}/repositories/1/tags?per_page=100&page=2>; rel="last"`;
          }
          return HttpResponse.json(
            pages[page].map(tag => ({
              name: tag.name,
              commit: { sha: tag.sha, url: 'x' },
              zipball_url: 'x',
              tarball_url: 'x',
              node_id: 'x',
            })),
            { headers },
          );
        }),
      );
      const host = makeHost();
      const expected = [
        { name: 'vpc/v1.0.0', commit: SHA1 },
        { name: 'vpc/v1.1.0', commit: SHA2 },
        { name: 'v2.0.0', commit: 'c'.repeat(40) },
      ];

      await expect(host.listTags(REPO)).resolves.toEqual(expected);
      expect(requests).toBe(2);
      expect(counted).toBe(2);

      await expect(host.listTags(REPO)).resolves.toEqual(expected);
      expect(requests).toBe(4);
      expect(counted).toBe(2);
      expect(ifNoneMatch).toEqual([null, null, '"tags-1"', '"tags-2"']);
    });
  });

  describe('errors', () => {
    const messages: string[] = [];

    async function hostFailure(promise: Promise<unknown>) {
      const error = await failure(promise);
      messages.push(error.message, String(error.stack));
      return error;
    }

    it('reports a missing repository as permanent', async () => {
      server.use(
        http.get(`${API}/repos/acme/api/commits/HEAD`, () =>
          HttpResponse.json({ message: 'Not Found' }, { status: 404 }),
        ),
      );
      const error = await hostFailure(makeHost().getHead(REPO));
      expect(error.message).toMatch(/repository not found or no access/);
      expect(error.message).toContain(REPO);
      expect(error.retryable).toBe(false);
    });

    it('reports bad credentials as permanent', async () => {
      server.use(
        http.get(`${API}/repos/acme/api/commits/HEAD`, () =>
          HttpResponse.json({ message: 'Bad credentials' }, { status: 401 }),
        ),
      );
      const error = await hostFailure(makeHost().getHead(REPO));
      expect(error.message).toMatch(/bad credentials/);
      expect(error.retryable).toBe(false);
    });

    it('reports an empty repository as permanent', async () => {
      server.use(
        http.get(`${API}/repos/acme/api/commits/HEAD`, () =>
          HttpResponse.json(
            { message: 'Git Repository is empty.' },
            { status: 409 },
          ),
        ),
      );
      const error = await hostFailure(makeHost().getHead(REPO));
      expect(error.message).toMatch(/empty/);
      expect(error.retryable).toBe(false);
    });

    it('gives up retryably after repeated server errors', async () => {
      let requests = 0;
      server.use(
        http.get(`${API}/repos/acme/api/tarball/:ref`, () => {
          requests++;
          return HttpResponse.json({ message: 'Bad Gateway' }, { status: 502 });
        }),
      );
      const error = await hostFailure(
        makeHost({ retry: { retries: 2 } }).readFiles(REPO, SHA1, () => true),
      );
      expect(error.retryable).toBe(true);
      expect(error.message).toMatch(/GitHub answered 502/);
      expect(requests).toBe(3);
    });

    it('gives up on a primary rate limit with a distant reset', async () => {
      const reset = Math.floor(Date.now() / 1000) + 3600;
      const head = answerHead(() =>
        rateLimited(reset, 'API rate limit exceeded for user ID 1.'),
      );
      const error = await hostFailure(makeHost().getHead(REPO));
      expect(error.retryable).toBe(true);
      expect(error.retryAfter).toBe(reset * 1000);
      expect(error.message).toMatch(/rate limit/);
      expect(head.requests).toBe(1);
    });

    it('retries a primary rate limit once when the reset is near', async () => {
      const logger = mockServices.logger.mock();
      const reset = Math.floor(Date.now() / 1000) + 5;
      const head = answerHead(
        () => rateLimited(reset, 'API rate limit exceeded'),
        headAnswer,
      );
      await expect(makeHost({ logger }).getHead(REPO)).resolves.toEqual({
        commit: SHA1,
      });
      expect(head.requests).toBe(2);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(/primary rate limit hit .*; retrying in \d+ s/),
      );
      for (const [message] of logger.warn.mock.calls) {
        messages.push(String(message));
      }
    });

    it('retries a rate limit only once', async () => {
      const reset = Math.floor(Date.now() / 1000) + 5;
      const head = answerHead(() =>
        rateLimited(reset, 'API rate limit exceeded'),
      );
      const error = await hostFailure(makeHost().getHead(REPO));
      expect(error.retryAfter).toBe(reset * 1000);
      expect(head.requests).toBe(2);
    });

    it('handles a 429 rate limit the same way', async () => {
      let requests = 0;
      const reset = Math.floor(Date.now() / 1000) + 3600;
      server.use(
        http.get(`${API}/repos/acme/api/tags`, () => {
          requests++;
          return rateLimited(reset, 'API rate limit exceeded', 429);
        }),
      );
      const error = await hostFailure(makeHost().listTags(REPO));
      expect(error.retryable).toBe(true);
      expect(error.retryAfter).toBe(reset * 1000);
      expect(requests).toBe(1);
    });

    it.each([
      [
        'a server error',
        () => HttpResponse.json({ message: 'Server Error' }, { status: 500 }),
      ],
      [
        'a 429 that asks to wait briefly',
        () =>
          HttpResponse.json(
            { message: 'You have exceeded a secondary rate limit.' },
            { status: 429, headers: { 'retry-after': '2' } },
          ),
      ],
    ])('retries once after %s', async (_name, firstAnswer) => {
      const head = answerHead(firstAnswer, headAnswer);
      await expect(makeHost().getHead(REPO)).resolves.toEqual({
        commit: SHA1,
      });
      expect(head.requests).toBe(2);
    });

    it('reports a timeout as retryable', async () => {
      let requests = 0;
      server.use(
        http.get(`${API}/repos/acme/api/commits/HEAD`, async () => {
          requests++;
          await delay(1000);
          return new HttpResponse(SHA1);
        }),
      );
      const error = await hostFailure(
        makeHost({
          timeoutMs: 50,
          retry: { retries: 1 },
        }).getHead(REPO),
      );
      expect(error.retryable).toBe(true);
      expect(error.message).toMatch(/timed out/);
      expect(requests).toBe(2);
    });

    it('keeps the token out of messages, even when GitHub repeats it', async () => {
      server.use(
        http.get(`${API}/repos/acme/api/commits/HEAD`, ({ request }) =>
          HttpResponse.json(
            {
              message: `Unexpected header ${request.headers.get(
                'authorization',
              )}`,
            },
            { status: 422 },
          ),
        ),
        http.get(`${API}/repos/acme/api/tarball/:ref`, () =>
          HttpResponse.json(
            { message: `token ${TOKEN} is not valid here` },
            { status: 400 },
          ),
        ),
      );
      const host = makeHost();
      const head = await hostFailure(host.getHead(REPO));
      expect(head.message).toMatch(/Unexpected header/);
      const read = await hostFailure(host.readFiles(REPO, SHA1, () => true));
      expect(read.message).toMatch(/GitHub answered 400/);
    });

    it('keeps the archive URL token out of messages', async () => {
      mockRepository({ head: () => SHA1 });
      server.use(
        http.get(`${CODELOAD}/acme/api/legacy.tar.gz/:ref`, () =>
          HttpResponse.error(),
        ),
      );
      const error = await hostFailure(
        makeHost({ retry: { retries: 0 } }).readFiles(REPO, SHA1, () => true),
      );
      expect(error.retryable).toBe(true);
    });

    // Runs last in this block: every message the tests above saw.
    it('never put a token in a message', () => {
      expect(messages.length).toBeGreaterThan(20);
      for (const message of messages) {
        expect(message).not.toContain(TOKEN);
        expect(message).not.toContain('CODELOADTOKEN');
      }
    });
  });
});
