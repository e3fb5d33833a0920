import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { getRoute } from './__testUtils__/getRoute';
import { readExampleEntities } from './__testUtils__/exampleEntities';
import { scanAndWait } from './__testUtils__/scanAndWait';
import { startPlatformTestBackend } from './__testUtils__/startPlatformTestBackend';

const REPOSITORY_ROOT = path.resolve(__dirname, '../../..');
const user = mockCredentials.user.header();

// The file starts a whole backend and builds the demo's git repositories.
jest.setTimeout(120_000);

describe('platform API input', () => {
  let demoDir: string;
  let server: Awaited<ReturnType<typeof startPlatformTestBackend>>['server'];

  beforeAll(async () => {
    demoDir = await fs.mkdtemp(path.join(os.tmpdir(), 'platform-router-'));
    const entities = await readExampleEntities();
    entities.push(
      // A service whose repository the demo never made: reading it fails.
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'lost',
          annotations: { 'github.com/project-slug': 'acme/lost-repository' },
        },
        spec: {
          type: 'service',
          owner: 'team-search',
          lifecycle: 'production',
        },
      },
      // In the catalog with a repository, but no service: discovery leaves it out.
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'handbook',
          annotations: { 'github.com/project-slug': 'acme/search-api' },
        },
        spec: {
          type: 'website',
          owner: 'team-search',
          lifecycle: 'production',
        },
      },
    );
    ({ server } = await startPlatformTestBackend({ entities, demoDir }));
  }, 180_000);

  afterAll(async () => {
    await fs.rm(demoDir, { recursive: true, force: true });
  });

  const get = (route: string) => getRoute(server, route, user);
  const startScan = (body: object) =>
    request(server)
      .post('/api/platform/scans')
      .set('Authorization', user)
      .send(body);

  function expectNoServerPath(text: string) {
    expect(text).not.toContain(demoDir);
    expect(text).not.toContain(REPOSITORY_ROOT);
    expect(text).not.toContain(os.tmpdir());
    expect(text).not.toMatch(/file:\/\//);
  }

  /** Expects `route` to have been refused with `status`, naming each of `values`, and no server path. */
  function expectRefused(
    route: string,
    res: request.Response,
    status: number,
    values: string[],
  ) {
    expect({ route, status: res.status }).toEqual({ route, status });
    for (const value of values) {
      expect(res.body.error.message).toContain(value);
    }
    expectNoServerPath(res.body.error.message);
  }

  async function expectAnswered(routes: string[]) {
    for (const route of routes) {
      expect({ route, status: (await get(route)).status }).toEqual({
        route,
        status: 200,
      });
    }
  }

  it('refuses entity path parameters the catalog would refuse, naming the value', async () => {
    // The checks run in the helpers, once per case.
    expect.hasAssertions();
    const cases: Array<[string, string]> = [
      ['component/default/..%2F..', '../..'],
      ['component/default/payments-api%00', 'payments-api\u0000'],
      ['%2E%2E/default/payments-api', '..'],
      ['component/%2E%2E/payments-api', '..'],
      ['component/default/%2E%2E', '..'],
      ['component/default%2F..%2Fx/payments-api', 'default/../x'],
      ['comp-onent/default/payments-api', 'comp-onent'],
      [`component/default/${'x'.repeat(64)}`, 'x'.repeat(64)],
    ];
    for (const [entity, value] of cases) {
      for (const route of [
        `/entities/${entity}`,
        `/entities/${entity}/release-channels`,
      ]) {
        expectRefused(route, await get(route), 400, [JSON.stringify(value)]);
      }
    }
  });

  it('bounds paging and days, naming the parameter and the value', async () => {
    // The checks run in the helpers, once per case.
    expect.hasAssertions();
    const cases: Array<[string, string, string]> = [
      ['/drift', 'offset', 'Infinity'],
      ['/drift', 'offset', 'NaN'],
      ['/drift', 'offset', '-1'],
      ['/drift', 'offset', '1e400'],
      ['/drift', 'offset', '10000001'],
      ['/drift', 'offset', '2.5'],
      ['/drift', 'limit', '0'],
      ['/drift', 'limit', '501'],
      ['/drift', 'limit', 'NaN'],
      ['/drift', 'limit', 'Infinity'],
      ['/trends', 'days', 'abc'],
      ['/trends', 'days', '0'],
      ['/trends', 'days', 'Infinity'],
      ['/trends', 'days', '367'],
      ['/release-channels', 'offset', 'Infinity'],
      ['/release-channels', 'offset', 'NaN'],
      ['/release-channels', 'limit', '201'],
      ['/release-channels', 'limit', 'Infinity'],
      ['/modules/vpc/adoption', 'servicesPerVersion', '0'],
      ['/modules/vpc/adoption', 'servicesPerVersion', '1001'],
      ['/modules/vpc/adoption', 'servicesPerVersion', 'x'],
    ];
    for (const [route, parameter, value] of cases) {
      const asked = `${route}?${parameter}=${value}`;
      expectRefused(asked, await get(asked), 400, [parameter, value]);
    }
    await expectAnswered([
      '/drift?offset=0&limit=500',
      '/drift?offset=10000000&limit=1',
      '/trends?days=366',
      '/trends?days=1',
      '/release-channels?offset=0&limit=200',
    ]);
  });

  it("lists a module's services up to the number asked for per version, with the counts of all", async () => {
    await scanAndWait(server);
    const all = (await get('/modules/vpc/adoption')).body;
    const cut = (await get('/modules/vpc/adoption?servicesPerVersion=1')).body;
    // The demo has a version of vpc that more than one service is on.
    expect(
      all.versions.some(
        (group: { services: unknown[] }) => group.services.length > 1,
      ),
    ).toBe(true);
    expect(cut.versions).toEqual(
      all.versions.map((group: { services: unknown[] }) => ({
        ...group,
        services: group.services.slice(0, 1),
      })),
    );
    expect(cut.serviceCount).toBe(all.serviceCount);
    expect(cut.servicesBehind).toBe(all.servicesBehind);
    // The most that may be asked for lists them all here.
    expect(
      (await get('/modules/vpc/adoption?servicesPerVersion=1000')).body,
    ).toEqual(all);
  });

  it('refuses promotion, upgrade and other listed filter values it does not know, naming them', async () => {
    const cases: Array<[string, string, string]> = [
      ['/drift', 'promotion', 'behind'],
      ['/drift', 'upgrade', 'merged'],
      ['/drift/export', 'promotion', 'LAGGING'],
      ['/drift/export', 'upgrade', '<script>'],
      ['/summary', 'promotion', 'ahead'],
      ['/summary', 'upgrade', 'closed'],
      ['/drift', 'verdict', 'fine'],
      ['/drift', 'sort', 'lag'],
    ];
    for (const [route, parameter, value] of cases) {
      const asked = `${route}?${parameter}=${encodeURIComponent(value)}`;
      expectRefused(asked, await get(asked), 400, [
        parameter,
        JSON.stringify(value),
      ]);
    }
    // One bad value among good ones is still named.
    const mixed = await get('/drift?upgrade=open&upgrade=stale');
    expect(mixed.status).toBe(400);
    expect(mixed.body.error.message).toContain('"stale"');
    await expectAnswered([
      '/drift?promotion=lagging&upgrade=open',
      '/drift/export?promotion=lagging',
      '/summary?upgrade=open',
    ]);
  });

  it('filters the report by promotion lag and by open upgrade changes, and exports both', async () => {
    const payments = 'component:default/payments-api';
    await scanAndWait(server, { entityRef: payments });

    const lagging = await get(
      `/drift?promotion=lagging&entityRef=${encodeURIComponent(
        payments,
      )}&limit=500`,
    );
    expect(lagging.status).toBe(200);
    expect(lagging.body.items.length).toBeGreaterThan(0);
    for (const row of lagging.body.items) {
      expect(row.promotionLag).toBeDefined();
    }
    expect(lagging.body.items).toContainEqual(
      expect.objectContaining({
        module: 'vpc',
        environment: 'prod',
        version: '2.1.0',
        // Since when is the first scan that saw the lag: this test's own.
        promotionLag: {
          environment: 'staging',
          version: '2.1.1',
          since: expect.any(String),
        },
      }),
    );
    // Staging is ahead, not behind.
    expect(
      lagging.body.items.filter(
        (row: { environment?: string }) => row.environment === 'staging',
      ),
    ).toEqual([]);
    const summary = await get(
      `/summary?entityRef=${encodeURIComponent(payments)}`,
    );
    expect(summary.body.promotionLag.services).toBeGreaterThanOrEqual(1);
    expect(summary.body.promotionLag.references).toBeGreaterThanOrEqual(
      lagging.body.totalCount,
    );
    const csv = await get(`/drift/export?promotion=lagging&module=vpc`);
    expect(csv.text).toContain('behind staging (2.1.1)');

    const change = await request(server)
      .post('/api/platform/upgrades')
      .set('Authorization', user)
      .send({
        module: 'vpc',
        version: '2.1.1',
        entityRefs: [payments],
        environment: 'prod',
      });
    expect(change.status).toBe(201);
    expect(change.body.results[0].change.state).toBe('open');

    const open = await get(`/drift?upgrade=open&limit=500`);
    expect(open.status).toBe(200);
    expect(open.body.items.length).toBeGreaterThan(0);
    for (const row of open.body.items) {
      expect(row).toMatchObject({
        entityRef: payments,
        module: 'vpc',
        environment: 'prod',
        openUpgrade: {
          version: '2.1.1',
          branch: 'platform/upgrade/vpc-2.1.1-prod',
          state: 'open',
        },
      });
    }
    const both = await get(`/summary?upgrade=open&promotion=lagging`);
    expect(both.body.total).toBe(open.body.totalCount);
    const exported = await get(`/drift/export?upgrade=open`);
    expect(exported.text).toContain('to 2.1.1 on ');
    expect(exported.text.trim().split('\n')).toHaveLength(
      1 + open.body.totalCount,
    );
  });

  it('answers a page, summary or facets asked again with the same JSON and weak ETag, and 304 when the browser has it', async () => {
    for (const route of [
      '/drift?limit=5&sort=owner&order=desc',
      '/summary?verdict=up-to-date&verdict=minor-behind',
      '/facets',
    ]) {
      const first = await get(route);
      expect(first.status).toBe(200);
      expect(first.headers['content-type']).toBe(
        'application/json; charset=utf-8',
      );
      // As Express tags a body it sends.
      const hash = createHash('sha1').update(first.text).digest('base64');
      expect(first.headers.etag).toBe(
        `W/"${Buffer.byteLength(first.text).toString(16)}-${hash.slice(
          0,
          27,
        )}"`,
      );
      const again = await get(route);
      expect([again.text, again.headers.etag]).toEqual([
        first.text,
        first.headers.etag,
      ]);
      const kept = await get(route).set('If-None-Match', first.headers.etag);
      expect([kept.status, kept.text]).toEqual([304, '']);
    }
  });

  it('filters the report, its summary and its export by the versions asked for', async () => {
    await scanAndWait(server);
    type Row = { id: string; module?: string; version?: string };
    const everything = await get('/drift?sort=entity&limit=500');
    const all: Row[] = everything.body.items;
    expect(all).toHaveLength(everything.body.totalCount);
    const versionOf = (row: Row) => row.version ?? '';
    const vpc = [
      ...new Set(all.filter(row => row.module === 'vpc').map(versionOf)),
    ];
    // The demo pins vpc at several releases, and something to a branch or nothing.
    expect(vpc.length).toBeGreaterThan(2);
    expect(all.some(row => versionOf(row) === '')).toBe(true);

    const cases: Array<[string | undefined, string[]]> = [
      ['vpc', [vpc[0]]],
      ['vpc', [vpc[1], vpc[2]]],
      // Without a module, a version keeps the rows of every module that pins it.
      [undefined, [vpc[0]]],
      // Empty: the references that resolve to no release.
      [undefined, ['']],
    ];
    for (const [module, versions] of cases) {
      const query = [
        ...(module ? [`module=${module}`] : []),
        ...versions.map(v => `version=${encodeURIComponent(v)}`),
      ].join('&');
      const expected = all
        .filter(row => !module || row.module === module)
        .filter(row => versions.includes(versionOf(row)))
        .map(row => row.id);
      expect(expected.length).toBeGreaterThan(0);
      const page = await get(`/drift?${query}&sort=entity&limit=500`);
      expect({ query, ids: page.body.items.map((row: Row) => row.id) }).toEqual(
        { query, ids: expected },
      );
      const summary = await get(`/summary?${query}`);
      expect({ query, total: summary.body.total }).toEqual({
        query,
        total: expected.length,
      });
      const csv = await get(`/drift/export?${query}`);
      expect(csv.text.trim().split('\n')).toHaveLength(1 + expected.length);
    }
    const unknown = await get('/drift?module=vpc&version=9.9.9');
    expect(unknown.status).toBe(200);
    expect(unknown.body).toMatchObject({ items: [], totalCount: 0 });
    // Only the version means something when empty; the other filters refuse it, naming it.
    expectRefused('/drift?module=', await get('/drift?module='), 400, [
      "'module'",
    ]);
  });

  it('checks every request against its own route after the route was asked before, naming what it refuses', async () => {
    await scanAndWait(server);
    // What the spec says of a route's parameters is read once, at its first request: the
    // checks and the reading of lone list values must hold for each request after it.
    const owner = 'group:default/team-payments';
    const byOwner = `owner=${encodeURIComponent(owner)}`;
    for (let round = 0; round < 2; round++) {
      const owned = await get(`/drift?${byOwner}&sort=entity`);
      expect(owned.status).toBe(200);
      expect(owned.body.items.length).toBeGreaterThan(0);
      expect(
        owned.body.items.filter(
          (row: { owner?: string }) => row.owner !== owner,
        ),
      ).toEqual([]);
      expectRefused('/drift?colour=red', await get('/drift?colour=red'), 400, [
        "'colour'",
      ]);
      expectRefused('/drift?owner=', await get('/drift?owner='), 400, [
        "'owner'",
      ]);
      // The summary has no order: a parameter of the page is unknown to it.
      expectRefused(
        '/summary?sort=entity',
        await get('/summary?sort=entity'),
        400,
        ["'sort'"],
      );
      expect((await get(`/summary?${byOwner}`)).status).toBe(200);
      // Each request reads its own entity from the path.
      for (const name of ['payments-api', 'status-page']) {
        const entity = await get(`/entities/component/default/${name}`);
        expect(entity.status).toBe(200);
        expect(entity.body.entityRef).toBe(`component:default/${name}`);
        expect(entity.body.references.length).toBeGreaterThan(0);
      }
    }
  });

  it('starts no scan of an entity that is no service it knows, and records none', async () => {
    const latest = (await get('/scans/latest')).body;
    for (const [entityRef, status] of [
      ['component:default/nobody-knows', 404],
      ['component:default/handbook', 404],
      ['component:default/..', 400],
      ['component:default/-payments-api', 400],
      ['component:default-/payments-api', 400],
    ] as const) {
      expectRefused(entityRef, await startScan({ entityRef }), status, [
        entityRef,
      ]);
    }
    expect((await get('/scans/latest')).body).toEqual(latest);

    const known = await scanAndWait(server, {
      entityRef: 'component:default/payments-api',
    });
    expect(known).toMatchObject({
      status: 'succeeded',
      entityRef: 'component:default/payments-api',
      repositoriesTotal: 1,
    });
  });

  it('answers the release channels only of services it knows', async () => {
    for (const name of ['nobody-knows', 'handbook']) {
      const res = await get(
        `/entities/component/default/${name}/release-channels`,
      );
      expect({ name, status: res.status }).toEqual({ name, status: 404 });
      expect(res.body.error.message).toContain(`component:default/${name}`);
    }
    // A service that declares none is known: the card says how to declare them.
    const known = await get(
      '/entities/component/default/search-api/release-channels',
    );
    expect(known.status).toBe(200);
    expect(known.body).toMatchObject({
      entityRef: 'component:default/search-api',
      channels: [],
    });
  });

  it('records a repository it cannot read without local paths', async () => {
    const scan = await scanAndWait(server, {
      entityRef: 'component:default/lost',
    });
    expect(scan).toMatchObject({ status: 'succeeded', repositoriesFailed: 1 });

    const entity = await get('/entities/component/default/lost');
    expect(entity.body.repository).toMatchObject({ status: 'failed' });
    expect(entity.body.repository.error).toContain('lost-repository');
    expectNoServerPath(entity.body.repository.error);

    const repositories = await get('/repositories');
    const lost = repositories.body.items.find(
      (r: { entityRef: string }) => r.entityRef === 'component:default/lost',
    );
    expectNoServerPath(lost.error);
  });

  it("answers the last organisation-wide scan as the latest, and a service's failure on that service only", async () => {
    const organisation = await scanAndWait(server);
    const single = await scanAndWait(server, {
      entityRef: 'component:default/lost',
    });
    expect(single).toMatchObject({ entityRef: 'component:default/lost' });
    expect(Date.parse(single.startedAt)).toBeGreaterThanOrEqual(
      Date.parse(organisation.startedAt),
    );

    const latest = (await get('/scans/latest')).body.scan;
    expect(latest).toEqual(organisation);
    expect(latest.entityRef).toBeUndefined();
    const lost = (await get('/entities/component/default/lost')).body;
    expect(lost.repository).toMatchObject({ status: 'failed' });
  });

  it('lists only the repositories whose last scan ended as asked, and refuses a status it does not know', async () => {
    await scanAndWait(server);
    const all = (await get('/repositories')).body.items as Array<{
      entityRef: string;
      status: string;
    }>;
    const failed = await get('/repositories?status=failed');
    expect(failed.status).toBe(200);
    expect(failed.body.items).toEqual(all.filter(r => r.status === 'failed'));
    expect(
      failed.body.items.map((r: { entityRef: string }) => r.entityRef),
    ).toContain('component:default/lost');
    const either = await get('/repositories?status=ok&status=failed');
    expect(either.body.items).toEqual(
      all.filter(r => r.status === 'ok' || r.status === 'failed'),
    );
    expect(either.body.items.length).toBeGreaterThan(failed.body.items.length);

    const refused = await get('/repositories?status=broken');
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('broken');
  });

  describe('releases of a module', () => {
    it('lists them newest first with dates, notes and the upgrade notes of a major, which the source view shows', async () => {
      const res = await get('/modules/vpc/releases');
      expect(res.status).toBe(200);
      const { releases, majors } = res.body;
      expect(releases.map((r: { version: string }) => r.version)).toEqual([
        '2.1.1',
        '2.1.0',
        '2.0.0',
        '1.2.0',
        '1.1.0',
        '1.0.0',
      ]);
      // Annotated in the demo: the tag's date and message.
      expect(releases[2]).toMatchObject({
        tag: 'vpc/v2.0.0',
        date: '2025-06-02T10:00:00.000Z',
        notesSource: 'tag',
        notes: expect.stringContaining('`cidr_block` is renamed `cidr`'),
      });
      // Lightweight: the commit's date, and the module's CHANGELOG.md section.
      expect(releases[4]).toMatchObject({
        tag: 'vpc/v1.1.0',
        date: '2025-01-13T10:00:00.000Z',
        notesSource: 'changelog',
        notes: expect.stringContaining('flow logs'),
      });
      expect(majors).toEqual([
        {
          major: 2,
          status: 'supported',
          firstReleased: '2025-06-02T10:00:00.000Z',
          upgradeNotes: {
            path: 'modules/vpc/UPGRADING.md',
            url: expect.stringMatching(/^\/platform\/source\?/),
          },
        },
        {
          major: 1,
          status: 'supported',
          firstReleased: '2024-10-07T10:00:00.000Z',
        },
      ]);
      const link = new URL(majors[0].upgradeNotes.url, 'http://portal');
      const notes = await get(`/source${link.search}`);
      expect(notes.status).toBe(200);
      expect(notes.body.content).toContain('# Upgrading vpc from 1.x to 2.x');
      expect(link.searchParams.get('commit')).toBe(releases[0].commit);
    });

    it('says a deprecated major is deprecated since its date', async () => {
      const { majors } = (await get('/modules/rds/releases')).body;
      expect(majors[1]).toMatchObject({
        major: 1,
        status: 'deprecated',
        deprecatedSince: '2025-09-01',
      });
    });

    it('answers 404 naming an unknown module or platform, and 401 without credentials', async () => {
      const unknown = await get('/modules/no-such-module/releases');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toContain('"no-such-module"');
      const platform = await get('/modules/vpc/releases?platform=elsewhere');
      expect(platform.status).toBe(404);
      expect(platform.body.error.message).toContain('"elsewhere"');
      const anonymous = await getRoute(
        server,
        '/modules/vpc/releases',
        mockCredentials.none.header(),
      );
      expect(anonymous.status).toBe(401);
    });
  });

  describe('interfaces of module releases', () => {
    it('answers the interface of a release with a strong ETag, and 304 when the browser has it', async () => {
      const res = await get('/modules/vpc/interface?version=v2.1.1');
      expect(res.body.error?.message).toBeUndefined();
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        release: { module: 'vpc', tag: 'vpc/v2.1.1' },
        version: '2.1.1',
        interface: { kind: 'terraform' },
      });
      expect(res.body.interface.variables).toContainEqual(
        expect.objectContaining({ name: 'cidr', required: true }),
      );
      const etag = res.headers.etag;
      expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
      expect(res.headers['cache-control']).toMatch(/^private, max-age=\d+$/);

      const again = await get('/modules/vpc/interface?version=2.1.1').set(
        'If-None-Match',
        etag,
      );
      expect(again.status).toBe(304);
      expect(again.text).toBe('');
      expect(again.headers.etag).toBe(etag);

      const older = await get('/modules/vpc/interface?version=1.2.0').set(
        'If-None-Match',
        etag,
      );
      expect(older.status).toBe(200);
      expect(older.headers.etag).not.toBe(etag);
      expect(older.body.release.tag).toBe('vpc/v1.2.0');
    });

    it('answers the diff of two releases, marked breaking, with its own ETag', async () => {
      const res = await get(
        '/modules/vpc/diff?from=1.2.0&to=2.0.0&platform=acme-platform',
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        from: { module: 'vpc', tag: 'vpc/v1.2.0' },
        to: { module: 'vpc', tag: 'vpc/v2.0.0' },
        breaking: true,
      });
      expect(res.body.changes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            change: 'input-removed',
            name: 'cidr_block',
          }),
          expect.objectContaining({
            change: 'input-added',
            name: 'cidr',
            required: true,
            breaking: true,
          }),
        ]),
      );
      expect(res.headers['cache-control']).toMatch(/^private, max-age=\d+$/);
      const again = await get(
        '/modules/vpc/diff?from=1.2.0&to=2.0.0&platform=acme-platform',
      ).set('If-None-Match', res.headers.etag);
      expect(again.status).toBe(304);

      const none = await get('/modules/vpc/diff?from=2.1.0&to=2.1.1');
      expect(none.status).toBe(200);
      expect(none.body.breaking).toBe(false);
    });

    it('answers 404 naming the module, platform or version it does not know', async () => {
      // The checks run in the helpers, once per case.
      expect.hasAssertions();
      const cases: Array<[string, string[]]> = [
        ['/modules/no-such-module/interface?version=1.0.0', ['no-such-module']],
        ['/modules/vpc/interface?version=9.9.9', ['vpc', '9.9.9']],
        ['/modules/vpc/interface?version=2.1.1&platform=other', ['other']],
        ['/modules/vpc/diff?from=1.2.0&to=9.0.0', ['vpc', '9.0.0']],
        [
          '/modules/no-such-module/diff?from=1.0.0&to=2.0.0',
          ['no-such-module'],
        ],
      ];
      for (const [route, named] of cases) {
        expectRefused(route, await get(route), 404, named);
      }
    });

    it('answers 400 naming a version that is no version', async () => {
      const cases: Array<[string, string, string]> = [
        ['/modules/vpc/interface?version=latest', 'version', 'latest'],
        ['/modules/vpc/interface?version=2.1', 'version', '2.1'],
        ['/modules/vpc/interface?version=%3D2.1.1', 'version', '=2.1.1'],
        ['/modules/vpc/interface?version=%202.1.1', 'version', ' 2.1.1'],
        [
          '/modules/vpc/interface?version=..%2F..%2Fetc',
          'version',
          '../../etc',
        ],
        ['/modules/vpc/diff?from=1.2.0&to=main', 'to', 'main'],
        ['/modules/vpc/diff?from=1.2.0%00&to=2.0.0', 'from', '1.2.0\u0000'],
      ];
      for (const [route, parameter, value] of cases) {
        expectRefused(route, await get(route), 400, [
          parameter,
          JSON.stringify(value),
        ]);
      }
      const missing = await get('/modules/vpc/interface');
      expect(missing.status).toBe(400);
    });

    it('answers nobody who is not signed in', async () => {
      for (const route of [
        '/modules/vpc/interface?version=2.1.1',
        '/modules/vpc/diff?from=1.2.0&to=2.0.0',
      ]) {
        const res = await getRoute(
          server,
          route,
          mockCredentials.none.header(),
        );
        expect({ route, status: res.status }).toEqual({ route, status: 401 });
      }
    });
  });
});
