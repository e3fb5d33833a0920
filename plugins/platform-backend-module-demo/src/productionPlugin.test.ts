import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import {
  freePort,
  scanAndWait,
  startPlatformBackend,
} from './__testUtils__/platformBackend';

// The demo services live on github.com as far as the catalog knows; GitHub has none of them.
// The test's own requests go to the backend on the loopback interface.
const github = setupServer(
  http.all(/^https:\/\/([a-z.]+\.)?github\.com\//, () =>
    HttpResponse.json({ message: 'Not Found' }, { status: 404 }),
  ),
  http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()),
);

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
      const backend = await startPlatformBackend({
        demo: withDemoKeys
          ? { repositoriesDir, helmRepositoryPort: helmPort }
          : undefined,
      });

      // The scanner reads repositories only once whatever makes them is done; after a scan,
      // nothing is still being made.
      const scan = await scanAndWait(backend.server);

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
