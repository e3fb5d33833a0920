import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { registerMswTestHooks } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { platformApiRef } from './api';
import { Entity } from '@backstage/catalog-model';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  entityDriftCard,
  entityGroupDriftCard,
  entityModuleCard,
  entityPlatformContent,
  entityReleaseChannelsCard,
  platformApi,
  platformPage,
  platformPlugin,
} from './plugin';
import { rootRouteRef } from './routes';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { componentEntity } from './__testUtils__/renderPage';

describe('platformPlugin', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('is the platform plugin with its page as the root route', () => {
    expect(platformPlugin.pluginId).toBe('platform');
    expect(platformPlugin.routes.root).toBe(
      convertLegacyRouteRef(rootRouteRef),
    );
  });

  it('mounts the page at /platform with a nav title and icon', () => {
    const tester = createExtensionTester(platformPage);

    expect(tester.get(coreExtensionData.routePath)).toBe('/platform');
    expect(tester.get(coreExtensionData.routeRef)).toBe(
      convertLegacyRouteRef(rootRouteRef),
    );
    expect(tester.get(coreExtensionData.title)).toBe('Platform');
    expect(tester.get(coreExtensionData.icon)).toBeTruthy();
  });

  it('provides the platform API', () => {
    const tester = createExtensionTester(platformApi);

    expect(tester.get(ApiBlueprint.dataRefs.factory).api).toBe(platformApiRef);
  });

  it('adds a Platform tab and a drift card to component pages', () => {
    expect(
      createExtensionTester(entityPlatformContent).get(
        coreExtensionData.routePath,
      ),
    ).toBe('/platform');
    expect(
      createExtensionTester(entityDriftCard).get(
        coreExtensionData.reactElement,
      ),
    ).toBeTruthy();
  });

  describe('entity pages', () => {
    const service = componentEntity(
      'payments-api',
      { type: 'service' },
      {
        'github.com/project-slug': 'acme/payments-api',
        'platform-portal.io/release-git-tags':
          'https://github.com/acme/payments-api.git',
      },
    );
    const moduleEntity = componentEntity(
      'vpc',
      { type: 'terraform-module' },
      {
        'platform-portal.io/module': 'vpc',
        'platform-portal.io/platform': 'acme-platform',
        'backstage.io/source-location':
          'url:https://github.com/acme/platform/tree/main/modules/vpc',
      },
    );
    const group: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'team-payments' },
      spec: { type: 'team', children: [] },
    };
    const shownOn = (
      filter: ((entity: Entity) => boolean) | undefined,
    ): string[] =>
      [service, moduleEntity, group]
        .filter(entity => filter?.(entity))
        .map(entity => entity.metadata.name);

    it('shows the Platform tab and the drift and release cards on services, the module card on modules and the team card on groups', () => {
      const filters = {
        'Platform tab': createExtensionTester(entityPlatformContent).get(
          EntityContentBlueprint.dataRefs.filterFunction,
        ),
        'drift card': createExtensionTester(entityDriftCard).get(
          EntityCardBlueprint.dataRefs.filterFunction,
        ),
        'release channels card': createExtensionTester(
          entityReleaseChannelsCard,
        ).get(EntityCardBlueprint.dataRefs.filterFunction),
        'module card': createExtensionTester(entityModuleCard).get(
          EntityCardBlueprint.dataRefs.filterFunction,
        ),
        'team drift card': createExtensionTester(entityGroupDriftCard).get(
          EntityCardBlueprint.dataRefs.filterFunction,
        ),
      };
      expect(
        Object.fromEntries(
          Object.entries(filters).map(([name, filter]) => [
            name,
            shownOn(filter),
          ]),
        ),
      ).toEqual({
        'Platform tab': ['payments-api'],
        'drift card': ['payments-api'],
        'release channels card': ['payments-api'],
        'module card': ['vpc'],
        'team drift card': ['team-payments'],
      });
    });
  });

  it('shows up in the app nav and loads the latest scan from the backend', async () => {
    const base = 'http://localhost:7007/api/platform';
    server.use(
      http.get(`${base}/scans/latest`, () => HttpResponse.json({ scan: null })),
      http.get(`${base}/facets`, () =>
        HttpResponse.json({
          owners: [],
          modules: [],
          environments: [],
          kinds: [],
        }),
      ),
      http.get(`${base}/trends`, () => HttpResponse.json({ points: [] })),
      http.get(`${base}/summary`, () =>
        HttpResponse.json({
          total: 0,
          services: 0,
          byVerdict: {},
          byModule: [],
        }),
      ),
      http.get(`${base}/drift`, () =>
        HttpResponse.json({ items: [], totalCount: 0, offset: 0, limit: 25 }),
      ),
    );

    renderTestApp({
      features: [platformPlugin],
      initialRouteEntries: ['/platform'],
    });

    // A whole app renders here; under a loaded CI machine that takes longer than the default 1 s.
    expect(
      await screen.findByText('No scan has run yet', undefined, {
        timeout: 15_000,
      }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Platform' })).toHaveAttribute(
      'href',
      '/platform',
    );
  });
});
