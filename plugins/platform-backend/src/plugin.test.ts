import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { parse as parseCsv } from 'csv-parse/sync';
import request from 'supertest';
import { getRoute } from './__testUtils__/getRoute';
import {
  leakyService,
  readExampleEntities,
} from './__testUtils__/exampleEntities';
import { scanAndWait } from './__testUtils__/scanAndWait';
import { startPlatformTestBackend } from './__testUtils__/startPlatformTestBackend';

const SECRET = 'ghp_do_not_leak_0123456789';
const user = mockCredentials.user.header();

let demoDir: string;
let entities: Entity[];

beforeAll(async () => {
  demoDir = await fs.mkdtemp(path.join(os.tmpdir(), 'platform-plugin-'));
  entities = await readExampleEntities();
  // A service whose source location carries credentials, on a host nobody may reach.
  entities.push(
    leakyService({
      'backstage.io/source-location': `url:https://bot:${SECRET}@git.internal.example/acme/leaky/tree/main/`,
    }),
  );
});

afterAll(async () => {
  // The demo module of the last backend may still be making its repositories here.
  await fs.rm(demoDir, { recursive: true, force: true, maxRetries: 20 });
});

async function startBackend(
  permission:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const { server } = await startPlatformTestBackend({
    entities,
    demoDir,
    services: [mockServices.permissions.factory({ result: permission })],
    config: {
      integrations: {
        github: [{ host: 'github.com', token: SECRET }],
      },
    },
    platform: { git: { allowedHosts: ['github.com'] } },
  });
  return server;
}

type Server = Awaited<ReturnType<typeof startBackend>>;

// Each test starts a whole backend; a loaded machine needs more than the default 5 s.
jest.setTimeout(60_000);

