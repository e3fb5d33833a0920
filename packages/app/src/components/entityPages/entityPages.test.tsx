import { Entity } from '@backstage/catalog-model';
import { renderTestApp } from '@backstage/frontend-test-utils';
import apiDocsPlugin from '@backstage/plugin-api-docs/alpha';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import platformPlugin, {
  PlatformApi,
  platformApiRef,
} from '@platform-portal/plugin-platform';
import { screen, within } from '@testing-library/react';
import { catalogApiRef, fakeCatalogApi } from '../__testUtils__/fakeCatalogApi';

type TestConfig = NonNullable<
  NonNullable<Parameters<typeof renderTestApp>[0]>['config']
>;

// The app's own configuration at the repository root, so that the test shows what the portal
// shows; the test runner parses yaml files it is given.
// eslint-disable-next-line @typescript-eslint/no-require-imports, @backstage/no-relative-monorepo-imports
const appConfig: TestConfig = require('../../../../../app-config.yaml');

const idOf = (entry: string | TestConfig) =>
  typeof entry === 'string' ? entry : Object.keys(entry)[0];

/** The app.extensions entries about entity pages, in their order. */
const entityPageExtensions = (
  (appConfig.app as TestConfig).extensions as Array<string | TestConfig>
).filter(entry => {
  const id = idOf(entry);
  return id.startsWith('entity-') || id === 'page:catalog/entity';
});

const service: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    annotations: { 'github.com/project-slug': 'acme/payments-api' },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/team-payments',
  },
};
// The platform module the module entity names, which the backend describes.
const platformName = 'acme-platform';
const moduleName = 'vpc';
const moduleEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'vpc',
    annotations: {
      'platform-portal.io/module': moduleName,
      'platform-portal.io/platform': platformName,
    },
  },
  spec: {
    type: 'terraform-module',
    lifecycle: 'production',
    owner: 'group:default/platform-team',
  },
};
const team: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-payments' },
  spec: { type: 'team', children: [] },
};

const platformApi: Partial<PlatformApi> = {
  getEntityDrift: async entityRef => ({
    entityRef,
    repository: {
      entityRef,
      url: 'https://github.com/acme/payments-api',
      status: 'ok',
      filesScanned: 3,
      scannedAt: '2026-12-01T10:00:00.000Z',
    },
    references: [],
    problems: [],
  }),
  getModuleAdoption: async () => ({
    module: {
      platform: platformName,
      name: moduleName,
      kind: 'terraform-module',
      path: `modules/${moduleName}`,
      repository: 'https://github.com/acme/platform.git',
      tagPattern: `${moduleName}/v{version}`,
      latest: '2.1.1',
      versions: ['2.1.1'],
      deprecations: [],
    },
    versions: [],
    serviceCount: 0,
    servicesBehind: 0,
  }),
  getSummary: async () => ({
    total: 0,
    services: 0,
    byVerdict: {},
    byModule: [],
  }),
  getDrift: async () => ({ items: [], totalCount: 0, offset: 0, limit: 500 }),
};

function renderEntityPage(entity: Entity) {
  renderTestApp({
    // api-docs adds an APIs tab in the development group, as in the app.
    features: [catalogPlugin, apiDocsPlugin, platformPlugin],
    config: {
      app: {
        baseUrl: 'http://localhost:3000',
        extensions: entityPageExtensions,
      },
      backend: { baseUrl: 'http://localhost:7007' },
    },
    initialRouteEntries: [
      `/catalog/default/${entity.kind.toLocaleLowerCase('en-US')}/${
        entity.metadata.name
      }`,
    ],
    apis: [
      [catalogApiRef, fakeCatalogApi([service, moduleEntity, team])],
      [platformApiRef, platformApi],
    ],
  });
}

// A whole app renders here; under a loaded CI machine that takes longer than the defaults.
const slow = { timeout: 45_000 };
const SLOW_TEST = 60_000;

/** The entity page's tabs, in order. */
function tabs(): string[] {
  return within(screen.getByRole('navigation', { name: 'Content navigation' }))
    .getAllByRole('link')
    .map(tab => tab.textContent ?? '');
}

/** Whether `a` comes before `b` on the page. */
function comesBefore(a: Element, b: Element): boolean {
  return Boolean(
    a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING,
  );
}

describe('entity pages', () => {
  it("name the platform plugin's cards and tab as the plugin does", () => {
    const platformIds = entityPageExtensions
      .map(idOf)
      .filter(id => /^entity-(card|content):platform\b/.test(id));
    expect(platformIds).toEqual([
      'entity-card:platform/drift',
      'entity-card:platform/module',
      'entity-card:platform/group-drift',
      'entity-card:platform/release-channels',
      'entity-content:platform',
    ]);
    for (const id of platformIds) {
      expect(() =>
        platformPlugin.getExtension(
          id as Parameters<typeof platformPlugin.getExtension>[0],
        ),
      ).not.toThrow();
    }
  });

  it(
    "put a service's Platform tab right after Overview and its drift card first",
    async () => {
      renderEntityPage(service);

      const drift = await screen.findByText('Platform drift', undefined, slow);
      // The catalog's relation tables come after it.
      const dependsOn = await screen.findByText(
        'Depends on components',
        undefined,
        slow,
      );
      expect(comesBefore(drift, dependsOn)).toBe(true);
      expect(tabs()).toEqual(['Overview', 'Platform', 'APIs']);
      expect(screen.queryByText('Platform module')).not.toBeInTheDocument();
    },
    SLOW_TEST,
  );

  it(
    "lead from a module entity to its module page, without the service's tab and card",
    async () => {
      renderEntityPage(moduleEntity);

      const link = await screen.findByRole(
        'link',
        { name: /Open the module page/ },
        slow,
      );
      expect(link).toHaveAttribute(
        'href',
        '/platform/modules/vpc?platform=acme-platform',
      );
      expect(tabs()).toContain('Overview');
      expect(tabs()).not.toContain('Platform');
      expect(screen.queryByText('Platform drift')).not.toBeInTheDocument();
    },
    SLOW_TEST,
  );

  it(
    "show a team's services' drift on its group page",
    async () => {
      renderEntityPage(team);

      expect(
        await screen.findByText(
          /No service owned by this team references a platform module/,
          undefined,
          slow,
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('link', { name: /View in the drift report/ }),
      ).toHaveAttribute(
        'href',
        '/platform?owner=group%3Adefault%2Fteam-payments',
      );
      expect(screen.queryByText('Platform drift')).not.toBeInTheDocument();
      expect(screen.queryByText('Platform module')).not.toBeInTheDocument();
    },
    SLOW_TEST,
  );
});
