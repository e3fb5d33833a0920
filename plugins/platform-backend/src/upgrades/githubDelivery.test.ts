import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { runGit, runGitBuffer } from '@platform-portal/plugin-platform-engine';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { getRoute } from '../__testUtils__/getRoute';
import { scanAndWait } from '../__testUtils__/scanAndWait';
import { startPlatformTestBackend } from '../__testUtils__/startPlatformTestBackend';

const API = 'https://api.github.com/repos/octo/api';
const OCTO = 'component:default/api';
const FILE = 'infra/environments/prod/main.tf';
const MAIN_TF = `module "network" {
  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v2.0.0"

  name = "api-prod"
  cidr = "10.27.0.0/16"
}
`;

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'api',
    annotations: { 'github.com/project-slug': 'octo/api' },
  },
  spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
};

// The local calls (supertest to the backend) pass; GitHub is answered below.
const server = setupServer();

jest.setTimeout(180_000);

/** A GitHub repository octo/api at one commit, served from a real git archive of it. */
async function makeRepository() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'octo-api-'));
  await fs.mkdir(path.join(dir, path.dirname(FILE)), { recursive: true });
  await fs.writeFile(path.join(dir, FILE), MAIN_TF);
  const env = {
    GIT_AUTHOR_NAME: 'Dev',
    GIT_AUTHOR_EMAIL: 'dev@example.com',
    GIT_COMMITTER_NAME: 'Dev',
    GIT_COMMITTER_EMAIL: 'dev@example.com',
  };
  await runGit(['init', '--quiet', '-b', 'main'], { cwd: dir });
  await runGit(['add', '.'], { cwd: dir });
  await runGit(['commit', '--quiet', '-m', 'Initial'], { cwd: dir, env });
  const base = (await runGit(['rev-parse', 'HEAD'], { cwd: dir })).trim();
  const archive = await runGitBuffer(
    [
      'archive',
      '--format=tar.gz',
      `--prefix=octo-api-${base.slice(0, 7)}/`,
      base,
    ],
    { cwd: dir },
  );
  await fs.rm(dir, { recursive: true, force: true });
  return { base, archive };
}

