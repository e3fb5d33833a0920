import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { platformPlugin } from './plugin';

describe('platform backend plugin', () => {
  async function startBackend() {
    const { server } = await startTestBackend({
      features: [platformPlugin, mockServices.database.factory()],
    });
    return server;
  }

  it('answers the health route for a signed-in user', async () => {
    const server = await startBackend();
    const res = await request(server)
      .get('/api/platform/health')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('answers the health route for another backend plugin', async () => {
    const server = await startBackend();
    const res = await request(server)
      .get('/api/platform/health')
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
  });

  it('refuses requests without credentials', async () => {
    const server = await startBackend();
    for (const route of [
      '/api/platform/health',
      '/api/platform/scans/latest',
    ]) {
      const res = await request(server)
        .get(route)
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
    }
  });

  it('says that no scan has run on a fresh database', async () => {
    const server = await startBackend();
    const res = await request(server)
      .get('/api/platform/scans/latest')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ scan: null });
  });

  it('answers 404 for routes it does not have', async () => {
    const server = await startBackend();
    const res = await request(server).get('/api/platform/nothing-here');
    expect(res.status).toBe(404);
  });
});
