import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { createOpenApiRouter } from './schema/openapi.generated';
import { DriftStore } from './store';

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  store: DriftStore;
}): Promise<express.Router> {
  const { httpAuth, store } = options;
  const router = await createOpenApiRouter();

  router.get('/health', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    await store.ping();
    res.json({ status: 'ok' });
  });

  router.get('/scans/latest', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const scan = await store.getLatestScanRun();
    res.json({ scan: scan ?? null });
  });

  return router;
}
