import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { getRoute } from '../__testUtils__/getRoute';
import {
  leakyService,
  readExampleEntities,
} from '../__testUtils__/exampleEntities';
import { startPlatformTestBackend } from '../__testUtils__/startPlatformTestBackend';

const SECRET = 'ghp_do_not_leak_0123456789';
const user = mockCredentials.user.header();

// Each test file starts a whole backend and builds the demo's git repositories.
jest.setTimeout(120_000);

describe('release channel routes', () => {
  let demoDir: string;
  let server: Awaited<ReturnType<typeof startPlatformTestBackend>>['server'];
  const tasks = new Map<string, SchedulerServiceTaskInvocationDefinition>();

  beforeAll(async () => {
    demoDir = await fs.mkdtemp(path.join(os.tmpdir(), 'platform-channels-'));
    const entities = await readExampleEntities();
    // A channel whose URL carries credentials, on a host nobody may reach.
    entities.push(
      leakyService({
        'platform-portal.io/release-git-tags': `https://bot:${SECRET}@git.internal.example/acme/leaky.git`,
        'platform-portal.io/release-helm': `https://bot:${SECRET}@charts.internal.example/#leaky`,
      }),
    );

    const scheduler = mockServices.scheduler.mock({
      async scheduleTask(task) {
        tasks.set(task.id, task);
      },
    });
    ({ server } = await startPlatformTestBackend({
      entities,
      demoDir,
      scheduler: scheduler.factory,
      config: {
        integrations: {
          github: [{ host: 'github.com', token: SECRET }],
        },
      },
      platform: { releaseChannels: { allowedHosts: ['github.com'] } },
    }));
    const task = tasks.get('platform-release-channels');
    if (!task) {
      throw new Error('the release channel task was not scheduled');
    }
    await task.fn(new AbortController().signal);
  }, 180_000);

  afterAll(async () => {
    await fs.rm(demoDir, { recursive: true, force: true });
  });

  const get = (route: string) => getRoute(server, route, user);
  const channelsOf = (name: string) =>
    get(`/entities/component/default/${name}/release-channels`);

  it('is scheduled like the scan, as a task of its own', () => {
    expect(tasks.get('platform-release-channels')).toMatchObject({
      scope: 'global',
      frequency: { minutes: 30 },
    });
    expect(tasks.has('platform-scan')).toBe(true);
  });

  it("lists every service that declares channels, worst first, with the demo's verdicts", async () => {
    const res = await get('/release-channels');
    expect(res.status).toBe(200);
    const verdicts = Object.fromEntries(
      res.body.items.map((item: { entityRef: string; verdict: string }) => [
        item.entityRef,
        item.verdict,
      ]),
    );
    expect(verdicts).toEqual({
      'component:default/payments-api': 'lagging',
      'component:default/auth-gateway': 'lagging',
      'component:default/ledger-service': 'in-sync',
      'component:default/checkout-web': 'in-sync',
      'component:default/status-page': 'unreachable',
      'component:default/fraud-detector': 'missing-publish',
      'component:default/leaky': 'unreachable',
    });
    expect(res.body.items[0].verdict).toBe('missing-publish');
    expect(res.body.items.at(-1).verdict).toBe('in-sync');
    expect(res.body).toMatchObject({
      totalCount: 7,
      offset: 0,
      limit: 50,
      counts: {
        lagging: 2,
        'in-sync': 2,
        unreachable: 2,
        'missing-publish': 1,
      },
    });
    expect(res.body.owners).toContain('group:default/team-payments');
  });

  it('filters by verdict and owner, and pages', async () => {
    const lagging = await get(
      `/release-channels?verdict=lagging&owner=${encodeURIComponent(
        'group:default/team-payments',
      )}`,
    );
    expect(
      lagging.body.items.map((i: { entityRef: string }) => i.entityRef),
    ).toEqual(['component:default/payments-api']);
    expect(lagging.body.totalCount).toBe(1);

    const page = await get('/release-channels?offset=2&limit=2');
    expect(page.body).toMatchObject({ offset: 2, limit: 2, totalCount: 7 });
    expect(page.body.items).toHaveLength(2);
  });

  it("gives one entity's channels: the git tag ahead of the chart", async () => {
    const res = await channelsOf('payments-api');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      entityRef: 'component:default/payments-api',
      owner: 'group:default/team-payments',
      newestVersion: '0.4.0',
      verdict: 'lagging',
    });
    const [git, helm] = res.body.channels;
    expect(git).toMatchObject({
      kind: 'git-tags',
      target: 'https://github.com/acme/payments-api.git',
      verdict: 'in-sync',
      releaseCount: 4,
      latest: { version: '0.4.0', versionAsPublished: 'v0.4.0' },
    });
    expect(helm).toMatchObject({
      kind: 'helm',
      target: 'https://charts.acme.example/#payments-api',
      verdict: 'lagging',
      latest: {
        version: '0.3.2',
        publishedAt: '2026-09-16T08:20:00.000Z',
      },
    });
    expect(helm.explanation).toMatch(/0\.3\.2 is 1 minor behind 0\.4\.0/);
    expect(
      res.body.history
        .map((h: { kind: string; version: string }) => `${h.kind} ${h.version}`)
        .sort(),
    ).toEqual(['git-tags 0.4.0', 'helm 0.3.2']);
  });

  it('records a refused channel and still reads the others of the service', async () => {
    const res = await channelsOf('status-page');
    const byKind = Object.fromEntries(
      res.body.channels.map((c: { kind: string }) => [c.kind, c]),
    );
    expect(byKind.oci).toMatchObject({
      verdict: 'unreachable',
      problem: { code: 'refused' },
    });
    expect(byKind['git-tags']).toMatchObject({
      verdict: 'in-sync',
      latest: { version: '0.9.0' },
    });
  });

  it('answers an entity without channels with none', async () => {
    const res = await channelsOf('search-api');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      entityRef: 'component:default/search-api',
      verdict: 'in-sync',
      channels: [],
      history: [],
    });
  });

  it('never answers with credentials', async () => {
    for (const route of [
      '/release-channels',
      '/entities/component/default/leaky/release-channels',
    ]) {
      const res = await get(route);
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(SECRET);
    }
    const leaky = await channelsOf('leaky');
    expect(leaky.body.verdict).toBe('unreachable');
    expect(
      leaky.body.channels.map((c: { target: string }) => c.target),
    ).toEqual([
      'https://REDACTED@git.internal.example/acme/leaky.git',
      'https://REDACTED@charts.internal.example/#leaky',
    ]);
  });

  it('answers users and other backend plugins, and nobody else', async () => {
    for (const route of [
      '/release-channels',
      '/entities/component/default/payments-api/release-channels',
    ]) {
      const service = await getRoute(
        server,
        route,
        mockCredentials.service.header(),
      );
      expect({ route, status: service.status }).toEqual({ route, status: 200 });
      const none = await getRoute(server, route, mockCredentials.none.header());
      expect({ route, status: none.status }).toEqual({ route, status: 401 });
      // Without any Authorization header the spec's bearer requirement refuses the request
      // before the route runs, as on every route of the plugin.
      const anonymous = await getRoute(server, route);
      expect({ route, status: anonymous.status }).toEqual({
        route,
        status: 400,
      });
      expect(anonymous.body.error.message).toBe(
        'Authorization header required',
      );
    }
  });

  it('refuses invalid query parameters and entity names', async () => {
    for (const route of [
      '/release-channels?verdict=sort-of-skewed',
      '/release-channels?limit=1000',
      '/release-channels?limit=0',
      '/release-channels?offset=-1',
      `/entities/component/default/${'x'.repeat(300)}/release-channels`,
    ]) {
      const res = await get(route);
      expect({ route, status: res.status }).toEqual({ route, status: 400 });
    }
  });
});
