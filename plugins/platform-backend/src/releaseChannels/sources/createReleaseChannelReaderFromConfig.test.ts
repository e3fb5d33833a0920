import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  RELEASE_CHANNEL_ANNOTATIONS,
  ReleaseChannelKind,
  judgeReleaseChannels,
  readReleaseChannelDeclarations,
} from '@platform-portal/plugin-platform-common';
import {
  LocalServer,
  startCountingListener,
  startHttpServer,
} from '@platform-portal/plugin-platform-engine/testUtils';
import {
  ReleaseChannelError,
  ReleaseVersionSource,
} from '@platform-portal/plugin-platform-node';
import { runGit } from '@platform-portal/plugin-platform-engine';
import {
  createReleaseChannelReaderFromConfig,
  ReleaseChannelReaderOptions,
} from './createReleaseChannelReaderFromConfig';

const INDEX = `apiVersion: v1
entries:
  payments-api:
  - name: payments-api
    version: 0.3.2
    created: "2026-04-01T09:00:00Z"
    urls: [payments-api-0.3.2.tgz]
  - name: payments-api
    version: 0.4.0-rc.1
    created: "2026-04-20T09:00:00Z"
    urls: [payments-api-0.4.0-rc.1.tgz]
`;
const PASSWORD = 'registry-password-42';

