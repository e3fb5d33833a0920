import { ResponseError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/test-utils';
import { ScanRun } from '@platform-portal/plugin-platform-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { PlatformClient } from './PlatformClient';

const baseUrl = 'http://localhost:7007/api/platform';

describe('PlatformClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new PlatformClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });

  /**
   * Answers requests to `path` with `respond`; what it returns holds the URL and JSON body of the
   * last request.
   */
  function respondTo(
    method: 'get' | 'post',
    path: string,
    respond: (request: Request) => Response,
  ) {
    const last: { url?: URL; body?: unknown } = {};
    server.use(
      http[method](`${baseUrl}${path}`, async ({ request }) => {
        last.url = new URL(request.url);
        last.body =
          method === 'post' ? await request.clone().json() : undefined;
        return respond(request);
      }),
    );
    return last;
  }

  /** The status and message of the ResponseError a refused request fails with. */
  async function refusal(request: Promise<unknown>) {
    const error = (await request.catch(e => e)) as ResponseError;
    expect(error).toBeInstanceOf(ResponseError);
    return { statusCode: error.statusCode, message: error.cause.message };
  }

  /** An error as the backend's error handler sends it. */
  function backstageError(
    status: number,
    statusText: string,
    error: { name: string; message: string },
  ) {
    return HttpResponse.json(
      {
        error,
        request: { method: 'GET', url: baseUrl },
        response: { statusCode: status },
      },
      { status, statusText },
    );
  }

  it('fetches the latest scan from the platform backend', async () => {
    const scan: ScanRun = {
      id: 'scan-1',
      startedAt: '2025-01-01T10:00:00.000Z',
      finishedAt: '2025-01-01T10:05:00.000Z',
      status: 'succeeded',
      repositoriesScanned: 12,
      repositoriesSkipped: 2,
      repositoriesFailed: 1,
    };
    const requestedUrls: string[] = [];
    server.use(
      http.get(`${baseUrl}/scans/latest`, ({ request }) => {
        requestedUrls.push(request.url);
        return HttpResponse.json({ scan });
      }),
    );

    await expect(client.getLatestScan()).resolves.toEqual({ scan });
    expect(requestedUrls).toEqual([`${baseUrl}/scans/latest`]);
  });

  it('passes on that no scan has run yet', async () => {
    server.use(
      http.get(`${baseUrl}/scans/latest`, () =>
        HttpResponse.json({ scan: null }),
      ),
    );

    await expect(client.getLatestScan()).resolves.toEqual({ scan: null });
  });

  it('turns a Backstage error body into a ResponseError', async () => {
    respondTo('get', '/scans/latest', () =>
      backstageError(500, 'Internal Server Error', {
        name: 'Error',
        message: 'The scan store is unavailable',
      }),
    );

    const error = await client.getLatestScan().catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(500);
    expect(error.message).toBe('Request failed with 500 Internal Server Error');
    expect(error.cause.message).toBe('The scan store is unavailable');
  });

  it('sends filters, sorting and paging as encoded query parameters', async () => {
    const sent = respondTo('get', '/drift', () =>
      HttpResponse.json({
        items: [],
        totalCount: 0,
        offset: 50,
        limit: 25,
      }),
    );
    await client.getDrift({
      owner: ['group:default/team-a', 'group:default/team-b'],
      verdict: ['deprecated'],
      text: 'vpc module',
      sort: 'verdict',
      order: 'desc',
      offset: 50,
      limit: 25,
    });
    expect(sent.url?.searchParams.getAll('owner')).toEqual([
      'group:default/team-a',
      'group:default/team-b',
    ]);
    // The backend refuses reserved characters that are not encoded.
    expect(sent.url?.search).toContain('owner=group%3Adefault%2Fteam-a');
    expect(sent.url?.searchParams.get('verdict')).toBe('deprecated');
    expect(sent.url?.searchParams.get('q')).toBe('vpc module');
    expect(sent.url?.searchParams.get('offset')).toBe('50');
    expect(sent.url?.searchParams.get('limit')).toBe('25');
  });

  it('starts a scan of one entity with a POST', async () => {
    const sent = respondTo('post', '/scans', () =>
      HttpResponse.json(
        {
          scan: {
            id: 'scan-9',
            startedAt: '2026-01-01T00:00:00.000Z',
            status: 'running',
            repositoriesScanned: 0,
            repositoriesSkipped: 0,
            repositoriesFailed: 0,
          },
        },
        { status: 202 },
      ),
    );
    const scan = await client.startScan({
      entityRef: 'component:default/payments-api',
    });
    expect(sent.body).toEqual({ entityRef: 'component:default/payments-api' });
    expect(scan?.id).toBe('scan-9');
  });

  it('answers undefined for a module no platform has', async () => {
    respondTo('get', '/modules/:name/adoption', () =>
      backstageError(404, 'Not Found', {
        name: 'NotFoundError',
        message: 'No platform module x',
      }),
    );
    await expect(client.getModuleAdoption('x')).resolves.toBeUndefined();
  });

  it('asks for the services per version of an adoption only when given', async () => {
    const sent = respondTo('get', '/modules/:name/adoption', () =>
      HttpResponse.json({}),
    );
    await client.getModuleAdoption('vpc', 'acme', { servicesPerVersion: 50 });
    expect(sent.url?.search).toBe('?platform=acme&servicesPerVersion=50');
    await client.getModuleAdoption('vpc');
    expect(sent.url?.search).toBe('');
  });

  it("asks for an entity's drift by kind, namespace and name", async () => {
    const sent = respondTo('get', '/entities/:kind/:namespace/:name', () =>
      HttpResponse.json({ entityRef: 'x', references: [], problems: [] }),
    );
    await client.getEntityDrift('Component:default/Payments-API');
    expect(sent.url?.pathname).toBe(
      '/api/platform/entities/component/default/payments-api',
    );
  });

  it('downloads the CSV export of a filter', async () => {
    server.use(
      http.get(`${baseUrl}/drift/export`, ({ request }) => {
        const module = new URL(request.url).searchParams.get('module');
        return new HttpResponse(
          `entityRef,module\ncomponent:default/a,${module}\n`,
          {
            headers: { 'Content-Type': 'text/csv' },
          },
        );
      }),
    );
    const blob = await client.exportDrift({ module: ['rds'] });
    expect(await blob.text()).toBe(
      'entityRef,module\ncomponent:default/a,rds\n',
    );
  });

  it('lists release channels with repeated verdict and owner parameters', async () => {
    const page = {
      items: [
        {
          entityRef: 'component:default/payments-api',
          owner: 'group:default/team-payments',
          newestVersion: '0.4.0',
          verdict: 'lagging',
          channels: [],
        },
      ],
      totalCount: 1,
      offset: 20,
      limit: 20,
      counts: { lagging: 1 },
      owners: ['group:default/team-payments'],
    };
    const sent = respondTo('get', '/release-channels', () =>
      HttpResponse.json(page),
    );

    await expect(
      client.listReleaseChannels({
        verdict: ['lagging', 'missing-publish'],
        owner: ['group:default/team-payments'],
        offset: 20,
        limit: 20,
      }),
    ).resolves.toEqual(page);
    expect(sent.url?.searchParams.getAll('verdict')).toEqual([
      'lagging',
      'missing-publish',
    ]);
    expect(sent.url?.searchParams.getAll('owner')).toEqual([
      'group:default/team-payments',
    ]);
    expect(sent.url?.searchParams.get('offset')).toBe('20');
    expect(sent.url?.searchParams.get('limit')).toBe('20');
  });

  it("asks for an entity's release channels by kind, namespace and name", async () => {
    const sent = respondTo(
      'get',
      '/entities/:kind/:namespace/:name/release-channels',
      () =>
        HttpResponse.json({
          entityRef: 'component:default/payments-api',
          verdict: 'in-sync',
          channels: [],
          history: [],
        }),
    );

    const result = await client.getEntityReleaseChannels(
      'Component:Default/Payments-API',
    );
    expect(result.entityRef).toBe('component:default/payments-api');
    expect(sent.url?.pathname).toBe(
      '/api/platform/entities/component/default/payments-api/release-channels',
    );
  });

  it('passes on a failed release channel request as a ResponseError', async () => {
    respondTo('get', '/release-channels', () =>
      backstageError(400, 'Bad Request', {
        name: 'InputError',
        message: 'bad verdict',
      }),
    );
    expect(await refusal(client.listReleaseChannels({}))).toEqual({
      statusCode: 400,
      message: 'bad verdict',
    });
  });
  it('sends the call check filter to the report and to its CSV export', async () => {
    const urls: URL[] = [];
    server.use(
      http.get(`${baseUrl}/drift`, ({ request }) => {
        urls.push(new URL(request.url));
        return HttpResponse.json({
          items: [],
          totalCount: 0,
          offset: 0,
          limit: 25,
        });
      }),
      http.get(`${baseUrl}/drift/export`, ({ request }) => {
        urls.push(new URL(request.url));
        return new HttpResponse('entityRef\n', {
          headers: { 'Content-Type': 'text/csv' },
        });
      }),
    );
    await client.getDrift({ callStatus: ['broken', 'breaking-upgrade'] });
    await client.exportDrift({ callStatus: ['broken'] });
    expect(urls.map(url => url.searchParams.getAll('callStatus'))).toEqual([
      ['broken', 'breaking-upgrade'],
      ['broken'],
    ]);
  });

  it('sends the promotion, open upgrade and version filters to the report, its summary and its CSV export', async () => {
    const urls: URL[] = [];
    const record =
      (answer: () => Response) =>
      ({ request }: { request: Request }) => {
        urls.push(new URL(request.url));
        return answer();
      };
    server.use(
      http.get(
        `${baseUrl}/drift`,
        record(() =>
          HttpResponse.json({ items: [], totalCount: 0, offset: 0, limit: 25 }),
        ),
      ),
      http.get(
        `${baseUrl}/summary`,
        record(() =>
          HttpResponse.json({
            totalReferences: 0,
            totalEntities: 0,
            byVerdict: {},
          }),
        ),
      ),
      http.get(
        `${baseUrl}/drift/export`,
        record(
          () =>
            new HttpResponse('entityRef\n', {
              headers: { 'Content-Type': 'text/csv' },
            }),
        ),
      ),
    );
    const filter = {
      promotion: ['lagging' as const],
      upgrade: ['open' as const],
      // The empty version asks for the references that resolve to no release.
      version: ['1.4.0', ''],
    };
    await client.getDrift(filter);
    await client.getSummary(filter);
    await client.exportDrift(filter);
    expect(
      urls.map(url => [
        url.pathname.replace(/.*\/api\/platform/, ''),
        url.searchParams.getAll('promotion'),
        url.searchParams.getAll('upgrade'),
        url.searchParams.getAll('version'),
      ]),
    ).toEqual([
      ['/drift', ['lagging'], ['open'], ['1.4.0', '']],
      ['/summary', ['lagging'], ['open'], ['1.4.0', '']],
      ['/drift/export', ['lagging'], ['open'], ['1.4.0', '']],
    ]);
  });

  it('asks for the required-module findings by owner, module and service', async () => {
    const answer = { items: [], services: 0 };
    const sent = respondTo('get', '/required-modules', () =>
      HttpResponse.json(answer),
    );
    await expect(
      client.listRequiredModuleFindings({
        owner: ['group:default/team-search', 'group:default/platform-team'],
        module: ['terraform-ci'],
      }),
    ).resolves.toEqual(answer);
    expect(sent.url?.pathname).toBe('/api/platform/required-modules');
    expect(sent.url?.searchParams.getAll('owner')).toEqual([
      'group:default/team-search',
      'group:default/platform-team',
    ]);
    expect(sent.url?.searchParams.getAll('module')).toEqual(['terraform-ci']);
    expect(sent.url?.searchParams.has('entityRef')).toBe(false);
  });

  it("asks for a release's interface by module, version and platform", async () => {
    const answer = {
      release: { module: 'vpc', tag: 'vpc/v2.1.1' },
      version: '2.1.1',
      interface: { kind: 'terraform', variables: [], outputs: [] },
    };
    const sent = respondTo('get', '/modules/:name/interface', () =>
      HttpResponse.json(answer),
    );
    await expect(
      client.getModuleInterface({
        module: 'vpc',
        version: '2.1.1',
        platform: 'acme-platform',
      }),
    ).resolves.toEqual(answer);
    expect(sent.url?.pathname).toBe('/api/platform/modules/vpc/interface');
    expect(sent.url?.searchParams.get('version')).toBe('2.1.1');
    expect(sent.url?.searchParams.get('platform')).toBe('acme-platform');
  });

  it("asks for a module's releases of a platform, and rejects naming an unknown module", async () => {
    const answer = {
      module: 'vpc',
      platform: 'acme-platform',
      releases: [
        {
          version: '2.1.1',
          tag: 'vpc/v2.1.1',
          commit: 'a'.repeat(40),
          prerelease: false,
        },
      ],
      majors: [{ major: 2, status: 'supported' }],
    };
    const sent = respondTo('get', '/modules/:name/releases', request =>
      request.url.includes('/modules/vpc/')
        ? HttpResponse.json(answer)
        : backstageError(404, 'Not Found', {
            name: 'NotFoundError',
            message: 'No platform module "dns"',
          }),
    );
    await expect(
      client.getModuleReleases('vpc', 'acme-platform'),
    ).resolves.toEqual(answer);
    expect(sent.url?.pathname).toBe('/api/platform/modules/vpc/releases');
    expect(sent.url?.searchParams.get('platform')).toBe('acme-platform');
    const error = await client.getModuleReleases('dns').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.cause.message).toBe('No platform module "dns"');
    expect(sent.url?.searchParams.has('platform')).toBe(false);
  });

  it('asks for the diff of two releases, leaving out an empty platform', async () => {
    const sent = respondTo('get', '/modules/:name/diff', () =>
      HttpResponse.json({
        from: { module: 'vpc', tag: 'vpc/v1.4.0' },
        to: { module: 'vpc', tag: 'vpc/v2.1.1' },
        changes: [],
        breaking: false,
      }),
    );
    const diff = await client.getModuleInterfaceDiff({
      module: 'vpc',
      from: '1.4.0',
      to: '2.1.1',
      platform: '',
    });
    expect(diff.to.tag).toBe('vpc/v2.1.1');
    expect(sent.url?.pathname).toBe('/api/platform/modules/vpc/diff');
    expect(sent.url?.searchParams.get('from')).toBe('1.4.0');
    expect(sent.url?.searchParams.get('to')).toBe('2.1.1');
    expect(sent.url?.searchParams.has('platform')).toBe(false);
  });

  it('passes on why an interface could not be read', async () => {
    respondTo('get', '/modules/:name/interface', () =>
      backstageError(404, 'Not Found', {
        name: 'NotFoundError',
        message: 'vpc@vpc/v9.9.9: modules/vpc/variables.tf: no such tag',
      }),
    );
    expect(
      await refusal(
        client.getModuleInterface({ module: 'vpc', version: '9.9.9' }),
      ),
    ).toEqual({
      statusCode: 404,
      message: 'vpc@vpc/v9.9.9: modules/vpc/variables.tf: no such tag',
    });
  });

  const change = {
    id: 'change-1',
    campaignId: 'campaign-1',
    entityRef: 'component:default/auth-gateway',
    module: 'vpc',
    version: '2.1.1',
    branch: 'platform/upgrade/vpc-2.1.1',
    url: 'https://git.example.com/auth-gateway/compare/main...platform/upgrade/vpc-2.1.1',
    state: 'open' as const,
    createdBy: 'user:default/guest',
    createdAt: '2026-12-06T10:00:00.000Z',
    updatedAt: '2026-12-06T10:00:00.000Z',
  };

  const emptyPreview = {
    module: 'vpc',
    version: '2.1.1',
    tag: 'vpc/v2.1.1',
    services: [],
  };

  it("sends a POST's body through fetch middlewares that each rebuild the request", async () => {
    // Like the app's fetch middlewares: each makes a Request of what it gets, then passes on
    // what it got.
    const rebuilding =
      (next: typeof fetch): typeof fetch =>
      (input, init) => {
        const request = new Request(input, init);
        expect(request.url).toBe(`${baseUrl}/upgrades/preview`);
        return next(input, init);
      };
    const appClient = new PlatformClient({
      discoveryApi: { getBaseUrl: async () => baseUrl },
      fetchApi: { fetch: rebuilding(rebuilding(fetch)) },
    });
    const sent = respondTo('post', '/upgrades/preview', () =>
      HttpResponse.json(emptyPreview),
    );

    await appClient.previewUpgrades({ module: 'vpc', version: '2.1.1' });

    expect(sent.body).toEqual({ module: 'vpc', version: '2.1.1' });
  });

  it('asks for the preview of an upgrade with its inputs in the body', async () => {
    const sent = respondTo('post', '/upgrades/preview', () =>
      HttpResponse.json(emptyPreview),
    );
    const preview = await client.previewUpgrades({
      module: 'vpc',
      version: '2.1.1',
      environment: 'staging',
      inputs: { cidr: '10.0.0.0/16' },
    });
    expect(sent.body).toEqual({
      module: 'vpc',
      version: '2.1.1',
      environment: 'staging',
      inputs: { cidr: '10.0.0.0/16' },
    });
    expect(preview.tag).toBe('vpc/v2.1.1');
  });

  it('opens upgrades as a campaign and returns the change per service', async () => {
    const sent = respondTo('post', '/upgrades', () =>
      HttpResponse.json(
        { results: [{ entityRef: change.entityRef, change }] },
        { status: 201 },
      ),
    );
    const result = await client.createUpgrades({
      module: 'vpc',
      version: '2.1.1',
      entityRefs: [change.entityRef, 'component:default/billing-worker'],
      campaign: true,
    });
    expect(sent.body).toEqual({
      module: 'vpc',
      version: '2.1.1',
      entityRefs: [change.entityRef, 'component:default/billing-worker'],
      campaign: true,
    });
    expect(result.results[0].change?.url).toBe(change.url);
  });

  it('passes on which entities an upgrade was refused for', async () => {
    respondTo('post', '/upgrades', () =>
      backstageError(403, 'Forbidden', {
        name: 'NotAllowedError',
        message:
          'You may not open upgrades of component:default/billing-worker',
      }),
    );
    expect(
      await refusal(client.createUpgrades({ module: 'vpc', version: '2.1.1' })),
    ).toEqual({
      statusCode: 403,
      message: 'You may not open upgrades of component:default/billing-worker',
    });
  });

  it('lists the upgrade changes of an entity, leaving out empty filters', async () => {
    const sent = respondTo('get', '/upgrades', () =>
      HttpResponse.json({ items: [change] }),
    );
    await expect(
      client.listUpgrades({
        entityRef: 'component:default/auth-gateway',
        module: '',
      }),
    ).resolves.toEqual([change]);
    expect(sent.url?.searchParams.get('entityRef')).toBe(
      'component:default/auth-gateway',
    );
    expect(sent.url?.searchParams.has('module')).toBe(false);
    expect(sent.url?.searchParams.has('campaign')).toBe(false);
  });

  it("asks for a campaign's progress by its id", async () => {
    const campaign = {
      id: 'campaign-1',
      module: 'vpc',
      version: '2.1.1',
      createdBy: 'user:default/guest',
      createdAt: '2026-12-06T10:00:00.000Z',
      total: 1,
      counts: { open: 1, merged: 0, closed: 0, failed: 0 },
    };
    const sent = respondTo('get', '/upgrades/campaigns/:id', () =>
      HttpResponse.json({ campaign, changes: [change] }),
    );
    await expect(client.getUpgradeCampaign('campaign-1')).resolves.toEqual({
      campaign,
      changes: [change],
    });
    expect(sent.url?.pathname).toBe(
      '/api/platform/upgrades/campaigns/campaign-1',
    );
  });

  it('asks for a file of a repository by its URL, commit and path, encoded, and passes on why it was refused', async () => {
    const file = {
      repository: 'https://github.com/acme/payments-api',
      entityRefs: ['component:default/payments-api'],
      commit: 'a'.repeat(40),
      path: 'infra/environments/prod/main #1.tf',
      language: 'hcl',
      size: 12,
      content: 'module "x" {',
    };
    let query: Record<string, string> = {};
    server.use(
      http.get(`${baseUrl}/source`, ({ request }) => {
        query = Object.fromEntries(new URL(request.url).searchParams);
        return query.path === 'logo.png'
          ? backstageError(415, 'Unsupported Media Type', {
              name: 'SourceRefusedError',
              message: `"logo.png" at aaaaaaaaaaaa is a binary file; the source view shows text only`,
            })
          : HttpResponse.json(file);
      }),
    );
    await expect(
      client.getSourceFile({
        repository: file.repository,
        commit: file.commit,
        path: file.path,
      }),
    ).resolves.toEqual(file);
    expect(query).toEqual({
      repository: file.repository,
      commit: file.commit,
      path: file.path,
    });

    // Without a commit the backend reads the default branch's head.
    await client.getSourceFile({ repository: file.repository, path: 'a.tf' });
    expect(query).toEqual({ repository: file.repository, path: 'a.tf' });

    const error = await client
      .getSourceFile({ repository: file.repository, path: 'logo.png' })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(415);
    expect(error.cause.message).toContain('is a binary file');
  });

  it('lists the files of a repository at a commit, leaving out an empty commit', async () => {
    const list = {
      repository: 'https://github.com/acme/payments-api',
      entityRefs: ['component:default/payments-api'],
      commit: 'b'.repeat(40),
      files: ['README.md', 'infra/main.tf'],
      truncated: false,
    };
    const queries: Array<Record<string, string>> = [];
    server.use(
      http.get(`${baseUrl}/source/files`, ({ request }) => {
        queries.push(Object.fromEntries(new URL(request.url).searchParams));
        return HttpResponse.json(list);
      }),
    );
    await expect(
      client.listSourceFiles({
        repository: list.repository,
        commit: list.commit,
      }),
    ).resolves.toEqual(list);
    await client.listSourceFiles({ repository: list.repository, commit: '' });
    expect(queries).toEqual([
      { repository: list.repository, commit: list.commit },
      { repository: list.repository },
    ]);
  });
});
