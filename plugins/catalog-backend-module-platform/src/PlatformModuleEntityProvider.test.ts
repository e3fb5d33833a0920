import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { PlatformBackendClient } from './PlatformBackendClient';
import {
  PlatformModuleEntityProvider,
  repositoryWebUrl,
} from './PlatformModuleEntityProvider';
import { isValidEntityName, platformModule } from './tests/fixtures';

const MODULES_URL = 'http://localhost:0/api/platform/modules';

const server = setupServer();
registerMswTestHooks(server);

function setup(
  options: {
    owner?: string;
    system?: string;
    retry?: { interval: { milliseconds: number }; window: { seconds: number } };
  } = {},
) {
  const logger = mockServices.logger.mock();
  const taskRunner = { run: jest.fn() };
  const connection: jest.Mocked<EntityProviderConnection> = {
    applyMutation: jest.fn(),
    refresh: jest.fn(),
  };
  const provider = new PlatformModuleEntityProvider({
    modules: new PlatformBackendClient({
      discovery: mockServices.discovery(),
      auth: mockServices.auth({ pluginId: 'catalog' }),
    }),
    logger,
    taskRunner,
    retry: { interval: { milliseconds: 1 }, window: { seconds: 1 } },
    ...options,
  });
  return { provider, logger, taskRunner, connection };
}

function appliedEntities(connection: jest.Mocked<EntityProviderConnection>) {
  expect(connection.applyMutation).toHaveBeenCalledTimes(1);
  const mutation = connection.applyMutation.mock.calls[0][0];
  if (mutation.type !== 'full') {
    throw new Error(`Expected a full mutation, got ${mutation.type}`);
  }
  return mutation.entities;
}