describe('createReleaseChannelReaderFromConfig', () => {
  let server: LocalServer;
  let root: string;
  let gitUrl: string;
  const logger = mockServices.logger.mock();

  beforeAll(async () => {
    server = await startHttpServer((req, res) => {
      const url = req.url ?? '/';
      if (url === '/charts/index.yaml') {
        res.writeHead(200);
        res.end(INDEX);
      } else if (url.startsWith('/v2/private/')) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="registry"' });
        res.end();
      } else if (url === '/pypi/slow/json') {
        res.writeHead(429, { 'retry-after': '600' });
        res.end();
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'release-reader-'));
    const repo = path.join(root, 'payments-api.git');
    await runGit(['init', '--quiet', '--bare', repo]);
    const work = path.join(root, 'work');
    await runGit(['clone', '--quiet', repo, work]);
    const env = {
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    };
    await runGit(['commit', '--quiet', '--allow-empty', '-m', 'one'], {
      cwd: work,
      env,
    });
    for (const tag of ['v0.3.2', '0.4.0', 'v0.4.0', 'release-candidate']) {
      await runGit(['tag', tag], { cwd: work });
    }
    await runGit(['push', '--quiet', '--tags', 'origin'], { cwd: work });
    gitUrl = pathToFileURL(repo).href;
  });

  afterAll(async () => {
    await server.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  beforeEach(() => {
    server.requests.length = 0;
  });

  function reader(
    releaseChannels: object = {},
    options: Partial<ReleaseChannelReaderOptions> = {},
  ) {
    return createReleaseChannelReaderFromConfig(
      new ConfigReader({ platform: { releaseChannels } }),
      { logger, localRoots: [root], ...options },
    );
  }

  it('reads each declared channel and judges the skew between them', async () => {
    const declarations = readReleaseChannelDeclarations({
      [RELEASE_CHANNEL_ANNOTATIONS['git-tags']]: gitUrl,
      [RELEASE_CHANNEL_ANNOTATIONS.helm]: `${server.url}/charts#payments-api`,
    });
    const read = reader({ allowedHosts: [server.host] });
    const readings = await Promise.all(declarations.map(d => read.read(d)));

    expect(readings[0]).toMatchObject({
      kind: 'git-tags',
      target: gitUrl,
      latest: { version: '0.4.0' },
      releaseCount: 2, // `0.4.0` and `v0.4.0` are one release
      versions: ['0.3.2', '0.4.0'],
    });
    expect(readings[1]).toMatchObject({
      kind: 'helm',
      latest: {
        version: '0.3.2',
        publishedAt: '2026-04-01T09:00:00.000Z',
        url: `${server.url}/charts/payments-api-0.3.2.tgz`,
      },
      releaseCount: 2,
      versions: ['0.3.2', '0.4.0-rc.1'],
    });
    for (const reading of readings) {
      expect(reading.problem).toBeUndefined();
      expect(Date.parse(reading.checkedAt)).toBeGreaterThan(
        Date.now() - 60_000,
      );
    }

    const service = judgeReleaseChannels(
      'component:default/payments-api',
      readings,
    );
    expect(service.verdict).toBe('lagging');
    expect(service.channels[1].explanation).toBe(
      '0.3.2 is 1 minor behind 0.4.0 (1 release missing)',
    );
  });

  describe('with platform.git.rewrites onto a local bare repository', () => {
    const declared = 'https://git.acme.example/acme/payments-api.git';
    // The channels' own roots are empty: only platform.git lets it read the mirror.
    const rewritten = (git: object) =>
      createReleaseChannelReaderFromConfig(
        new ConfigReader({ platform: { git } }),
        {
          logger,
        },
      );
    const git = () => ({
      localRoots: [root],
      rewrites: [{ from: 'https://git.acme.example/acme/', to: `${root}/` }],
    });

    it('lists the tags of the repository the rewrite leads to, as the scanner reads it', async () => {
      const reading = await rewritten(git()).read({
        kind: 'git-tags',
        target: declared,
      });
      expect(reading).toMatchObject({
        target: declared,
        latest: { version: '0.4.0' },
        versions: ['0.3.2', '0.4.0'],
      });
      expect(reading.problem).toBeUndefined();
    });

    it('refuses the same channel without the rewrite, as its host is not allowed', async () => {
      const reading = await rewritten({ localRoots: [root] }).read({
        kind: 'git-tags',
        target: declared,
      });
      expect(reading.problem?.code).toBe('refused');
    });

    it('names a missing repository by its declared URL, never by the server path', async () => {
      const missing = declared.replace('payments-api', 'orders-api');
      const reading = await rewritten(git()).read({
        kind: 'git-tags',
        target: missing,
      });
      expect(reading.releaseCount).toBe(0);
      expect(reading.problem?.message).toContain(
        'https://git.acme.example/acme/orders-api',
      );
      expect(reading.problem?.message).not.toContain(root);
    });
  });

  it('refuses channels on hosts outside the allow-list without making any request', async () => {
    const read = reader({ allowedHosts: ['charts.acme.example'] });
    const targets: Record<ReleaseChannelKind, string> = {
      'github-releases': `https://${server.host}/acme/payments-api`,
      'git-tags': `${server.url}/acme/payments-api.git`,
      oci: `${server.host}/acme/payments-api`,
      helm: `${server.url}/charts#payments-api`,
      'terraform-registry': `${server.host}/acme/vpc/aws`,
      pypi: `${server.url}/#payments-api`,
      npm: `${server.url}/#@acme/payments-api`,
    };
    for (const [kind, target] of Object.entries(targets)) {
      const reading = await read.read({
        kind: kind as ReleaseChannelKind,
        target,
      });
      expect(reading).toMatchObject({
        kind,
        target,
        releaseCount: 0,
        problem: { code: 'refused' },
      });
      expect(reading.latest).toBeUndefined();
    }
    expect(server.requests).toHaveLength(0);
  });

  it('matches scheme, host and port for git tags as for every other kind', async () => {
    const listener = await startCountingListener();
    try {
      // Another port of an allowed host, in every transport git knows.
      const read = reader({ allowedHosts: ['127.0.0.1:7080'] });
      for (const target of [
        `http://127.0.0.1:${listener.port}/x.git`,
        `https://127.0.0.1:${listener.port}/x.git`,
        `git://127.0.0.1:${listener.port}/x.git`,
        `ssh://git@127.0.0.1:${listener.port}/x.git`,
        'http://127.0.0.1:7080/x.git',
      ]) {
        const reading = await read.read({ kind: 'git-tags', target });
        expect(reading.problem?.code).toBe('refused');
      }
      expect(listener.connections()).toBe(0);
    } finally {
      await listener.close();
    }
  });

  it('refuses public registries until they are listed', async () => {
    const reading = await reader().read({
      kind: 'pypi',
      target: 'payments-api',
    });
    expect(reading.problem).toMatchObject({ code: 'refused' });
    expect(reading.problem?.message).toContain('pypi.org');
  });

  it('turns a rate limit into a problem with when to come back', async () => {
    const reading = await reader({
      allowedHosts: [server.host],
      pypiIndex: `${server.url}/`,
    }).read({ kind: 'pypi', target: 'slow' });
    expect(reading.problem?.code).toBe('rate-limited');
    expect(Date.parse(reading.problem!.retryAfter!)).toBeGreaterThan(
      Date.now() + 500_000,
    );
  });

  it('never puts registry credentials in a problem', async () => {
    const reading = await reader({
      registries: [
        {
          host: server.host,
          insecure: true,
          username: 'ci',
          password: PASSWORD,
        },
      ],
    }).read({ kind: 'oci', target: `${server.host}/private/api` });
    expect(reading.problem?.code).toBe('unauthorized');
    expect(JSON.stringify(reading)).not.toContain(PASSWORD);
    expect(JSON.stringify(reading)).not.toContain(
      Buffer.from(`ci:${PASSWORD}`).toString('base64'),
    );
    expect(server.requests.at(-1)?.headers.authorization).toMatch(/^Basic /);
  });

  it('asks added sources first, and keeps channel-marked prereleases from being latest', async () => {
    const custom: ReleaseVersionSource = {
      kind: 'npm',
      listReleases: async () => [
        { version: '0.4.0', versionAsPublished: '0.4.0' },
        { version: '0.5.0', versionAsPublished: '0.5.0', prerelease: true },
        { version: 'garbage', versionAsPublished: 'garbage' },
      ],
    };
    const reading = await reader({}, { sources: [custom] }).read({
      kind: 'npm',
      target: '@acme/payments-api',
    });
    expect(reading.problem).toBeUndefined();
    expect(reading.latest?.version).toBe('0.4.0');
    expect(reading.releaseCount).toBe(2);
  });

  it('turns a failing source into a problem on its channel', async () => {
    const broken: ReleaseVersionSource = {
      kind: 'helm',
      listReleases: async () => {
        throw new TypeError(
          "Cannot read properties of undefined (reading 'entries')",
        );
      },
    };
    const refusing: ReleaseVersionSource = {
      kind: 'oci',
      listReleases: async () => {
        throw new ReleaseChannelError('not-found', 'no such image');
      },
    };
    const read = reader({}, { sources: [broken, refusing] });
    await expect(
      read.read({ kind: 'helm', target: 'x' }),
    ).resolves.toMatchObject({
      releaseCount: 0,
      problem: {
        code: 'unreachable',
        message: expect.stringContaining('reading the channel failed'),
      },
    });
    await expect(
      read.read({ kind: 'oci', target: 'x' }),
    ).resolves.toMatchObject({
      problem: { code: 'not-found', message: 'no such image' },
    });
    expect(logger.warn).toHaveBeenCalled();
  });

  it('gives up on a source that ignores the signal', async () => {
    const deaf: ReleaseVersionSource = {
      kind: 'terraform-registry',
      listReleases: () => new Promise(() => {}),
    };
    const reading = await createReleaseChannelReaderFromConfig(
      new ConfigReader({
        platform: { releaseChannels: { channelTimeoutMs: 50 } },
      }),
      { logger, sources: [deaf] },
    ).read({
      kind: 'terraform-registry',
      target: 'registry.terraform.io/a/b/c',
    });
    expect(reading.problem).toEqual({
      code: 'unreachable',
      message: 'the channel did not answer in time',
    });
  });

  it('gives up on a channel that takes longer than the channel timeout', async () => {
    const slow: ReleaseVersionSource = {
      kind: 'pypi',
      listReleases: (_target, options) =>
        new Promise((_resolve, reject) => {
          options?.signal?.addEventListener('abort', () =>
            reject(
              new ReleaseChannelError('unreachable', 'reading was cancelled'),
            ),
          );
        }),
    };
    const reading = await createReleaseChannelReaderFromConfig(
      new ConfigReader({
        platform: { releaseChannels: { channelTimeoutMs: 50 } },
      }),
      { logger, sources: [slow] },
    ).read({ kind: 'pypi', target: 'payments-api' });
    expect(reading.problem?.code).toBe('unreachable');
  });
});
