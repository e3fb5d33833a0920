import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The tests start the plugin this module extends.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import platformPlugin from '@internal/plugin-platform-backend';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import platformModuleDemo from './index';

const EXAMPLES = path.resolve(__dirname, '../../../examples');
const user = mockCredentials.user.header();

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

// Starts a whole backend, builds the demo's git repositories and scans them.
jest.setTimeout(180_000);

describe('the platform plugin with the demo module', () => {
  let dir: string;
  let helmPort: number;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const tasks = new Map<string, SchedulerServiceTaskInvocationDefinition>();

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'platform-demo-'));
    helmPort = await freePort();
    const names = (
      await fs.readdir(path.join(EXAMPLES, 'services'), { withFileTypes: true })
    )
      .filter(entry => entry.isDirectory())
      .map(entry => entry.name);
    const entities = await Promise.all(
      names.map(
        async name =>
          parseYaml(
            await fs.readFile(
              path.join(EXAMPLES, 'services', name, 'catalog-info.yaml'),
              'utf8',
            ),
          ) as Entity,
      ),
    );
    const scheduler = mockServices.scheduler.mock({
      async scheduleTask(task) {
        tasks.set(task.id, task);
      },
    });
    // Only the demo's keys: no platform.git, no integrations, no allowed hosts.
    backend = await startTestBackend({
      features: [
        platformPlugin,
        platformModuleDemo,
        mockServices.database.factory(),
        scheduler.factory,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            platform: {
              platforms: [{ repository: 'https://github.com/acme/platform' }],
              discovery: {
                filter: { kind: 'Component', 'spec.type': 'service' },
              },
              demo: {
                examplesDir: EXAMPLES,
                repositoriesDir: path.join(dir, 'repositories'),
                helmRepositoryPort: helmPort,
              },
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const get = (route: string) =>
    request(backend.server)
      .get(`/api/platform${route}`)
      .set('Authorization', user);

  it('makes the demo repositories and scans them', async () => {
    const started = await request(backend.server)
      .post('/api/platform/scans')
      .set('Authorization', user)
      .send({});
    expect(started.status).toBe(202);
    let scan = started.body.scan;
    for (let i = 0; i < 1200 && scan.status === 'running'; i++) {
      await new Promise(resolve => setTimeout(resolve, 100));
      scan = (await get(`/scans/${scan.id}`)).body.scan;
    }
    expect(scan).toMatchObject({
      status: 'succeeded',
      repositoriesTotal: 12,
      repositoriesScanned: 12,
      repositoriesFailed: 0,
    });
    const made = await fs.readdir(path.join(dir, 'repositories', 'acme'));
    expect(made).toEqual(
      expect.arrayContaining(['platform.git', 'payments-api.git']),
    );

    const payments = await get('/entities/component/default/payments-api');
    expect(payments.status).toBe(200);
    expect(payments.body.repository).toMatchObject({ status: 'ok' });
    expect(payments.body.references).toContainEqual(
      expect.objectContaining({ module: 'vpc' }),
    );
  });

  it("serves the chart repository on the configured port and reads the demo's channels from it", async () => {
    const index = await fetch(`http://127.0.0.1:${helmPort}/index.yaml`);
    expect(index.status).toBe(200);
    expect(parseYaml(await index.text()).entries['payments-api']).toBeDefined();

    await tasks
      .get('platform-release-channels')!
      .fn(new AbortController().signal);
    const res = await get(
      '/entities/component/default/payments-api/release-channels',
    );
    expect(res.status).toBe(200);
    expect(res.body.channels).toEqual([
      expect.objectContaining({
        kind: 'git-tags',
        target: 'https://github.com/acme/payments-api.git',
        latest: expect.objectContaining({ version: '0.4.0' }),
      }),
      expect.objectContaining({
        kind: 'helm',
        target: 'https://charts.acme.example/#payments-api',
        latest: expect.objectContaining({ version: '0.3.2' }),
      }),
    ]);
  });
});
