import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import {
  freePort,
  scanAndWait,
  startPlatformBackend,
} from './__testUtils__/platformBackend';
import platformModuleDemo from './index';

const user = mockCredentials.user.header();

// Starts a whole backend, builds the demo's git repositories and scans them.
jest.setTimeout(180_000);

describe('the platform plugin with the demo module', () => {
  let dir: string;
  let helmPort: number;
  let registryPort: number;
  let backend: Awaited<ReturnType<typeof startPlatformBackend>>;
  const tasks = new Map<string, SchedulerServiceTaskInvocationDefinition>();

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'platform-demo-'));
    helmPort = await freePort();
    registryPort = await freePort();
    const scheduler = mockServices.scheduler.mock({
      async scheduleTask(task) {
        tasks.set(task.id, task);
      },
    });
    // Only the demo's keys: no platform.git, no integrations, no allowed hosts.
    backend = await startPlatformBackend({
      features: [platformModuleDemo],
      scheduler: scheduler.factory,
      demo: {
        repositoriesDir: path.join(dir, 'repositories'),
        helmRepositoryPort: helmPort,
        terraformRegistryPort: registryPort,
      },
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
    const scan = await scanAndWait(backend.server);
    expect(scan).toMatchObject({
      status: 'succeeded',
      repositoriesTotal: 14,
      repositoriesScanned: 14,
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

  it("judges the references installed from the platform's channels against what each channel offers", async () => {
    const fraud = await get('/entities/component/default/fraud-detector');
    const fromChannels = fraud.body.references.filter(
      (r: { module?: string }) =>
        r.module === 'service-chart' || r.module === 'eks',
    );
    expect(fromChannels).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          module: 'service-chart',
          file: 'charts/fraud-detector/Chart.yaml',
          verdict: 'minor-behind',
          version: '1.0.0',
          // 1.2.0 is tagged, but the chart repository offers 1.1.0.
          latest: '1.1.0',
        }),
        expect.objectContaining({
          module: 'eks',
          file: 'infra/environments/staging/main.tf',
          verdict: 'up-to-date',
          version: '3.2.0',
          latest: '3.1.0',
          explanation: expect.stringContaining(
            'registry.acme.example/acme/eks/aws does not offer it yet',
          ),
        }),
      ]),
    );

    const eks = await get('/modules/eks/releases');
    expect(eks.status).toBe(200);
    expect(eks.body.channels).toEqual([
      expect.objectContaining({
        kind: 'terraform-registry',
        target: 'registry.acme.example/acme/eks/aws',
        latest: '3.1.0',
        notYetOffered: ['3.2.0'],
      }),
    ]);
    expect(
      eks.body.releases.find((r: { version: string }) => r.version === '3.1.0')
        .channels,
    ).toEqual(['terraform-registry']);
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