describe('PlatformModuleEntityProvider', () => {
  it('applies one Component per platform module', async () => {
    let authorization: string | null = null;
    server.use(
      http.get(MODULES_URL, ({ request }) => {
        authorization = request.headers.get('authorization');
        return HttpResponse.json({
          items: [
            platformModule({
              name: 'vpc',
              description: 'Standard VPC.',
            }),
            platformModule({
              name: 'terraform-ci',
              kind: 'github-workflow',
              path: '.github/workflows/terraform.yml',
            }),
          ],
        });
      }),
    );
    const { provider, connection } = setup();
    await provider.connect(connection);
    await provider.refresh();

    expect(authorization).toBe(
      mockCredentials.service.header({
        onBehalfOf: mockCredentials.service('plugin:catalog'),
        targetPluginId: 'platform',
      }),
    );
    const entities = appliedEntities(connection);
    expect(entities).toEqual([
      {
        locationKey: 'platform-modules',
        entity: {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'vpc',
            title: 'vpc',
            description: 'Standard VPC.',
            annotations: {
              'platform-portal.io/platform': 'acme-platform',
              'platform-portal.io/module': 'vpc',
              'backstage.io/managed-by-location':
                'url:https://github.com/acme/platform/blob/HEAD/platform.yaml',
              'backstage.io/managed-by-origin-location':
                'url:https://github.com/acme/platform/blob/HEAD/platform.yaml',
              'backstage.io/source-location':
                'url:https://github.com/acme/platform/tree/HEAD/modules/vpc/',
            },
            tags: ['terraform-module'],
          },
          spec: {
            type: 'terraform-module',
            lifecycle: 'production',
            owner: 'group:default/platform-team',
            system: 'acme-platform',
          },
        },
      },
      expect.objectContaining({
        entity: expect.objectContaining({
          metadata: expect.objectContaining({
            name: 'terraform-ci',
            annotations: expect.objectContaining({
              'backstage.io/source-location':
                'url:https://github.com/acme/platform/blob/HEAD/.github/workflows/terraform.yml',
            }),
          }),
          spec: expect.objectContaining({ type: 'github-workflow' }),
        }),
      }),
    ]);
  });

  it('adds the platform to the names of modules two platforms share', async () => {
    server.use(
      http.get(MODULES_URL, () =>
        HttpResponse.json({
          items: [
            platformModule({ name: 'vpc' }),
            platformModule({ name: 'eks' }),
            platformModule({
              name: 'vpc',
              platform: 'edge-platform',
              repository: 'git@github.com:acme/edge.git',
            }),
          ],
        }),
      ),
    );
    const { provider, connection } = setup();
    await provider.connect(connection);
    await provider.refresh();

    const entities = appliedEntities(connection).map(({ entity }) => entity);
    expect(entities.map(entity => entity.metadata.name)).toEqual([
      'acme-platform-vpc',
      'eks',
      'edge-platform-vpc',
    ]);
    expect(entities.every(e => isValidEntityName(e.metadata.name))).toBe(true);
    expect(entities.map(entity => entity.metadata.title)).toEqual([
      'vpc',
      'eks',
      'vpc',
    ]);
    expect(entities[2].metadata.annotations).toMatchObject({
      'platform-portal.io/platform': 'edge-platform',
      'platform-portal.io/module': 'vpc',
      'backstage.io/source-location':
        'url:https://github.com/acme/edge/tree/HEAD/modules/vpc/',
    });
  });

  it('takes owner and system from the caller, and leaves out an empty system', async () => {
    server.use(
      http.get(MODULES_URL, () =>
        HttpResponse.json({ items: [platformModule({ name: 'vpc' })] }),
      ),
    );
    const { provider, connection } = setup({
      owner: 'group:default/cloud',
      system: '',
    });
    await provider.connect(connection);
    await provider.refresh();

    expect(appliedEntities(connection)[0].entity.spec).toEqual({
      type: 'terraform-module',
      lifecycle: 'production',
      owner: 'group:default/cloud',
    });
  });

  it('asks again, warning once, while the platform backend has no modules yet', async () => {
    let requests = 0;
    server.use(
      http.get(MODULES_URL, () => {
        requests += 1;
        return HttpResponse.json({
          items: requests < 3 ? [] : [platformModule({ name: 'vpc' })],
        });
      }),
    );
    const { provider, connection, logger } = setup();
    await provider.connect(connection);
    await provider.refresh();

    expect(requests).toBe(3);
    expect(appliedEntities(connection)).toHaveLength(1);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toMatch(/has no modules yet/);
  });

  it('leaves the entities alone and does not throw while the platform backend is down', async () => {
    let requests = 0;
    server.use(
      http.get(MODULES_URL, () => {
        requests += 1;
        return HttpResponse.json(
          { error: { name: 'Error', message: 'starting' } },
          { status: 503 },
        );
      }),
    );
    const { provider, connection, logger } = setup({
      retry: { interval: { milliseconds: 20 }, window: { seconds: 0.1 } },
    });
    await provider.connect(connection);
    await expect(provider.refresh()).resolves.toBeUndefined();

    expect(requests).toBeGreaterThan(1);
    expect(connection.applyMutation).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toMatch(/did not answer.*503/);
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('stops asking when the run is aborted', async () => {
    let requests = 0;
    server.use(
      http.get(MODULES_URL, () => {
        requests += 1;
        return HttpResponse.json({ items: [] });
      }),
    );
    const { provider, connection } = setup({
      retry: { interval: { milliseconds: 10 }, window: { seconds: 60 } },
    });
    await provider.connect(connection);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await provider.refresh(controller.signal);

    expect(requests).toBeGreaterThan(0);
    expect(requests).toBeLessThan(20);
    expect(connection.applyMutation).not.toHaveBeenCalled();
  });

  it('runs the refresh on its schedule once connected', async () => {
    const { provider, connection, taskRunner } = setup();
    await expect(provider.refresh()).rejects.toThrow(/not connected/);
    await provider.connect(connection);
    expect(provider.getProviderName()).toBe('platform-modules');
    expect(taskRunner.run).toHaveBeenCalledWith({
      id: 'platform-modules:refresh',
      fn: expect.any(Function),
    });
  });

  describe('fromConfig', () => {
    function scheduler() {
      const taskRunner = { run: jest.fn() };
      return {
        taskRunner,
        scheduler: mockServices.scheduler.mock({
          createScheduledTaskRunner: jest.fn().mockReturnValue(taskRunner),
        }),
      };
    }

    it('runs every 5 minutes, the first 15 seconds after start, by default', () => {
      const { scheduler: service } = scheduler();
      PlatformModuleEntityProvider.fromConfig(mockServices.rootConfig(), {
        modules: { listModules: jest.fn() },
        logger: mockServices.logger.mock(),
        scheduler: service,
      });
      expect(service.createScheduledTaskRunner).toHaveBeenCalledWith({
        frequency: { minutes: 5 },
        timeout: { minutes: 3 },
        initialDelay: { seconds: 15 },
        scope: 'global',
      });
    });

    it('reads owner, system and schedule from platform.catalog', async () => {
      const { scheduler: service, taskRunner } = scheduler();
      const provider = PlatformModuleEntityProvider.fromConfig(
        mockServices.rootConfig({
          data: {
            platform: {
              catalog: {
                owner: 'group:default/cloud',
                system: 'cloud-platform',
                schedule: {
                  frequency: { minutes: 1 },
                  timeout: { seconds: 30 },
                },
              },
            },
          },
        }),
        {
          modules: {
            listModules: async () => [platformModule({ name: 'vpc' })],
          },
          logger: mockServices.logger.mock(),
          scheduler: service,
        },
      );
      expect(service.createScheduledTaskRunner).toHaveBeenCalledWith(
        expect.objectContaining({
          frequency: { minutes: 1 },
          timeout: { seconds: 30 },
        }),
      );

      const connection = { applyMutation: jest.fn(), refresh: jest.fn() };
      await provider.connect(connection);
      await taskRunner.run.mock.calls[0][0].fn(new AbortController().signal);
      expect(
        connection.applyMutation.mock.calls[0][0].entities[0].entity.spec,
      ).toMatchObject({
        owner: 'group:default/cloud',
        system: 'cloud-platform',
      });
    });
  });
});

describe('repositoryWebUrl', () => {
  it.each([
    [
      'https://github.com/acme/platform.git',
      'https://github.com/acme/platform',
    ],
    ['https://github.com/acme/platform/', 'https://github.com/acme/platform'],
    ['git@github.com:acme/platform.git', 'https://github.com/acme/platform'],
    [
      'ssh://git@github.com:22/acme/platform.git',
      'https://github.com/acme/platform',
    ],
    [
      'http://git.internal:8080/acme/platform',
      'http://git.internal:8080/acme/platform',
    ],
  ])('%s is shown at %s', (repository, web) => {
    expect(repositoryWebUrl(repository)).toBe(web);
  });

  it.each(['file:///srv/git/platform.git', 'not a url', 'https://github.com'])(
    '%s has no web address',
    repository => {
      expect(repositoryWebUrl(repository)).toBeUndefined();
    },
  );
});
