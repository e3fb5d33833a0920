import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { GithubClients } from '../../github/GithubClients';
import { GithubRepositoryHost } from './GithubRepositoryHost';

const TOKEN = 'ghp_changes_secret';
const API = 'https://api.github.com/repos/acme/api';
const REPO = 'https://github.com/acme/api';
const BASE = 'b'.repeat(40);
const BRANCH = 'platform/upgrade/vpc-2.1.1';
const author = { name: 'Platform Portal', email: 'portal@acme.example' };
const change = {
  base: BASE,
  branch: BRANCH,
  files: [{ path: 'infra/main.tf', content: 'module "vpc" {}\n' }],
  message: 'Upgrade vpc to 2.1.1',
  author,
};
const pullRequest = {
  branch: BRANCH,
  title: 'Upgrade vpc to 2.1.1',
  body: 'vpc 1.2.0 → 2.1.1',
  labels: ['platform-upgrade'],
};

// GitHub asks for a second between content-creating requests, and the clients keep to it.
jest.setTimeout(60_000);

const server = setupServer();
registerMswTestHooks(server);

/** A GitHub repository in memory: refs, commits, pull requests, and every request made. */
function fakeGithub(options: { failOn?: string; branchAuthor?: string } = {}) {
  const state = {
    requests: [] as string[],
    refs: new Map<string, string>(),
    commits: new Map<string, { email: string; name: string; tree: string }>([
      [BASE, { ...author, tree: 't'.repeat(40) }],
    ]),
    pulls: [] as Array<{ number: number; head: string; title: string }>,
    labels: [] as string[],
    trees: [] as unknown[],
  };
  if (options.branchAuthor) {
    const sha = 'c'.repeat(40);
    state.commits.set(sha, {
      name: 'Jane Doe',
      email: options.branchAuthor,
      tree: 't'.repeat(40),
    });
    state.refs.set(BRANCH, sha);
  }
  let next = 0;
  const newSha = () => (++next).toString(16).padStart(40, '0');
  const record = (request: Request) => {
    const url = new URL(request.url);
    const name = `${request.method} ${decodeURIComponent(url.pathname).replace(
      '/repos/acme/api',
      '',
    )}`;
    state.requests.push(name);
    if (options.failOn && name.startsWith(options.failOn)) {
      return HttpResponse.json(
        { message: 'Resource not accessible by integration' },
        { status: 403 },
      );
    }
    return undefined;
  };
  const refName = (request: Request) =>
    decodeURIComponent(new URL(request.url).pathname).replace(
      /^.*\/git\/refs?\/heads\//,
      '',
    );
  server.use(
    http.get(`${API}/git/ref/*`, ({ request }) => {
      const failed = record(request);
      if (failed) return failed;
      const sha = state.refs.get(refName(request));
      return sha
        ? HttpResponse.json({ object: { sha } })
        : HttpResponse.json({ message: 'Not Found' }, { status: 404 });
    }),
    http.get(`${API}/git/commits/:sha`, ({ request, params }) => {
      const failed = record(request);
      if (failed) return failed;
      const commit = state.commits.get(String(params.sha));
      return commit
        ? HttpResponse.json({
            sha: params.sha,
            tree: { sha: commit.tree },
            author: { name: commit.name, email: commit.email },
          })
        : HttpResponse.json({ message: 'Not Found' }, { status: 404 });
    }),
    http.post(`${API}/git/trees`, async ({ request }) => {
      const failed = record(request);
      if (failed) return failed;
      state.trees.push(await request.json());
      return HttpResponse.json({ sha: newSha() }, { status: 201 });
    }),
    http.post(`${API}/git/commits`, async ({ request }) => {
      const failed = record(request);
      if (failed) return failed;
      const body = (await request.json()) as {
        tree: string;
        author: { name: string; email: string };
      };
      const sha = newSha();
      state.commits.set(sha, { ...body.author, tree: body.tree });
      return HttpResponse.json({ sha }, { status: 201 });
    }),
    http.post(`${API}/git/refs`, async ({ request }) => {
      const failed = record(request);
      if (failed) return failed;
      const body = (await request.json()) as { ref: string; sha: string };
      state.refs.set(body.ref.replace('refs/heads/', ''), body.sha);
      return HttpResponse.json({ ref: body.ref }, { status: 201 });
    }),
    http.patch(`${API}/git/refs/*`, async ({ request }) => {
      const failed = record(request);
      if (failed) return failed;
      const body = (await request.json()) as { sha: string };
      state.refs.set(refName(request), body.sha);
      return HttpResponse.json({});
    }),
    http.delete(`${API}/git/refs/*`, ({ request }) => {
      const failed = record(request);
      if (failed) return failed;
      state.refs.delete(refName(request));
      return new HttpResponse(null, { status: 204 });
    }),
    http.get(API, ({ request }) => {
      const failed = record(request);
      if (failed) return failed;
      return HttpResponse.json({ default_branch: 'main' });
    }),
    http.get(`${API}/pulls`, ({ request }) => {
      const failed = record(request);
      if (failed) return failed;
      const head = new URL(request.url).searchParams.get('head');
      return HttpResponse.json(
        state.pulls
          .filter(pull => `acme:${pull.head}` === head)
          .map(pull => ({
            number: pull.number,
            html_url: `https://github.com/acme/api/pull/${pull.number}`,
          })),
      );
    }),
    http.post(`${API}/pulls`, async ({ request }) => {
      const failed = record(request);
      if (failed) return failed;
      const body = (await request.json()) as { head: string; title: string };
      const number = state.pulls.length + 1;
      state.pulls.push({ number, head: body.head, title: body.title });
      return HttpResponse.json(
        { number, html_url: `https://github.com/acme/api/pull/${number}` },
        { status: 201 },
      );
    }),
    http.patch(`${API}/pulls/:number`, async ({ request, params }) => {
      const failed = record(request);
      if (failed) return failed;
      const body = (await request.json()) as { title: string };
      const pull = state.pulls.find(p => p.number === Number(params.number))!;
      pull.title = body.title;
      return HttpResponse.json({
        number: pull.number,
        html_url: `https://github.com/acme/api/pull/${pull.number}`,
      });
    }),
    http.post(`${API}/issues/:number/labels`, async ({ request }) => {
      const failed = record(request);
      if (failed) return failed;
      state.labels.push(
        ...((await request.json()) as { labels: string[] }).labels,
      );
      return HttpResponse.json([]);
    }),
  );
  return state;
}

