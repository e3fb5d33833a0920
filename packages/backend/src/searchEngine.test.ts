import {
  coreServices,
  createBackendModule,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import searchPlugin from '@backstage/plugin-search-backend';
import techdocsCollatorModule from '@backstage/plugin-search-backend-module-techdocs';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { searchModulePortalEngine } from './searchEngine';

// The search plugin as the portal's backend wires it, with Backstage's TechDocs collator, on
// SQLite: a search of documentation alone, as the search page's "Documentation" filter asks.

const documented: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'acme-platform',
    namespace: 'default',
    annotations: {
      'backstage.io/techdocs-ref':
        'url:https://github.com/acme/platform/tree/HEAD',
    },
  },
  spec: { owner: 'group:default/platform-team' },
};

// The search index MkDocs writes into the built site, as TechDocs serves it.
const techdocs = setupServer(
  http.get(
    '*/api/techdocs/static/docs/default/system/acme-platform/search/search_index.json',
    () =>
      HttpResponse.json({
        config: { lang: ['en'] },
        docs: [
          {
            location: 'support/',
            title: 'Support and upgrades',
            text: 'vpc, eks, rds and terraform-ci support their two newest majors.',
          },
        ],
      }),
  ),
);
beforeAll(() => techdocs.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => techdocs.close());

/** The search plugin's scheduler, to run its collators as their schedule would. */
function searchScheduler() {
  let scheduler: SchedulerService | undefined;
  const capture = createBackendModule({
    pluginId: 'search',
    moduleId: 'test-scheduler',
    register(env) {
      env.registerInit({
        deps: { taskScheduler: coreServices.scheduler },
        async init({ taskScheduler }) {
          scheduler = taskScheduler;
        },
      });
    },
  });
  return {
    capture,
    collate: () => scheduler!.triggerTask('search_index_techdocs'),
  };
}

async function searchBackend(options: {
  entities: Entity[];
  withPortalEngine: boolean;
}) {
  const scheduler = searchScheduler();
  const { server } = await startTestBackend({
    features: [
      scheduler.capture,
      searchPlugin,
      techdocsCollatorModule,
      ...(options.withPortalEngine ? [searchModulePortalEngine] : []),
      catalogServiceMock.factory({ entities: options.entities }),
    ],
  });
  // The collator's first scheduled run, a few seconds after start.
  await scheduler.collate();
  return async (term: string) => {
    const query = new URLSearchParams({ term, 'types[0]': 'techdocs' });
    const response = await fetch(
      `http://localhost:${server.port()}/api/search/query?${query}`,
    );
    return { status: response.status, body: await response.json() };
  };
}

describe('searchModulePortalEngine', () => {
  it('answers a documentation search with no results while no documentation is indexed', async () => {
    const search = await searchBackend({
      entities: [],
      withPortalEngine: true,
    });

    const response = await search('majors');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ results: [], numberOfResults: 0 });
  });

  it('finds a page of the built documentation', async () => {
    const search = await searchBackend({
      entities: [documented],
      withPortalEngine: true,
    });

    const response = await search('majors');

    expect(response.status).toBe(200);
    expect(response.body.results).toEqual([
      expect.objectContaining({
        type: 'techdocs',
        document: expect.objectContaining({
          title: 'Support and upgrades',
          location: '/docs/default/system/acme-platform/support/',
        }),
      }),
    ]);
  });

  it('is what keeps the search from failing: Backstage’s plain Lunr engine answers 500', async () => {
    const search = await searchBackend({
      entities: [],
      withPortalEngine: false,
    });

    const response = await search('majors');

    expect(response.status).toBe(500);
    expect(response.body.error.name).toBe('MissingIndexError');
  });
});
