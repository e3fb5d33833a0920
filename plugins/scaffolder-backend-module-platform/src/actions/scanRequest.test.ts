import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createScanRequestAction } from './scanRequest';

const BASE_URL = 'http://platform.test/api/platform';

describe('platform:scan:request', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const action = createScanRequestAction({
    auth: mockServices.auth(),
    discovery: mockServices.discovery.mock({
      getBaseUrl: async () => BASE_URL,
    }),
  });
  const context = (entityRef: string, isDryRun = false) => ({
    ...createMockActionContext({
      input: { entityRef },
      logger: mockServices.logger.mock(),
    }),
    getInitiatorCredentials: async () =>
      mockCredentials.user('user:default/jane'),
    isDryRun,
  });

  it('requests the scan on behalf of the person who ran the template', async () => {
    let token: any;
    server.use(
      http.post(`${BASE_URL}/scans`, ({ request: req }) => {
        token = JSON.parse(
          req.headers
            .get('authorization')!
            .replace(/^Bearer mock-service-token:/, ''),
        );
        return HttpResponse.json({ scan: { id: 'scan-1' } }, { status: 202 });
      }),
    );
    await action.handler(context('component:default/orders-api') as any);
    expect(token).toMatchObject({
      obo: 'user:default/jane',
      target: 'platform',
    });
  });

  it.each([
    [
      403,
      'The platform backend did not let user:default/jane scan component:default/orders-api (403); the new service will be scanned on the next scheduled scan',
    ],
    [
      404,
      'The platform backend does not know component:default/orders-api yet (404); the new service will be scanned on the next scheduled scan',
    ],
  ])(
    'says in one sentence that the scheduled scan will come when the backend answers %d, and completes',
    async (status, sentence) => {
      server.use(
        http.post(`${BASE_URL}/scans`, () =>
          HttpResponse.json(
            { error: { name: 'NotAllowedError', message: 'nope' } },
            { status },
          ),
        ),
      );
      const ctx = context('component:default/orders-api');
      await expect(action.handler(ctx as any)).resolves.toBeUndefined();
      expect(ctx.logger.warn).toHaveBeenCalledWith(sentence);
      expect(ctx.output).not.toHaveBeenCalled();
    },
  );

  it('requests a scan with a token for the platform backend and outputs its id', async () => {
    let request: { auth: string | null; body: unknown } | undefined;
    server.use(
      http.post(`${BASE_URL}/scans`, async ({ request: req }) => {
        request = {
          auth: req.headers.get('authorization'),
          body: await req.json(),
        };
        return HttpResponse.json({ scan: { id: 'scan-1' } }, { status: 202 });
      }),
    );
    const ctx = context('component:default/orders-api');
    await action.handler(ctx as any);
    expect(request?.body).toEqual({
      entityRef: 'component:default/orders-api',
    });
    expect(request?.auth).toMatch(/^Bearer .+/);
    expect(request?.auth).toContain('platform');
    expect(ctx.output).toHaveBeenCalledWith('scanId', 'scan-1');
  });

  it('only warns when the platform backend fails', async () => {
    server.use(
      http.post(`${BASE_URL}/scans`, () =>
        HttpResponse.json({ error: { message: 'nope' } }, { status: 503 }),
      ),
    );
    const ctx = context('component:default/orders-api');
    await expect(action.handler(ctx as any)).resolves.toBeUndefined();
    expect(ctx.logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Could not request a platform scan of component:default\/orders-api \(503\); the new service will be scanned on the next scheduled scan$/,
      ),
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('only warns when the platform backend is unreachable', async () => {
    server.use(http.post(`${BASE_URL}/scans`, () => HttpResponse.error()));
    const ctx = context('component:default/orders-api');
    await expect(action.handler(ctx as any)).resolves.toBeUndefined();
    expect(ctx.logger.warn).toHaveBeenCalled();
  });

  it.each(['../x', 'component:default/../x', 'component:default/a/b', ''])(
    'refuses the entity reference %j',
    async entityRef => {
      await expect(action.handler(context(entityRef) as any)).rejects.toThrow(
        /Invalid entity reference/,
      );
    },
  );

  it('waits for the entity to appear in the catalog', async () => {
    let scans = 0;
    server.use(
      http.post(`${BASE_URL}/scans`, () => {
        scans += 1;
        return HttpResponse.json({ scan: { id: 'scan-2' } }, { status: 202 });
      }),
    );
    const catalog = catalogServiceMock.mock();
    catalog.getEntityByRef
      .mockResolvedValueOnce(undefined)
      .mockResolvedValueOnce(undefined)
      .mockResolvedValue({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'orders-api' },
      });
    const waiting = createScanRequestAction({
      auth: mockServices.auth(),
      discovery: mockServices.discovery.mock({
        getBaseUrl: async () => BASE_URL,
      }),
      catalog,
      pollIntervalMs: 10,
    });
    const ctx = context('component:default/orders-api');
    await waiting.handler(ctx as any);
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(3);
    expect(scans).toBe(1);
    expect(ctx.output).toHaveBeenCalledWith('scanId', 'scan-2');
  });

  it('only warns when the entity never appears', async () => {
    let scans = 0;
    server.use(
      http.post(`${BASE_URL}/scans`, () => {
        scans += 1;
        return HttpResponse.json({ scan: { id: 'scan-3' } }, { status: 202 });
      }),
    );
    const waiting = createScanRequestAction({
      auth: mockServices.auth(),
      discovery: mockServices.discovery.mock({
        getBaseUrl: async () => BASE_URL,
      }),
      catalog: catalogServiceMock({ entities: [] }),
      pollIntervalMs: 10,
    });
    const ctx = {
      ...context('component:default/orders-api'),
      input: { entityRef: 'component:default/orders-api', waitSeconds: 0 },
    };
    await expect(waiting.handler(ctx as any)).resolves.toBeUndefined();
    expect(scans).toBe(0);
    expect(ctx.logger.warn).toHaveBeenCalledWith(
      'component:default/orders-api did not appear in the catalog within 0 seconds; the new service will be scanned on the next scheduled scan',
    );
  });

  it('requests nothing in a dry run', async () => {
    const ctx = context('component:default/orders-api', true);
    await action.handler(ctx as any);
    expect(ctx.output).not.toHaveBeenCalled();
  });
});
