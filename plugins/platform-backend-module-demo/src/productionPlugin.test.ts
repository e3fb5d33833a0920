import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The tests start the plugin this module extends.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import platformPlugin from '@internal/plugin-platform-backend';
import { http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';

const EXAMPLES = path.resolve(__dirname, '../../../examples');
const user = mockCredentials.user.header();

// The demo services live on github.com as far as the catalog knows; GitHub has none of them.
// The test's own requests go to the backend on the loopback interface.
const github = setupServer(
  http.all(/^https:\/\/([a-z.]+\.)?github\.com\//, () =>
    HttpResponse.json({ message: 'Not Found' }, { status: 404 }),
  ),
  http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()),
);

async function demoEntities(): Promise<Entity[]> {
  const names = (
    await fs.readdir(path.join(EXAMPLES, 'services'), { withFileTypes: true })
  )
    .filter(entry => entry.isDirectory())
    .map(entry => entry.name);
  return Promise.all(
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
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/** Whether anything accepts connections on the port of 127.0.0.1. */
function answers(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

// Starts a whole backend and scans; a loaded machine needs more than the default.
jest.setTimeout(120_000);

describe('the platform plugin without the demo module', () => {
  let dir: string;

  beforeAll(async () => {
    github.listen({ onUnhandledRequest: 'error' });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'platform-no-demo-'));
  });

  afterAll(async () => {
    github.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['a production config', false],
    ['a config that still has the platform.demo keys', true],
  ])(
    'opens no listener but its own and makes no repositories, with %s',
    async (_name, withDemoKeys) => {
      const repositoriesDir = path.join(dir, `repositories-${withDemoKeys}`);
      const helmPort = await freePort();
      // Every server, HTTP ones too, opens its port through net.Server's listen.
      const listen = jest.spyOn(net.Server.prototype, 'listen');
      const backend = await startTestBackend({
        features: [
          platformPlugin,
          mockServices.database.factory(),
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
          catalogServiceMock.factory({ entities: await demoEntities() }),
          mockServices.rootConfig.factory({
            data: {
              platform: {
                platforms: [{ repository: 'https://github.com/acme/platform' }],
                discovery: {
                  filter: { kind: 'Component', 'spec.type': 'service' },
                },
                ...(withDemoKeys
                  ? {
                      demo: {
                        examplesDir: EXAMPLES,
                        repositoriesDir,
                        helmRepositoryPort: helmPort,
                      },
                    }
                  : {}),
              },
            },
          }),
        ],
      });

      // The scanner reads repositories only once whatever makes them is done; after a scan,
      // nothing is still being made.
      const server = backend.server;
      const started = await request(server)
        .post('/api/platform/scans')
        .set('Authorization', user)
        .send({});
      expect(started.status).toBe(202);
      let scan = started.body.scan;
      for (let i = 0; i < 600 && scan.status === 'running'; i++) {
        await new Promise(resolve => setTimeout(resolve, 100));
        scan = (
          await request(server)
            .get(`/api/platform/scans/${scan.id}`)
            .set('Authorization', user)
        ).body.scan;
      }

      // The backend's own HTTP server is the one listener it opened.
      expect(listen).toHaveBeenCalledTimes(1);
      listen.mockRestore();
      expect(await answers(helmPort)).toBe(false);
      await expect(fs.access(repositoriesDir)).rejects.toThrow();
      // The demo's platform is read where the config says it is, on GitHub, which has none.
      expect(scan).toMatchObject({ status: 'failed', repositoriesScanned: 0 });
      expect(scan.error).toMatch(
        /https:\/\/github\.com\/acme\/platform .*GitHub answered 404/,
      );
      await backend.stop();
    },
  );
});
