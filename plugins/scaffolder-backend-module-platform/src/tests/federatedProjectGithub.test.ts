import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { runGit } from '@platform-portal/plugin-platform-engine';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import yaml from 'yaml';
import {
  getEntity,
  runTemplate,
  startPortalBackend,
} from '../__testUtils__/portalBackend';
import { TestPlatform, VPC_INPUTS, createTestPlatform } from './testPlatform';

jest.setTimeout(120_000);

const TOKEN = 'ghp_test-token';
const REPO = 'https://github.com/acme-cloud/orders-web.git';
const ZERO = '0'.repeat(40);

function pktLine(text: string): string {
  return (text.length + 4).toString(16).padStart(4, '0') + text;
}

/** Splits a receive-pack request into its ref update commands and the packfile after them. */
function parseReceivePack(body: Buffer) {
  const commands: string[] = [];
  let offset = 0;
  for (;;) {
    const length = parseInt(body.subarray(offset, offset + 4).toString(), 16);
    offset += 4;
    if (length === 0) {
      break;
    }
    commands.push(
      body
        .subarray(offset, offset + length - 4)
        .toString()
        .split('\0')[0]
        .trim(),
    );
    offset += length - 4;
  }
  return { commands, pack: body.subarray(offset) };
}

describe('the federated-project template on GitHub', () => {
  let platform: TestPlatform;
  let remote: string;
  const calls: string[] = [];
  let created: any;
  let pushAuth: string | null = null;

  const git = (args: string[]) => runGit(args, { cwd: remote });

  // GitHub's REST API and git's smart HTTP protocol, as publish:github and the catalog's
  // GitHub reader speak them; pushed objects land in a real bare repository.
  const server = setupServer(
    // The name check's question, before anything is written: the repository does not exist yet.
    http.get(
      'https://api.github.com/repos/acme-cloud/orders-web',
      ({ request }) => {
        calls.push(
          `GET /repos/acme-cloud/orders-web (${request.headers.get(
            'authorization',
          )})`,
        );
        return created
          ? HttpResponse.json({ full_name: 'acme-cloud/orders-web' })
          : HttpResponse.json({ message: 'Not Found' }, { status: 404 });
      },
    ),
    http.get('https://api.github.com/users/acme-cloud', () => {
      calls.push('GET /users/acme-cloud');
      return HttpResponse.json({ login: 'acme-cloud', type: 'Organization' });
    }),
    http.post(
      'https://api.github.com/orgs/acme-cloud/repos',
      async ({ request }) => {
        calls.push('POST /orgs/acme-cloud/repos');
        created = {
          body: await request.json(),
          auth: request.headers.get('authorization'),
        };
        return HttpResponse.json(
          {
            name: 'orders-web',
            clone_url: REPO,
            html_url: 'https://github.com/acme-cloud/orders-web',
          },
          { status: 201 },
        );
      },
    ),
    http.get(`${REPO}/info/refs`, ({ request }) => {
      calls.push('GET info/refs');
      pushAuth = request.headers.get('authorization');
      if (!pushAuth) {
        // As GitHub does: a push needs credentials, asked for with a challenge.
        return new HttpResponse('Authentication required', {
          status: 401,
          headers: { 'WWW-Authenticate': 'Basic realm="GitHub"' },
        });
      }
      const service = new URL(request.url).searchParams.get('service');
      return new HttpResponse(
        `${pktLine(`# service=${service}\n`)}0000${pktLine(
          `${ZERO} capabilities^{}\0report-status side-band-64k delete-refs agent=git/2.39\n`,
        )}0000`,
        {
          headers: {
            'Content-Type': `application/x-${service}-advertisement`,
            'Cache-Control': 'no-cache',
          },
        },
      );
    }),
    http.post(`${REPO}/git-receive-pack`, async ({ request }) => {
      calls.push('POST git-receive-pack');
      if (request.headers.get('authorization') !== pushAuth) {
        return new HttpResponse('Authentication required', { status: 401 });
      }
      const { commands, pack } = parseReceivePack(
        Buffer.from(await request.arrayBuffer()),
      );
      execFileSync('git', ['unpack-objects', '-q'], {
        cwd: remote,
        input: pack,
      });
      for (const command of commands) {
        const [, sha, ref] = command.split(' ');
        await git(['update-ref', ref, sha]);
      }
      const report = `${pktLine('unpack ok\n')}${commands
        .map(command => pktLine(`ok ${command.split(' ')[2]}\n`))
        .join('')}0000`;
      // Side band 1 carries the report, as GitHub sends it.
      return new HttpResponse(`${pktLine(`\x01${report}`)}0000`, {
        headers: { 'Content-Type': 'application/x-git-receive-pack-result' },
      });
    }),
    http.put(
      'https://api.github.com/repos/acme-cloud/orders-web/branches/main/protection',
      () => {
        calls.push('PUT branch protection');
        return HttpResponse.json({});
      },
    ),
    // The catalog registers what was pushed: the GitHub reader fetches it through the API.
    http.get(
      'https://api.github.com/repos/acme-cloud/orders-web/contents/:file',
      async ({ params, request }) => {
        calls.push(`GET contents/${params.file}`);
        const ref = new URL(request.url).searchParams.get('ref') ?? 'main';
        const content = await git(['show', `${ref}:${params.file}`]).catch(
          () => undefined,
        );
        return content === undefined
          ? HttpResponse.json({ message: 'Not Found' }, { status: 404 })
          : new HttpResponse(content, { headers: { ETag: '"1"' } });
      },
    ),
    http.all('https://api.github.com/*', ({ request }) => {
      calls.push(`unexpected ${request.method} ${request.url}`);
      return HttpResponse.json({ message: 'Not Found' }, { status: 404 });
    }),
  );

  beforeAll(async () => {
    platform = await createTestPlatform();
    remote = path.join(platform.root, 'github', 'orders-web.git');
    await fs.mkdir(remote, { recursive: true });
    await runGit(['init', '--quiet', '--bare', remote]);
    // The backend's own requests to itself (scaffolder to catalog) pass through.
    server.listen({ onUnhandledRequest: 'bypass' });
  });
  afterAll(async () => {
    server.close();
    await platform.cleanup();
  });

  it('creates the repository, pushes the project and registers it', async () => {
    const backend = await startPortalBackend(platform, {
      features: [githubModule],
      config: {
        integrations: { github: [{ host: 'github.com', token: TOKEN }] },
      },
    });
    const task = await runTemplate(backend, {
      name: 'orders-web',
      description: 'Orders web front end.',
      owner: 'group:default/team-orders',
      iacTool: 'opentofu',
      modules: ['vpc'],
      moduleInputs: { vpc: { version: '2.1.0', inputs: VPC_INPUTS } },
      environments: ['prod'],
      releaseChannels: ['github-releases', 'git-tags'],
      publishTarget: 'github',
      repoUrl: 'github.com?owner=acme-cloud&repo=orders-web',
    });
    if (task.status !== 'completed') {
      throw new Error(
        `task ${task.status}: ${task.messages.join('\n')}\n${calls.join('\n')}`,
      );
    }

    expect(calls.filter(call => call.startsWith('unexpected'))).toEqual([]);
    // The name was checked on GitHub, with the configured token, before the repository was made.
    expect(calls[0]).toBe(`GET /repos/acme-cloud/orders-web (Bearer ${TOKEN})`);
    expect(task.messages.join('\n')).toContain(
      'orders-web is free: checked the catalog and github.com.',
    );
    expect(created.body).toMatchObject({
      name: 'orders-web',
      visibility: 'internal',
      description: 'Orders web front end.',
    });
    expect(created.auth).toBe(`token ${TOKEN}`);
    expect(pushAuth).toBe(
      `Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}`,
    );
    expect(calls).toEqual(
      expect.arrayContaining([
        'POST git-receive-pack',
        'PUT branch protection',
        'GET contents/catalog-info.yaml',
      ]),
    );

    // What was pushed is the rendered project, pinned and OpenTofu-flavoured.
    const tree = await git(['ls-tree', '-r', '--name-only', 'main']);
    expect(tree.split('\n')).toEqual(
      expect.arrayContaining([
        'catalog-info.yaml',
        'infra/environments/prod/main.tf',
        'scripts/plan.sh',
        '.github/workflows/ci.yml',
      ]),
    );
    expect(
      await git(['show', 'main:infra/environments/prod/main.tf']),
    ).toContain('?ref=vpc/v2.1.0"');
    expect(await git(['show', 'main:scripts/plan.sh'])).toContain('tool=tofu');
    const entity = yaml.parse(await git(['show', 'main:catalog-info.yaml']));
    expect(entity.metadata.annotations).toMatchObject({
      'github.com/project-slug': 'acme-cloud/orders-web',
      'platform-portal.io/release-github-releases': 'acme-cloud/orders-web',
      'platform-portal.io/release-git-tags':
        'https://github.com/acme-cloud/orders-web.git',
    });

    // Registered from GitHub, and nothing went to the local git root.
    const registered = await getEntity(backend, 'orders-web');
    expect(registered.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location':
        'url:https://github.com/acme-cloud/orders-web/tree/main/catalog-info.yaml',
    });
    await expect(
      fs.access(path.join(platform.root, 'acme', 'orders-web.git')),
    ).rejects.toThrow();
  });
});
