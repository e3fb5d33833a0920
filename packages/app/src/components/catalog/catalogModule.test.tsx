import { Entity } from '@backstage/catalog-model';
import { renderTestApp } from '@backstage/frontend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { screen } from '@testing-library/react';
import axe from 'axe-core';
import { catalogApiRef, fakeCatalogApi } from '../__testUtils__/fakeCatalogApi';
import { catalogModule } from './catalogModule';

function component(name: string, type: string, title?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      ...(title && { title }),
      description: `${name} does a great many things, described at some length here.`,
    },
    spec: { type, lifecycle: 'production', owner: 'group:default/team-a' },
  };
}

const entities = [
  component('payments-api', 'service'),
  component('ledger-service', 'service'),
  component('platform-frontend', 'website', 'Platform frontend'),
  component('vpc', 'terraform-module'),
];

function renderCatalog(initialRoute: string) {
  const catalogApi = fakeCatalogApi(entities);
  renderTestApp({
    features: [catalogPlugin, catalogModule],
    initialRouteEntries: [initialRoute],
    apis: [[catalogApiRef, catalogApi]],
  });
  return catalogApi;
}

// A whole app renders here; under a loaded CI machine that takes longer than the defaults.
const slow = { timeout: 45_000 };
const SLOW_TEST = 60_000;

describe('the catalog page', () => {
  it(
    'opens on all components of type service',
    async () => {
      const catalogApi = renderCatalog('/catalog');

      // The title counts the entities once they are loaded.
      expect(
        await screen.findByText(
          /All service components \(2\)/,
          undefined,
          slow,
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('link', { name: 'payments-api' }),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('link', { name: 'ledger-service' }),
      ).toBeInTheDocument();
      expect(screen.queryByText('Platform frontend')).not.toBeInTheDocument();
      expect(
        screen.queryByRole('link', { name: 'vpc' }),
      ).not.toBeInTheDocument();
      expect(catalogApi.queries.at(-1)?.filter).toEqual(
        expect.objectContaining({
          kind: 'component',
          'spec.type': ['service'],
        }),
      );
    },
    SLOW_TEST,
  );

  it(
    'keeps the filters a person chose',
    async () => {
      renderCatalog('/catalog?filters[kind]=component&filters[user]=all');

      expect(
        await screen.findByText(/All components \(4\)/, undefined, slow),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('link', { name: 'Platform frontend' }),
      ).toBeInTheDocument();
      expect(screen.getByRole('link', { name: 'vpc' })).toBeInTheDocument();
    },
    SLOW_TEST,
  );

  it(
    'keeps entity names whole however narrow the column',
    async () => {
      renderCatalog('/catalog?filters[kind]=component&filters[user]=all');

      const name = await screen.findByRole(
        'link',
        { name: 'Platform frontend' },
        slow,
      );
      expect(name.closest('td')).toHaveStyle({
        whiteSpace: 'nowrap',
        wordBreak: 'normal',
      });
    },
    SLOW_TEST,
  );

  it(
    'has column headers a screen reader announces: sort buttons with nothing focusable inside',
    async () => {
      renderCatalog('/catalog');
      const header = await screen.findByRole(
        'columnheader',
        { name: /Name/ },
        slow,
      );

      const { violations } = await axe.run(header.closest('table')!, {
        runOnly: ['nested-interactive'],
      });
      expect(violations).toEqual([]);
      expect(
        header.querySelector('[role="button"]') as HTMLElement,
      ).toHaveAccessibleName('Name');
    },
    SLOW_TEST,
  );
});