function makeHost() {
  return new GithubRepositoryHost({
    github: new GithubClients({
      integrations: ScmIntegrations.fromConfig(
        new ConfigReader({
          integrations: { github: [{ host: 'github.com', token: TOKEN }] },
        }),
      ),
      throttle: { retryAfterBaseValue: 1 },
      retry: { retryAfterBaseValue: 1 },
    }),
    timeoutMs: 2000,
  });
}

async function deliver(host: GithubRepositoryHost) {
  const pushed = await host.pushBranch(REPO, change);
  const pull = await host.openPullRequest(REPO, {
    ...pullRequest,
    removeBranchOnFailure: pushed.created,
  });
  return { pushed, pull };
}

describe('GithubRepositoryHost changes', () => {
  it('opens a pull request with a branch made through the git data API, no clone', async () => {
    const github = fakeGithub();
    const { pushed, pull } = await deliver(makeHost());
    expect(github.requests).toEqual([
      `GET /git/ref/heads/${BRANCH}`,
      `GET /git/commits/${BASE}`,
      'POST /git/trees',
      'POST /git/commits',
      'POST /git/refs',
      'GET /pulls',
      'GET ',
      'POST /pulls',
      'POST /issues/1/labels',
    ]);
    expect(github.refs.get(BRANCH)).toBe(pushed.commit);
    expect(github.trees[0]).toEqual({
      base_tree: 't'.repeat(40),
      tree: [
        {
          path: 'infra/main.tf',
          mode: '100644',
          type: 'blob',
          content: 'module "vpc" {}\n',
        },
      ],
    });
    expect(pull).toEqual({
      number: 1,
      url: 'https://github.com/acme/api/pull/1',
      state: 'open',
      created: true,
    });
    expect(github.labels).toEqual(['platform-upgrade']);
  });

  it('updates the branch and the open pull request when asked again, never opening a second', async () => {
    const github = fakeGithub();
    const host = makeHost();
    await deliver(host);
    const head = github.refs.get(BRANCH);
    github.requests.length = 0;
    const again = await host.pushBranch(REPO, change);
    const pull = await host.openPullRequest(REPO, {
      ...pullRequest,
      title: 'Upgrade vpc to 2.1.1 (rebased)',
    });
    expect(again.created).toBe(false);
    expect(github.requests).toEqual([
      `GET /git/ref/heads/${BRANCH}`,
      `GET /git/commits/${head}`,
      `GET /git/commits/${BASE}`,
      'POST /git/trees',
      'POST /git/commits',
      `PATCH /git/refs/heads/${BRANCH}`,
      'GET /pulls',
      'PATCH /pulls/1',
      'POST /issues/1/labels',
    ]);
    expect(github.pulls).toEqual([
      { number: 1, head: BRANCH, title: 'Upgrade vpc to 2.1.1 (rebased)' },
    ]);
    expect(pull.created).toBe(false);
    expect(github.refs.get(BRANCH)).toBe(again.commit);
  });

  it('refuses to move a branch a person pushed to, making nothing', async () => {
    const github = fakeGithub({ branchAuthor: 'jane@acme.example' });
    await expect(makeHost().pushBranch(REPO, change)).rejects.toThrow(
      `the branch ${BRANCH} has commits by Jane Doe; the portal does not overwrite them`,
    );
    expect(github.requests).toEqual([
      `GET /git/ref/heads/${BRANCH}`,
      `GET /git/commits/${'c'.repeat(40)}`,
    ]);
    expect(github.refs.get(BRANCH)).toBe('c'.repeat(40));
  });

  it('reports a 403 on the branch clearly, without the token, and leaves no branch', async () => {
    const github = fakeGithub({ failOn: 'POST /git/refs' });
    const error: Error = await makeHost()
      .pushBranch(REPO, change)
      .then(
        () => new Error('pushed'),
        e => e as Error,
      );
    expect(error.message).toBe(
      `Pushing a branch to ${REPO} failed: access denied (GitHub answered 403: Resource not accessible by integration)`,
    );
    expect(String((error as Error).stack)).not.toContain(TOKEN);
    expect(github.refs.has(BRANCH)).toBe(false);
    expect(github.requests).not.toContain('POST /pulls');
  });

  it('removes the branch it just made when the pull request cannot be opened', async () => {
    const github = fakeGithub({ failOn: 'POST /pulls' });
    await expect(deliver(makeHost())).rejects.toThrow(
      /Opening a pull request on https:\/\/github.com\/acme\/api failed: access denied/,
    );
    expect(github.requests).toContain(`DELETE /git/refs/heads/${BRANCH}`);
    expect(github.refs.has(BRANCH)).toBe(false);
  });

  it('refuses a branch outside platform/ before any request', async () => {
    const github = fakeGithub();
    await expect(
      makeHost().pushBranch(REPO, { ...change, branch: 'main' }),
    ).rejects.toThrow('"main" is not a branch name the portal may push');
    expect(github.requests).toEqual([]);
  });
});
