import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { PlatformBackendClient } from './PlatformBackendClient';
import {
  repositoryPlaceOf,
  SourceViewLocationProcessor,
} from './SourceViewLocationProcessor';

const BASE_URL = 'http://localhost:0/api/platform';
const APP = 'http://portal.example:3000';
const LOCATION = { type: 'file', target: '/examples/catalog-info.yaml' };
const LOCAL = 'https://github.com/acme/payments-api';

const server = setupServer();
registerMswTestHooks(server);

/**
 * The platform backend's source view: lists the files of the local repositories, 404 for any
 * other, as `GET /source/files` does; counts what it is asked.
 */
function sourceView(local: string[], options: { status?: number } = {}) {
  const asked: string[] = [];
  server.use(
    http.get(`${BASE_URL}/source/files`, ({ request }) => {
      const repository = new URL(request.url).searchParams.get('repository')!;
      asked.push(repository);
      if (options.status) {
        return HttpResponse.json(
          { error: { name: 'Error', message: 'broken' } },
          { status: options.status },
        );
      }
      return local.includes(repository)
        ? HttpResponse.json({
            repository,
            entityRefs: [],
            commit: 'a'.repeat(40),
            files: ['README.md'],
            truncated: false,
          })
        : HttpResponse.json(
            {
              error: {
                name: 'NotFoundError',
                message: `"${repository}" is not a repository the portal scans`,
              },
            },
            { status: 404 },
          );
    }),
  );
  return asked;
}

function setup() {
  const logger = mockServices.logger.mock();
  const processor = new SourceViewLocationProcessor({
    sourceView: new PlatformBackendClient({
      discovery: mockServices.discovery(),
      auth: mockServices.auth({ pluginId: 'catalog' }),
    }),
    appBaseUrl: `${APP}/`,
    logger,
  });
  const annotationsAfter = async (annotations: Record<string, string>) =>
    (
      await processor.postProcessEntity(
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'payments-api', annotations },
          spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
        } as Entity,
        LOCATION,
      )
    ).metadata.annotations;
  return { processor, logger, annotationsAfter };
}

describe('repositoryPlaceOf', () => {
  it.each([
    [`${LOCAL}/tree/main/`, { repository: LOCAL }],
    [`${LOCAL}/tree/HEAD/modules/vpc/`, { repository: LOCAL }],
    [
      `${LOCAL}/blob/main/catalog-info.yaml`,
      { repository: LOCAL, file: 'catalog-info.yaml' },
    ],
    [
      'https://gitlab.example/acme/app/-/blob/main/docs/read%20me.md',
      {
        repository: 'https://gitlab.example/acme/app',
        file: 'docs/read me.md',
      },
    ],
    [`${LOCAL}.git`, { repository: LOCAL }],
  ])('reads %s as its repository and file', (address, place) => {
    expect(repositoryPlaceOf(address)).toEqual(place);
  });

  it('reads no repository from what is no web address', () => {
    expect(repositoryPlaceOf('not a url')).toBeUndefined();
    expect(repositoryPlaceOf('file:///srv/catalog-info.yaml')).toBeUndefined();
  });
});

describe('SourceViewLocationProcessor', () => {
  it('gives a locally read service named by its GitHub slug a "View source" in the portal', async () => {
    sourceView([LOCAL]);
    const { annotationsAfter } = setup();

    expect(
      await annotationsAfter({
        'github.com/project-slug': 'acme/payments-api',
      }),
    ).toEqual({
      'github.com/project-slug': 'acme/payments-api',
      'backstage.io/source-location': `url:${APP}/platform/source?repository=https%3A%2F%2Fgithub.com%2Facme%2Fpayments-api`,
    });
  });

  it('points the links a url location gave at the source view, and drops the edit link', async () => {
    sourceView([LOCAL]);
    const { annotationsAfter } = setup();

    expect(
      await annotationsAfter({
        'github.com/project-slug': 'acme/payments-api',
        'backstage.io/source-location': `url:${LOCAL}/tree/main/`,
        'backstage.io/view-url': `${LOCAL}/blob/main/catalog-info.yaml`,
        'backstage.io/edit-url': `${LOCAL}/edit/main/catalog-info.yaml`,
      }),
    ).toEqual({
      'github.com/project-slug': 'acme/payments-api',
      'backstage.io/source-location': `url:${APP}/platform/source?repository=https%3A%2F%2Fgithub.com%2Facme%2Fpayments-api`,
      'backstage.io/view-url': `${APP}/platform/source?repository=https%3A%2F%2Fgithub.com%2Facme%2Fpayments-api&path=catalog-info.yaml`,
    });
  });

  it('points a platform module entity at its platform repository in the source view', async () => {
    sourceView(['https://github.com/acme/platform']);
    const { annotationsAfter } = setup();

    expect(
      await annotationsAfter({
        'platform-portal.io/module': 'vpc',
        'backstage.io/source-location':
          'url:https://github.com/acme/platform/tree/HEAD/modules/vpc/',
      }),
    ).toMatchObject({
      'backstage.io/source-location': `url:${APP}/platform/source?repository=https%3A%2F%2Fgithub.com%2Facme%2Fplatform`,
    });
  });

  it('keeps the host links of a repository read from its host', async () => {
    sourceView([LOCAL]);
    const { annotationsAfter } = setup();
    const annotations = {
      'github.com/project-slug': 'other/service',
      'backstage.io/source-location':
        'url:https://github.com/other/service/tree/main/',
      'backstage.io/edit-url':
        'https://github.com/other/service/edit/main/catalog-info.yaml',
    };

    expect(await annotationsAfter(annotations)).toEqual(annotations);
  });

  it('keeps the source location the scanner finds a service by, when it has no slug', async () => {
    sourceView([LOCAL]);
    const { annotationsAfter } = setup();

    expect(
      await annotationsAfter({
        'backstage.io/source-location': `url:${LOCAL}/tree/main/`,
      }),
    ).toEqual({ 'backstage.io/source-location': `url:${LOCAL}/tree/main/` });
  });

  it('asks once per repository while the answer is fresh', async () => {
    const asked = sourceView([LOCAL]);
    const { annotationsAfter } = setup();

    await Promise.all([
      annotationsAfter({ 'github.com/project-slug': 'acme/payments-api' }),
      annotationsAfter({ 'github.com/project-slug': 'acme/payments-api' }),
    ]);
    await annotationsAfter({ 'github.com/project-slug': 'acme/payments-api' });

    expect(asked).toEqual([LOCAL]);
  });

  it('keeps the links and says why when the platform backend fails', async () => {
    sourceView([LOCAL], { status: 500 });
    const { annotationsAfter, logger } = setup();

    expect(
      await annotationsAfter({
        'github.com/project-slug': 'acme/payments-api',
      }),
    ).toEqual({ 'github.com/project-slug': 'acme/payments-api' });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(`whether it shows ${LOCAL}`),
    );
  });
});
