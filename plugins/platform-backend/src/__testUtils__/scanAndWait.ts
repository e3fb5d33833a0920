import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';

type Server = Parameters<typeof request>[0];

/** Starts a scan through the API as a user and answers the scan once it is no longer running. */
export async function scanAndWait(server: Server, body: object = {}) {
  const user = mockCredentials.user.header();
  const started = await request(server)
    .post('/api/platform/scans')
    .set('Authorization', user)
    .send(body);
  expect(started.status).toBe(202);
  for (let i = 0; i < 300; i++) {
    const res = await request(server)
      .get(`/api/platform/scans/${started.body.scan.id}`)
      .set('Authorization', user);
    if (res.body.scan.status !== 'running') {
      return res.body.scan;
    }
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error('scan did not finish');
}
