import net from 'node:net';
import { createBackend } from '@backstage/backend-defaults';
import { httpRouterServiceFactory } from '@backstage/backend-defaults/httpRouter';
import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import {
  coreServices,
  createBackendPlugin,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  httpRouterWithoutStackTraces,
  rootHttpRouterWithoutStackTraces,
} from './httpRouters';

/** A plugin whose routes fail the way API routes do on bad input, and a route of the root. */
const failingPlugin = createBackendPlugin({
  pluginId: 'failing',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        rootHttpRouter: coreServices.rootHttpRouter,
      },
      async init({ httpRouter, rootHttpRouter }) {
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
        httpRouter.use((req, _res, next) =>
          next(
            req.path === '/missing'
              ? new NotFoundError('No such thing')
              : new InputError('Bad value'),
          ),
        );
        rootHttpRouter.use('/failing-root', (_req, _res, next) =>
          next(new InputError('Bad root value')),
        );
      },
    });
  },
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

const backends: Array<ReturnType<typeof createBackend>> = [];
afterEach(async () => {
  await Promise.all(backends.splice(0).map(backend => backend.stop()));
});

/** The error bodies of a 404 and a 400 of a plugin, and a 400 of the root router. */
async function errorBodies(
  routers: ServiceFactory[],
  backendConfig: Record<string, unknown> = {},
) {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const backend = createBackend();
  routers.forEach(router => backend.add(router));
  backend.add(failingPlugin);
  backend.add(mockServices.rootLogger.factory());
  backend.add(
    mockServices.rootConfig.factory({
      data: {
        backend: {
          baseUrl,
          listen: { host: '127.0.0.1', port },
          ...backendConfig,
        },
      },
    }),
  );
  await backend.start();
  backends.push(backend);
  return Promise.all(
    (
      [
        ['/api/failing/missing', 404],
        ['/api/failing/bad', 400],
        ['/failing-root', 400],
      ] as const
    ).map(async ([route, status]) => {
      const res = await fetch(`${baseUrl}${route}`);
      expect(res.status).toBe(status);
      return (await res.json()).error;
    }),
  );
}

// Each test starts a whole backend; a loaded machine needs more than the default 5 s.
jest.setTimeout(60_000);

describe('routers without stack traces', () => {
  const nodeEnv = process.env.NODE_ENV;
  beforeEach(() => {
    // What `yarn start` runs the backend with.
    process.env.NODE_ENV = 'development';
  });
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  const ours = [rootHttpRouterWithoutStackTraces, httpRouterWithoutStackTraces];

  it('answer errors without a stack trace in development', async () => {
    const errors = await errorBodies(ours);
    expect(errors.map(error => error.message)).toEqual([
      'No such thing',
      'Bad value',
      'Bad root value',
    ]);
    for (const error of errors) {
      expect(error).not.toHaveProperty('stack');
    }
  });

  it('answer errors with a stack trace when backend.showStackTraces asks for it', async () => {
    for (const error of await errorBodies(ours, { showStackTraces: true })) {
      expect(error.stack).toContain(__filename);
    }
  });

  it('are needed: the default routers send stack traces with server paths in development', async () => {
    for (const error of await errorBodies([
      rootHttpRouterServiceFactory,
      httpRouterServiceFactory,
    ])) {
      expect(error.stack).toContain(__filename);
    }
  });
});