describe('upgrades delivered to GitHub', () => {
  let demoDir: string;
  let backend: Awaited<ReturnType<typeof startPlatformTestBackend>>['server'];
  let base: string;
  const requests: string[] = [];
  const trees: unknown[] = [];
  const pulls: Array<{ title: string; body: string; head: string }> = [];
  const labels: unknown[] = [];
  let branchHead: string | undefined;
  let merged = false;

  beforeAll(async () => {
    server.listen({ onUnhandledRequest: 'bypass' });
    const repository = await makeRepository();
    base = repository.base;
    const record = (req: Request) => {
      const url = new URL(req.url);
      requests.push(
        `${req.method} ${decodeURIComponent(url.pathname).replace(
          '/repos/octo/api',
          '',
        )}`,
      );
    };
    let next = 0;
    server.use(
      http.get(`${API}/commits/HEAD`, () =>
        HttpResponse.text(base, { headers: { etag: '"head"' } }),
      ),
      http.get(`${API}/tarball/:ref`, () =>
        HttpResponse.arrayBuffer(repository.archive, {
          headers: { 'content-type': 'application/x-gzip' },
        }),
      ),
      http.get(`${API}/git/ref/*`, ({ request: req }) => {
        record(req);
        return branchHead
          ? HttpResponse.json({ object: { sha: branchHead } })
          : HttpResponse.json({ message: 'Not Found' }, { status: 404 });
      }),
      http.get(`${API}/git/commits/:sha`, ({ request: req, params }) => {
        record(req);
        return HttpResponse.json({
          sha: params.sha,
          tree: { sha: 't'.repeat(40) },
          author: {
            name: 'Platform Portal',
            email: 'platform-portal@users.noreply.localhost',
          },
        });
      }),
      http.post(`${API}/git/trees`, async ({ request: req }) => {
        record(req);
        trees.push(await req.json());
        return HttpResponse.json({ sha: 'e'.repeat(40) }, { status: 201 });
      }),
      http.post(`${API}/git/commits`, ({ request: req }) => {
        record(req);
        next += 1;
        return HttpResponse.json(
          { sha: String(next).padStart(40, 'c') },
          { status: 201 },
        );
      }),
      http.post(`${API}/git/refs`, async ({ request: req }) => {
        record(req);
        branchHead = ((await req.json()) as { sha: string }).sha;
        return HttpResponse.json({}, { status: 201 });
      }),
      http.patch(`${API}/git/refs/*`, async ({ request: req }) => {
        record(req);
        branchHead = ((await req.json()) as { sha: string }).sha;
        return HttpResponse.json({});
      }),
      http.get(`${API}/pulls`, ({ request: req }) => {
        record(req);
        return HttpResponse.json(
          pulls.length
            ? [{ number: 12, html_url: 'https://github.com/octo/api/pull/12' }]
            : [],
        );
      }),
      http.get(API, () => HttpResponse.json({ default_branch: 'main' })),
      http.post(`${API}/pulls`, async ({ request: req }) => {
        record(req);
        pulls.push((await req.json()) as (typeof pulls)[number]);
        return HttpResponse.json(
          { number: 12, html_url: 'https://github.com/octo/api/pull/12' },
          { status: 201 },
        );
      }),
      http.patch(`${API}/pulls/12`, async ({ request: req }) => {
        record(req);
        pulls.push((await req.json()) as (typeof pulls)[number]);
        return HttpResponse.json({
          number: 12,
          html_url: 'https://github.com/octo/api/pull/12',
        });
      }),
      http.get(`${API}/pulls/12`, () =>
        HttpResponse.json({
          number: 12,
          state: merged ? 'closed' : 'open',
          merged,
        }),
      ),
      http.post(`${API}/issues/12/labels`, async ({ request: req }) => {
        record(req);
        labels.push(await req.json());
        return HttpResponse.json([]);
      }),
    );
    demoDir = await fs.mkdtemp(path.join(os.tmpdir(), 'platform-upgrades-'));
    ({ server: backend } = await startPlatformTestBackend({
      entities: [entity],
      demoDir,
      config: {
        integrations: { github: [{ host: 'github.com', token: 'ghp_test' }] },
      },
    }));
    await scanAndWait(backend);
  }, 300_000);

  afterAll(async () => {
    server.close();
    await fs.rm(demoDir, { recursive: true, force: true });
  });

  const post = (body: object) =>
    request(backend)
      .post('/api/platform/upgrades')
      .set('Authorization', mockCredentials.user.header())
      .send(body);

  it('commits through the git data API and opens one labelled pull request, which asking again updates', async () => {
    const first = await post({
      module: 'vpc',
      version: '2.1.1',
      entityRefs: [OCTO],
    });

    expect(first.status).toBe(201);
    expect(first.body.results[0].refused).toBeUndefined();
    expect(first.body.results[0].change).toMatchObject({
      state: 'open',
      pullRequest: 12,
      url: 'https://github.com/octo/api/pull/12',
      branch: 'platform/upgrade/vpc-2.1.1',
    });
    expect(trees).toEqual([
      {
        base_tree: 't'.repeat(40),
        tree: [
          {
            path: FILE,
            mode: '100644',
            type: 'blob',
            content: MAIN_TF.replace('vpc/v2.0.0', 'vpc/v2.1.1'),
          },
        ],
      },
    ]);
    expect(pulls).toEqual([
      expect.objectContaining({
        head: 'platform/upgrade/vpc-2.1.1',
        base: 'main',
        title: 'Upgrade vpc to 2.1.1',
        body: expect.stringContaining(
          '[Compare 2.0.0 and 2.1.1](/platform/modules/vpc?from=2.0.0&to=2.1.1)',
        ),
      }),
    ]);
    expect(labels).toEqual([{ labels: ['platform-upgrade'] }]);

    requests.length = 0;
    const again = await post({
      module: 'vpc',
      version: '2.1.1',
      entityRefs: [OCTO],
    });
    expect(again.status).toBe(201);
    expect(again.body.results[0].change.id).toBe(
      first.body.results[0].change.id,
    );
    expect(requests.filter(r => r === 'POST /pulls')).toEqual([]);
    expect(requests).toContain('PATCH /pulls/12');
    expect(requests).toContain(
      'PATCH /git/refs/heads/platform/upgrade/vpc-2.1.1',
    );
  });

  it('shows the change merged once its pull request is', async () => {
    const list = () =>
      getRoute(
        backend,
        `/upgrades?entityRef=${encodeURIComponent(OCTO)}`,
        mockCredentials.user.header(),
      );
    expect((await list()).body.items[0].state).toBe('open');
    merged = true;
    expect((await list()).body.items[0].state).toBe('merged');
  });
});
