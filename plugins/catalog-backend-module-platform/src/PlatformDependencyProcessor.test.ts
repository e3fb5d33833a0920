import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { PlatformBackendClient } from './PlatformBackendClient';
import { PlatformDependencyProcessor } from './PlatformDependencyProcessor';
import { platformModule } from './tests/fixtures';

const BASE_URL = 'http://localhost:0/api/platform';
const LOCATION = {
  type: 'url',
  target: 'https://example.com/catalog-info.yaml',
};

const server = setupServer();
registerMswTestHooks(server);

function component(name: string, kind = 'Component'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

/** Answers the platform backend's two routes, counting the requests. */
function platformBackend(
  answer: {
    modules?: unknown[];
    dependencies?: unknown[];
    status?: number;
  } = {},
) {
  const requests = { modules: 0, dependencies: 0 };
  const respond = (items: unknown[]) =>
    answer.status
      ? HttpResponse.json(
          { error: { name: 'Error', message: 'broken' } },
          { status: answer.status },
        )
      : HttpResponse.json({ items });
  server.use(
    http.get(`${BASE_URL}/modules`, () => {
      requests.modules += 1;
      return respond(
        answer.modules ?? [
          platformModule({ name: 'vpc' }),
          platformModule({ name: 'rds' }),
        ],
      );
    }),
    http.get(`${BASE_URL}/dependencies`, () => {
      requests.dependencies += 1;
      return respond(
        answer.dependencies ?? [
          {
            entityRef: 'component:default/payments-api',
            modules: [
              { platform: 'acme-platform', module: 'rds' },
              { platform: 'acme-platform', module: 'vpc' },
            ],
          },
        ],
      );
    }),
  );
  return requests;
}

function setup() {
  const logger = mockServices.logger.mock();
  const processor = new PlatformDependencyProcessor({
    platform: new PlatformBackendClient({
      discovery: mockServices.discovery(),
      auth: mockServices.auth({ pluginId: 'catalog' }),
    }),
    logger,
  });
  async function process(entity: Entity) {
    const emitted: CatalogProcessorResult[] = [];
    const result = await processor.postProcessEntity(entity, LOCATION, output =>
      emitted.push(output),
    );
    expect(result).toBe(entity);
    return emitted;
  }
  return { processor, logger, process };
}

function relation(source: string, type: string, target: string) {
  return {
    type: 'relation',
    relation: {
      source: {
        kind: expect.stringMatching(/^component$/i),
        namespace: 'default',
        name: source,
      },
      type,
      target: {
        kind: expect.stringMatching(/^component$/i),
        namespace: 'default',
        name: target,
      },
    },
  };
}

describe('PlatformDependencyProcessor', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('is named PlatformDependencyProcessor', () => {
    expect(setup().processor.getProcessorName()).toBe(
      'PlatformDependencyProcessor',
    );
  });

  it('relates a listed service and the modules it uses, both ways', async () => {
    platformBackend();
    const { process } = setup();

    expect(await process(component('payments-api'))).toEqual([
      relation('payments-api', 'dependsOn', 'rds'),
      relation('rds', 'dependencyOf', 'payments-api'),
      relation('payments-api', 'dependsOn', 'vpc'),
      relation('vpc', 'dependencyOf', 'payments-api'),
    ]);
  });

  it('adds nothing to a service the platform backend does not list', async () => {
    platformBackend();
    const { process } = setup();

    expect(await process(component('search-api'))).toEqual([]);
  });

  it('adds nothing to entities of other kinds that share a listed name', async () => {
    platformBackend();
    const { process } = setup();

    expect(await process(component('payments-api', 'API'))).toEqual([]);
  });

  it('names the module entities as the entity provider does', async () => {
    platformBackend({
      modules: [
        platformModule({ name: 'vpc' }),
        platformModule({ name: 'vpc', platform: 'edge-platform' }),
      ],
      dependencies: [
        {
          entityRef: 'Component:default/Payments-API',
          modules: [
            { platform: 'edge-platform', module: 'vpc' },
            { platform: 'edge-platform', module: 'no-longer-there' },
          ],
        },
      ],
    });
    const { process } = setup();

    expect(await process(component('payments-api'))).toEqual([
      relation('payments-api', 'dependsOn', 'edge-platform-vpc'),
      relation('edge-platform-vpc', 'dependencyOf', 'payments-api'),
    ]);
  });

  it('asks the platform backend once a minute however many entities it processes', async () => {
    const requests = platformBackend();
    const { process } = setup();
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now);

    const names = Array.from({ length: 2000 }, (_, i) =>
      i === 1234 ? 'payments-api' : `service-${i}`,
    );
    const emitted = await Promise.all(names.map(n => process(component(n))));
    for (const name of names.slice(0, 100)) {
      await process(component(name));
    }
    expect(requests).toEqual({ modules: 1, dependencies: 1 });
    expect(emitted.flat()).toHaveLength(4);

    clock.mockReturnValue(now + 59_000);
    await process(component('payments-api'));
    expect(requests).toEqual({ modules: 1, dependencies: 1 });

    clock.mockReturnValue(now + 61_000);
    await process(component('payments-api'));
    expect(requests).toEqual({ modules: 2, dependencies: 2 });
  });

  it('adds no relations and logs once when the platform backend answers 500', async () => {
    const requests = platformBackend({ status: 500 });
    const { process, logger } = setup();

    for (const name of ['payments-api', 'search-api', 'payments-api']) {
      expect(await process(component(name))).toEqual([]);
    }
    expect(requests.dependencies).toBe(1);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toMatch(/relating no services.*500/);
  });

  it('adds no relations when the platform backend is not up', async () => {
    server.use(http.get(`${BASE_URL}/*`, () => HttpResponse.error()));
    const { process, logger } = setup();

    expect(await process(component('payments-api'))).toEqual([]);
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });

  it('keeps relating as the last answer did while the platform backend fails', async () => {
    platformBackend();
    const { process, logger } = setup();
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now);
    expect(await process(component('payments-api'))).toHaveLength(4);

    platformBackend({ status: 500 });
    clock.mockReturnValue(now + 61_000);
    expect(await process(component('payments-api'))).toHaveLength(4);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toMatch(/as the last answer did/);

    platformBackend({ dependencies: [] });
    clock.mockReturnValue(now + 122_000);
    expect(await process(component('payments-api'))).toEqual([]);
  });
});
