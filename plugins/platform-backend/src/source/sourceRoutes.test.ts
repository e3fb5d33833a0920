import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { TEST_GIT_IDENTITY } from '@platform-portal/plugin-platform-engine/testUtils';
import { getRoute } from '../__testUtils__/getRoute';
import { readExampleEntities } from '../__testUtils__/exampleEntities';
import { scanAndWait } from '../__testUtils__/scanAndWait';
import { startPlatformTestBackend } from '../__testUtils__/startPlatformTestBackend';

const REPOSITORY_ROOT = path.resolve(__dirname, '../../../..');
const APP = 'http://portal.example:3000';
const PAYMENTS = 'https://github.com/acme/payments-api';
const user = mockCredentials.user.header();

// The file starts a whole backend and builds and scans the demo's git repositories.
jest.setTimeout(120_000);

/**
 * Writes a commit of these top-level files into a bare repository, on no branch, and answers
 * its SHA: files the demo's repositories do not have (binary, large, a link out of the
 * repository), at a commit of a repository the portal scans.
 */
function commitFiles(
  bareDir: string,
  files: Array<{ name: string; mode: string; content: Buffer | string }>,
): string {
  const git = (args: string[], input?: Buffer | string) =>
    execFileSync('git', args, {
      cwd: bareDir,
      input,
      env: { ...process.env, ...TEST_GIT_IDENTITY },
    })
      .toString()
      .trim();
  const entries = files.map(
    file =>
      `${file.mode} blob ${git(
        ['hash-object', '-w', '--stdin'],
        file.content,
      )}\t${file.name}\n`,
  );
  const tree = git(['mktree'], entries.join(''));
  return git(['commit-tree', tree, '-m', 'files the source view refuses']);
}

