import { ResponseError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/test-utils';
import { ScanRun } from '@internal/plugin-platform-common';
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
    server.use(
      http.get(`${baseUrl}/scans/latest`, () =>
        HttpResponse.json(
          {
            error: { name: 'Error', message: 'The scan store is unavailable' },
            request: { method: 'GET', url: '/api/platform/scans/latest' },
            response: { statusCode: 500 },
          },
          { status: 500, statusText: 'Internal Server Error' },
        ),
      ),
    );

    const error = await client.getLatestScan().catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(500);
    expect(error.message).toBe('Request failed with 500 Internal Server Error');
    expect(error.cause.message).toBe('The scan store is unavailable');
  });
});