describe('platform backend plugin', () => {
  let server: Server;
  let firstScan: unknown;

  beforeAll(async () => {
    server = await startBackend();
    firstScan = await scanAndWait(server);
  }, 120_000);

  it('scans every discovered service on demand', () => {
    expect(firstScan).toMatchObject({
      status: 'succeeded',
      repositoriesTotal: 15,
      repositoriesScanned: 14,
      repositoriesFailed: 1,
    });
  });

  const get = (route: string) => getRoute(server, route, user);

  it('answers health for users and other backend plugins, and nobody else', async () => {
    expect((await get('/health')).body).toEqual({ status: 'ok' });
    const service = await getRoute(
      server,
      '/health',
      mockCredentials.service.header(),
    );
    expect(service.status).toBe(200);
    for (const route of [
      '/health',
      '/scans/latest',
      '/drift',
      '/drift/export',
      '/summary',
      '/required-modules',
      '/facets',
      '/trends',
      '/modules',
      '/modules/vpc/adoption',
      '/modules/vpc/interface?version=2.1.1',
      '/modules/vpc/diff?from=1.2.0&to=2.1.1',
      '/entities/component/default/payments-api',
      '/repositories',
      '/dependencies',
    ]) {
      const res = await getRoute(server, route, mockCredentials.none.header());
      expect({ route, status: res.status }).toEqual({ route, status: 401 });
    }
  });

  it('filters, sorts and pages drift rows', async () => {
    const all = await get('/drift?limit=500');
    expect(all.status).toBe(200);
    expect(all.body.totalCount).toBe(all.body.items.length);

    const vpc = await get(
      '/drift?module=vpc&verdict=major-behind&verdict=minor-behind',
    );
    expect(vpc.body.totalCount).toBeGreaterThan(0);
    for (const row of vpc.body.items) {
      expect(row.module).toBe('vpc');
      expect(['major-behind', 'minor-behind']).toContain(row.verdict);
    }

    const page = await get('/drift?sort=verdict&order=desc&limit=2&offset=1');
    expect(page.body).toMatchObject({ offset: 1, limit: 2 });
    expect(page.body.items).toHaveLength(2);
    expect(page.body.items[0].severity).toBeGreaterThanOrEqual(
      page.body.items[1].severity,
    );

    const owner = await get(
      `/drift?owner=${encodeURIComponent('group:default/team-search')}&q=eks`,
    );
    expect(owner.body.totalCount).toBeGreaterThan(0);
    for (const row of owner.body.items) {
      expect(row.owner).toBe('group:default/team-search');
    }
  });

  it('judges the claims of the Crossplane services against the postgresql module', async () => {
    const claims = await get('/drift?module=postgresql&limit=500');
    expect(
      claims.body.items
        .map(
          (row: { entityRef: string; environment: string; verdict: string }) =>
            `${row.entityRef} ${row.environment} ${row.verdict}`,
        )
        .sort(),
    ).toEqual([
      'component:default/invoice-service prod deprecated',
      'component:default/invoice-service prod minor-behind',
      'component:default/invoice-service staging up-to-date',
      'component:default/invoice-service staging up-to-date',
      'component:default/reporting-service prod deprecated',
      'component:default/reporting-service staging up-to-date',
    ]);

    // The module page's blast radius: both services, whether or not a claim pins a release.
    const adoption = await get('/modules/postgresql/adoption');
    const services = adoption.body.versions.flatMap(
      (group: { services: Array<{ entityRef: string }> }) =>
        group.services.map(service => service.entityRef),
    );
    expect(new Set(services)).toEqual(
      new Set([
        'component:default/invoice-service',
        'component:default/reporting-service',
      ]),
    );
  });

  it("names the demo's services that miss the required CI workflow or call it below 3.0.0", async () => {
    const required = await get('/required-modules');
    expect(required.status).toBe(200);
    expect(
      required.body.items.map(
        (item: {
          entityRef: string;
          finding: { module: string; problem: string; message: string };
        }) =>
          `${item.entityRef} ${item.finding.module} ${item.finding.problem}: ${item.finding.message}`,
      ),
    ).toEqual([
      'component:default/search-crawler terraform-ci outside-range: required module terraform-ci must be >= 3.0.0; .github/workflows/ci.yml:9 pins 2.0.0',
      'component:default/status-page terraform-ci missing: missing required module terraform-ci (>= 3.0.0)',
    ]);
    // The service whose repository could not be read is not judged.
    expect((await get('/summary')).body.requiredModules).toEqual({
      services: 2,
      findings: 2,
    });
    const page = await get('/entities/component/default/status-page');
    expect(page.body.requiredModules).toMatchObject([
      { module: 'terraform-ci', problem: 'missing' },
    ]);
    const payments = await get('/entities/component/default/payments-api');
    expect(payments.body.requiredModules).toEqual([]);
  });

  it('refuses invalid query parameters', async () => {
    for (const query of [
      'verdict=sort-of-behind',
      'limit=100000',
      'offset=-1',
      'sort=password',
    ]) {
      const res = await get(`/drift?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
    }
  });

  it('exports the filtered view as CSV', async () => {
    const view = await get('/drift?module=rds&limit=500');
    const csv = await get('/drift/export?module=rds');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...rows] = parseCsv(csv.text) as string[][];
    expect(header.slice(0, 5)).toEqual([
      'entityRef',
      'owner',
      'system',
      'platform',
      'module',
    ]);
    expect(rows).toHaveLength(view.body.totalCount);
    expect(new Set(rows.map(r => r[4]))).toEqual(new Set(['rds']));
  });

  it('answers summary, trends, modules and adoption', async () => {
    const summary = await get('/summary');
    expect(summary.body.services).toBe(14);
    expect(summary.body.byVerdict.deprecated).toBeGreaterThan(0);

    const facets = await get('/facets');
    expect(facets.body).toMatchObject({
      owners: expect.arrayContaining(['group:default/team-payments']),
      modules: expect.arrayContaining(['vpc', 'rds']),
      environments: expect.arrayContaining(['staging', 'prod']),
    });

    const trends = await get('/trends?days=7');
    expect(trends.body.points.length).toBeGreaterThan(0);

    const modules = await get('/modules');
    expect(modules.body.items.map((m: { name: string }) => m.name)).toEqual(
      expect.arrayContaining(['vpc', 'eks', 'rds', 'terraform-ci']),
    );

    const adoption = await get('/modules/rds/adoption');
    expect(adoption.status).toBe(200);
    expect(adoption.body.module.latest).toBe('2.1.0');
    expect(adoption.body.versions.length).toBeGreaterThan(1);
    expect(adoption.headers['content-type']).toMatch(/^application\/json/);
    // Asked again, the same answer: the client's copy is still good.
    const again = await get('/modules/rds/adoption').set(
      'If-None-Match',
      adoption.headers.etag,
    );
    expect(again.status).toBe(304);
    const other = await get('/modules/vpc/adoption').set(
      'If-None-Match',
      adoption.headers.etag,
    );
    expect(other.status).toBe(200);
    expect(other.body.module.name).toBe('vpc');

    expect((await get('/modules/no-such-module/adoption')).status).toBe(404);
  });

  it('shows how each call fares against its interface: filtered, on the entity page and in the CSV', async () => {
    const broken = await get('/drift?callStatus=broken&limit=500');
    expect(broken.status).toBe(200);
    expect(broken.body.totalCount).toBeGreaterThan(0);
    for (const row of broken.body.items) {
      expect(row.callStatus).toBe('broken');
      expect(row.callFindings.length).toBeGreaterThan(0);
    }
    const facing = await get('/drift?callStatus=breaking-upgrade&limit=500');
    expect(facing.body.totalCount).toBeGreaterThan(0);
    for (const row of facing.body.items) {
      expect(row.upgrade).toMatchObject({ breaking: true });
      expect(row.upgrade.needs.length).toBeGreaterThan(0);
    }
    const both = await get(
      '/drift?callStatus=broken&callStatus=breaking-upgrade&limit=1',
    );
    expect(both.body.totalCount).toBe(
      broken.body.totalCount + facing.body.totalCount,
    );
    expect((await get('/drift?callStatus=sort-of-broken')).status).toBe(400);

    // The entity page carries the same findings.
    const [first] = broken.body.items;
    const [kind, rest] = first.entityRef.split(':');
    const [namespace, name] = rest.split('/');
    const entity = await get(`/entities/${kind}/${namespace}/${name}`);
    expect(
      entity.body.references.find((r: { id: string }) => r.id === first.id),
    ).toMatchObject({
      callStatus: 'broken',
      callFindings: first.callFindings,
    });

    const csv = await get('/drift/export?callStatus=broken');
    const [header, ...rows] = parseCsv(csv.text) as string[][];
    const column = (title: string) => header.indexOf(title);
    expect(column('callStatus')).toBeGreaterThan(0);
    expect(rows).toHaveLength(broken.body.totalCount);
    for (const row of rows) {
      expect(row[column('callStatus')]).toBe('broken');
      expect(row[column('callFindings')]).not.toBe('');
    }
  });

  it("answers one entity's references and problems", async () => {
    const res = await get('/entities/component/default/identity-service');
    expect(res.status).toBe(200);
    expect(res.body.repository).toMatchObject({ status: 'ok' });
    expect(res.body.references.length).toBeGreaterThan(0);
    expect(res.body.problems.length).toBeGreaterThan(0);

    const dependencies = await get('/dependencies');
    const payments = dependencies.body.items.find(
      (d: { entityRef: string }) =>
        d.entityRef === 'component:default/payments-api',
    );
    expect(payments.modules).toEqual(
      expect.arrayContaining([{ platform: 'acme-platform', module: 'vpc' }]),
    );
  });

  it('never answers with a credential', async () => {
    const repositories = await get('/repositories');
    const leaky = repositories.body.items.find(
      (r: { entityRef: string }) => r.entityRef === 'component:default/leaky',
    );
    expect(leaky).toMatchObject({ status: 'failed' });
    for (const route of [
      '/repositories',
      '/drift?limit=500',
      '/scans/latest',
    ]) {
      expect(JSON.stringify((await get(route)).body)).not.toContain(SECRET);
    }
  });

  it('refuses to start a scan without the permission', async () => {
    const denied = await startBackend(AuthorizeResult.DENY);
    const res = await request(denied)
      .post('/api/platform/scans')
      .set('Authorization', user)
      .send({});
    expect(res.status).toBe(403);
    const bad = await request(server)
      .post('/api/platform/scans')
      .set('Authorization', user)
      .send({ entityRef: '../../etc/passwd' });
    expect(bad.status).toBe(400);
  });

  it('answers 404 for routes it does not have', async () => {
    const res = await get('/nothing-here');
    expect(res.status).toBe(404);
  });
});