describe('GET /source', () => {
  let demoDir: string;
  let server: Awaited<ReturnType<typeof startPlatformTestBackend>>['server'];
  let oddCommit: string;

  beforeAll(async () => {
    demoDir = await fs.mkdtemp(path.join(os.tmpdir(), 'platform-source-'));
    ({ server } = await startPlatformTestBackend({
      entities: await readExampleEntities(),
      demoDir,
      config: { app: { baseUrl: APP } },
    }));
    await scanAndWait(server);
    oddCommit = commitFiles(path.join(demoDir, 'acme', 'payments-api.git'), [
      { name: 'README.md', mode: '100644', content: '# Payments\n' },
      {
        name: 'logo.png',
        mode: '100644',
        content: Buffer.from([
          0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0,
        ]),
      },
      {
        name: 'latin1.txt',
        mode: '100644',
        content: Buffer.from('caf\xe9\n', 'latin1'),
      },
      {
        name: 'huge.tf',
        mode: '100644',
        content: `# ${'x'.repeat(80)}\n`.repeat(14_000),
      },
      { name: 'passwd', mode: '120000', content: '../../../../etc/passwd' },
    ]);
    // A repository under the local root that no service names.
    execFileSync('git', [
      'init',
      '--quiet',
      '--bare',
      path.join(demoDir, 'acme', 'unscanned.git'),
    ]);
  }, 180_000);

  afterAll(async () => {
    await fs.rm(demoDir, { recursive: true, force: true });
  });

  const get = (query: Record<string, string>) =>
    getRoute(server, `/source?${new URLSearchParams(query)}`, user);

  /** The message of an answer that must be a 404. */
  function notFoundMessage(res: Awaited<ReturnType<typeof get>>): string {
    expect(res.status).toBe(404);
    return res.body.error.message;
  }

  function expectNoServerPath(text: string) {
    expect(text).not.toContain(demoDir);
    expect(text).not.toContain(REPOSITORY_ROOT);
    expect(text).not.toContain(os.tmpdir());
    expect(text).not.toMatch(/file:\/\//);
  }

  async function paymentsRows() {
    const res = await getRoute(
      server,
      `/drift?entityRef=${encodeURIComponent(
        'component:default/payments-api',
      )}&limit=500`,
      user,
    );
    expect(res.status).toBe(200);
    return res.body.items as Array<{
      file: string;
      line: number;
      ref?: string;
      scmUrl?: string;
    }>;
  }

  it("links each reference of a local repository to the portal's source view of its line, which shows it", async () => {
    const rows = await paymentsRows();
    expect(rows.length).toBeGreaterThan(0);
    const shown: Array<{ ref?: string; line: string }> = [];
    for (const row of rows) {
      const link = new URL(row.scmUrl!);
      expect(`${link.origin}${link.pathname}`).toBe(`${APP}/platform/source`);
      const query = Object.fromEntries(link.searchParams);
      expect(query).toEqual({
        repository: PAYMENTS,
        commit: expect.stringMatching(/^[0-9a-f]{40}$/),
        path: row.file,
        line: String(row.line),
      });

      const res = await get({
        repository: query.repository,
        commit: query.commit,
        path: query.path,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        repository: PAYMENTS,
        entityRefs: ['component:default/payments-api'],
        commit: query.commit,
        path: row.file,
      });
      shown.push({
        ref: row.ref,
        line: res.body.content.split('\n')[row.line - 1],
      });
    }
    // The line the link names is the line the reference is on.
    const pinned = shown.filter(s => s.ref);
    expect(pinned.length).toBeGreaterThan(0);
    for (const { ref, line } of pinned) {
      expect(line).toContain(ref);
    }
  });

  it('answers a Terraform file as hcl, with an ETag by commit and path that a second request gets 304 with', async () => {
    const row = (await paymentsRows()).find(r => r.file.endsWith('.tf'))!;
    const query = Object.fromEntries(new URL(row.scmUrl!).searchParams);
    const first = await get({
      repository: PAYMENTS,
      commit: query.commit,
      path: row.file,
    });
    expect(first.status).toBe(200);
    expect(first.body.language).toBe('hcl');
    expect(first.body.size).toBe(Buffer.byteLength(first.body.content));
    expect(first.headers.etag).toMatch(new RegExp(`^"${query.commit}-`));
    expect(first.headers['cache-control']).toBe('private, max-age=3600');

    const again = await get({
      repository: PAYMENTS,
      commit: query.commit,
      path: row.file,
    }).set('If-None-Match', first.headers.etag);
    expect(again.status).toBe(304);

    const other = await get({
      repository: PAYMENTS,
      commit: oddCommit,
      path: 'README.md',
    }).set('If-None-Match', first.headers.etag);
    expect(other.status).toBe(200);
    expect(other.headers.etag).not.toBe(first.headers.etag);
  });

  it("reads the default branch's head when no commit is given, also of the platform repository", async () => {
    const res = await get({
      repository: 'https://github.com/acme/platform',
      path: 'platform.yaml',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      entityRefs: [],
      language: 'yaml',
      commit: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect(res.body.content).toContain('modules');
    expect(res.headers['cache-control']).toBe('private, no-cache');
  });

  it('refuses paths that are absolute or leave the repository, naming the path and no server path', async () => {
    const [row] = await paymentsRows();
    const commit = new URL(row.scmUrl!).searchParams.get('commit')!;
    const cases = [
      '../payments-api.git/config',
      'infra/../../platform.git/HEAD',
      '..',
      '/etc/passwd',
      `${demoDir}/acme/payments-api.git/config`,
      'C:\\Windows\\win.ini',
      'infra\\environments',
      'infra//main.tf',
      './README.md',
      'infra/\u0000main.tf',
    ];
    for (const file of cases) {
      const res = await get({ repository: PAYMENTS, commit, path: file });
      expect({ file, status: res.status }).toEqual({ file, status: 400 });
      expect(res.body.error.message).toContain(
        JSON.stringify(file).slice(0, 20),
      );
      if (!file.includes(demoDir)) {
        expectNoServerPath(res.body.error.message);
      }
    }
  });

  it('refuses a commit that is no full SHA, naming it', async () => {
    for (const commit of ['main', 'HEAD~1', 'abc123', `--output=/tmp/x`]) {
      const res = await get({
        repository: PAYMENTS,
        commit,
        path: 'README.md',
      });
      expect({ commit, status: res.status }).toEqual({ commit, status: 400 });
      expect(res.body.error.message).toContain(JSON.stringify(commit));
    }
  });

  it('answers 404 naming the repository for one the portal does not scan, and no server path', async () => {
    const cases = [
      'https://github.com/acme/unscanned',
      'https://github.com/acme/nowhere',
      'https://github.com/acme/../acme/payments-api',
      'https://git.example.com/acme/payments-api',
    ];
    for (const repository of cases) {
      const res = await get({ repository, path: 'README.md' });
      expect({ repository, status: res.status }).toEqual({
        repository,
        status: 404,
      });
      expect(res.body.error.message).toBe(
        `${JSON.stringify(repository)} is not a repository the portal scans`,
      );
    }
    // The server's own paths to a scanned repository are no way in either.
    for (const repository of [
      `file://${path.join(demoDir, 'acme', 'payments-api.git')}`,
      path.join(demoDir, 'acme', 'payments-api.git'),
    ]) {
      const res = await get({ repository, path: 'README.md' });
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain(
        'is not a repository the portal scans',
      );
    }
  });

  it('answers 404 naming the file or the commit the repository does not have', async () => {
    const missingFile = await get({
      repository: PAYMENTS,
      commit: oddCommit,
      path: 'infra/nothing.tf',
    });
    expect(notFoundMessage(missingFile)).toBe(
      `"${PAYMENTS}" has no file "infra/nothing.tf" at ${oddCommit.slice(
        0,
        12,
      )}`,
    );

    const unknownCommit = 'f'.repeat(40);
    const missingCommit = await get({
      repository: PAYMENTS,
      commit: unknownCommit,
      path: 'README.md',
    });
    expect(notFoundMessage(missingCommit)).toBe(
      `"${PAYMENTS}" has no commit ${unknownCommit}`,
    );
  });

  it('refuses binary files, files over the size limit and symbolic links, in words', async () => {
    const at = oddCommit.slice(0, 12);
    const cases: Array<[string, number, string]> = [
      [
        'logo.png',
        415,
        `"logo.png" at ${at} is a binary file; the source view shows text only`,
      ],
      [
        'latin1.txt',
        415,
        `"latin1.txt" at ${at} is a binary file; the source view shows text only`,
      ],
      [
        'huge.tf',
        413,
        `"huge.tf" at ${at} is larger than the source view's limit of 1048576 bytes`,
      ],
      [
        'passwd',
        415,
        `"passwd" at ${at} is a symbolic link; the source view shows files only`,
      ],
    ];
    for (const [file, status, message] of cases) {
      const res = await get({
        repository: PAYMENTS,
        commit: oddCommit,
        path: file,
      });
      expect({
        file,
        status: res.status,
        message: res.body.error.message,
      }).toEqual({
        file,
        status,
        message,
      });
      expect(JSON.stringify(res.body)).not.toContain('root:');
    }
    const readme = await get({
      repository: PAYMENTS,
      commit: oddCommit,
      path: 'README.md',
    });
    expect(readme.status).toBe(200);
    expect(readme.body).toMatchObject({
      content: '# Payments\n',
      language: 'markdown',
    });
  });

  it('lists the files of a repository at a commit or at its head, and refuses one it does not scan', async () => {
    const list = (query: Record<string, string>) =>
      getRoute(server, `/source/files?${new URLSearchParams(query)}`, user);

    const odd = await list({ repository: PAYMENTS, commit: oddCommit });
    expect(odd.status).toBe(200);
    expect(odd.body).toEqual({
      repository: PAYMENTS,
      entityRefs: ['component:default/payments-api'],
      commit: oddCommit,
      files: ['README.md', 'huge.tf', 'latin1.txt', 'logo.png', 'passwd'],
      truncated: false,
    });
    expect(odd.headers.etag).toBe(`"${oddCommit}-files"`);

    const head = await list({ repository: PAYMENTS });
    expect(head.status).toBe(200);
    expect(head.body.files).toContain('infra/environments/prod/main.tf');
    expect(head.body.commit).not.toBe(oddCommit);
    expect(head.headers['cache-control']).toBe('private, no-cache');

    const unknown = await list({
      repository: 'https://github.com/acme/unscanned',
    });
    expect(notFoundMessage(unknown)).toBe(
      '"https://github.com/acme/unscanned" is not a repository the portal scans',
    );
    const noCommit = await list({
      repository: PAYMENTS,
      commit: 'e'.repeat(40),
    });
    expect(notFoundMessage(noCommit)).toBe(
      `"${PAYMENTS}" has no commit ${'e'.repeat(40)}`,
    );
    expectNoServerPath(
      JSON.stringify([head.body, unknown.body, noCommit.body]),
    );
  });

  it('answers users and other backend plugins, and nobody else', async () => {
    const route = `/source?${new URLSearchParams({
      repository: PAYMENTS,
      path: 'infra/environments/prod/main.tf',
    })}`;
    const service = await getRoute(
      server,
      route,
      mockCredentials.service.header(),
    );
    expect(service.status).toBe(200);
    const none = await getRoute(server, route, mockCredentials.none.header());
    expect(none.status).toBe(401);
    expect(none.body.content).toBeUndefined();
    // Without an Authorization header the spec's bearer requirement refuses it before the route.
    const anonymous = await getRoute(server, route);
    expect(anonymous.status).toBe(400);
    expect(anonymous.body.content).toBeUndefined();
  });
});
