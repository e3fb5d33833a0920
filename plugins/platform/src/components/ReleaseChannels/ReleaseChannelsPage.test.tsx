import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  defaultEntityPresentation,
  entityPresentationApiRef,
  EntityPresentationApi,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  ReleaseChannelsPage as PageData,
  ReleaseChannelsQuery,
  ServiceReleaseChannelsItem,
} from '@platform-portal/plugin-platform-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router-dom';
import { PlatformApi, platformApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { ReleaseChannelsPage } from './ReleaseChannelsPage';

const checkedAt = new Date(Date.now() - 5 * 60_000).toISOString();

const services: ServiceReleaseChannelsItem[] = [
  {
    entityRef: 'component:default/fraud-detector',
    owner: 'group:default/team-payments',
    newestVersion: '0.2.0',
    verdict: 'missing-publish',
    checkedAt,
    channels: [
      {
        kind: 'helm',
        target: 'https://charts.acme.example/#fraud-detector',
        releaseCount: 1,
        checkedAt,
        verdict: 'missing-publish',
        explanation: 'only prereleases published (1 release), no release',
      },
    ],
  },
  {
    entityRef: 'component:default/payments-api',
    owner: 'group:default/team-payments',
    newestVersion: '0.4.0',
    verdict: 'lagging',
    checkedAt,
    channels: [
      {
        kind: 'git-tags',
        target: 'https://github.com/acme/payments-api.git',
        releaseCount: 4,
        checkedAt,
        verdict: 'in-sync',
        explanation: '0.4.0 is the newest release',
        latest: { version: '0.4.0', versionAsPublished: 'v0.4.0' },
      },
      {
        kind: 'helm',
        target: 'https://charts.acme.example/#payments-api',
        releaseCount: 3,
        checkedAt,
        verdict: 'lagging',
        explanation: '0.3.2 is 1 minor behind 0.4.0',
        latest: { version: '0.3.2', versionAsPublished: '0.3.2' },
      },
    ],
  },
  {
    entityRef: 'component:default/auth-gateway',
    owner: 'group:default/team-identity',
    newestVersion: '3.0.0',
    verdict: 'lagging',
    checkedAt,
    channels: [],
  },
  {
    entityRef: 'component:default/ledger-service',
    owner: 'group:default/team-payments',
    newestVersion: '1.2.0',
    verdict: 'in-sync',
    checkedAt,
    channels: [],
  },
];

/** Filters and pages like the backend, recording every query. */
function fakeApi(items: ServiceReleaseChannelsItem[] = services) {
  const queries: ReleaseChannelsQuery[] = [];
  const api: Partial<PlatformApi> = {
    listReleaseChannels: async query => {
      queries.push(query);
      const byOwner = items.filter(
        s => !query.owner?.length || query.owner.includes(s.owner ?? ''),
      );
      const matching = byOwner.filter(
        s => !query.verdict?.length || query.verdict.includes(s.verdict),
      );
      const offset = query.offset ?? 0;
      const limit = query.limit ?? 50;
      const counts: PageData['counts'] = {};
      for (const s of byOwner) {
        counts[s.verdict] = (counts[s.verdict] ?? 0) + 1;
      }
      return {
        items: matching.slice(offset, offset + limit),
        totalCount: matching.length,
        offset,
        limit,
        counts,
        owners: [...new Set(items.flatMap(s => s.owner ?? []))].sort(),
      };
    },
  };
  return { api, queries };
}

function LocationProbe() {
  return <div data-testid="location">{useLocation().search}</div>;
}

/** Groups presented by their display names, as the app's entity presentation does. */
const presentation: EntityPresentationApi = {
  forEntity(entityOrRef, context) {
    const names: Record<string, string> = {
      'group:default/team-payments': 'Payments',
      'group:default/team-identity': 'Identity and access',
    };
    const ref = String(entityOrRef);
    const snapshot = {
      ...defaultEntityPresentation(entityOrRef, context),
      ...(names[ref] ? { primaryTitle: names[ref] } : {}),
    };
    return { snapshot, promise: Promise.resolve(snapshot) };
  },
};

function renderPage(
  api: Partial<PlatformApi>,
  route = '/platform/release-channels',
  withPresentation = false,
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [platformApiRef, api],
        ...(withPresentation
          ? [[entityPresentationApiRef, presentation] as const]
          : []),
      ]}
    >
      <Routes>
        <Route
          path="/platform/release-channels"
          element={
            <>
              <ReleaseChannelsPage />
              <LocationProbe />
            </>
          }
        />
      </Routes>
    </TestApiProvider>,
    {
      routeEntries: [route],
      mountedRoutes: {
        '/platform': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}

jest.setTimeout(30_000);

describe('ReleaseChannelsPage', () => {
  it('lists services worst first with their channels and counts by verdict', async () => {
    const { api } = fakeApi();
    await renderPage(api);

    expect(
      await screen.findByText(
        '3 of 4 services with release channels show skew',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Missing publish: 1' }),
    ).toBeVisible();
    expect(screen.getByRole('button', { name: 'Lagging: 2' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'In sync: 1' })).toBeVisible();

    const rows = screen.getAllByTestId('release-channels-row');
    expect(
      rows.map(r => within(r).getAllByRole('link')[0].textContent),
    ).toEqual([
      'fraud-detector',
      'payments-api',
      'auth-gateway',
      'ledger-service',
    ]);
    expect(rows[1]).toHaveTextContent('0.4.0');
    expect(within(rows[1]).getByText('Git tags v0.4.0')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Helm chart 0.3.2')).toBeInTheDocument();
    expect(
      within(rows[1]).getByText('Helm chart 0.3.2').closest('[data-verdict]'),
    ).toHaveAttribute('data-verdict', 'lagging');
    // The tabs lead back to the drift report.
    expect(screen.getByRole('tab', { name: 'Module drift' })).toHaveAttribute(
      'href',
      '/platform',
    );
    expect(
      screen.getByRole('tab', { name: 'Release channels', selected: true }),
    ).toBeInTheDocument();
  });

  it('filters by verdict and owner, keeping both in the URL', async () => {
    const { api, queries } = fakeApi();
    await renderPage(api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Lagging: 2' }),
    );
    await waitFor(() =>
      expect(screen.getAllByTestId('release-channels-row')).toHaveLength(2),
    );
    expect(queries.at(-1)).toMatchObject({ verdict: ['lagging'], offset: 0 });
    expect(screen.getByTestId('location')).toHaveTextContent('verdict=lagging');

    await userEvent.click(screen.getByRole('combobox', { name: 'Owner' }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'team-identity' }),
    );
    await waitFor(() =>
      expect(screen.getAllByTestId('release-channels-row')).toHaveLength(1),
    );
    expect(queries.at(-1)).toMatchObject({
      verdict: ['lagging'],
      owner: ['group:default/team-identity'],
    });
    expect(screen.getByTestId('release-channels-row')).toHaveTextContent(
      'auth-gateway',
    );
  });

  it('opens the view a shared link names, and offers to clear filters that match nothing', async () => {
    const { api, queries } = fakeApi();
    await renderPage(
      api,
      '/platform/release-channels?verdict=unreachable&owner=group%3Adefault%2Fteam-payments',
    );
    expect(
      await screen.findByText('No services match these filters.'),
    ).toBeInTheDocument();
    expect(queries[0]).toMatchObject({
      verdict: ['unreachable'],
      owner: ['group:default/team-payments'],
    });
    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    await waitFor(() =>
      expect(screen.getAllByTestId('release-channels-row')).toHaveLength(4),
    );
  });

  it('tells how to declare channels when no service has any', async () => {
    const { api } = fakeApi([]);
    await renderPage(api);
    expect(
      await screen.findByText('No service declares release channels yet'),
    ).toBeInTheDocument();
  });

  it('shows the error when the list cannot be loaded', async () => {
    await renderPage({
      listReleaseChannels: async () => {
        throw new Error('The platform backend is unavailable');
      },
    });
    expect(
      (await screen.findAllByText(/The platform backend is unavailable/))[0],
    ).toBeInTheDocument();
  });

  it('shows progress while loading', async () => {
    await renderPage({ listReleaseChannels: () => new Promise(() => {}) });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('names owners as the catalog does, in the order of their names', async () => {
    const { api, queries } = fakeApi();
    await renderPage(api, '/platform/release-channels', true);
    const rows = await screen.findAllByTestId('release-channels-row');
    expect(
      within(rows[0]).getByRole('link', { name: 'Payments' }),
    ).toBeVisible();

    await userEvent.click(screen.getByRole('combobox', { name: 'Owner' }));
    const options = await screen.findAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'All owners',
      'Identity and access',
      'Payments',
    ]);
    await userEvent.click(options[1]);
    await waitFor(() =>
      expect(queries.at(-1)).toMatchObject({
        owner: ['group:default/team-identity'],
      }),
    );
  });

  it('says "1 service" and "shows" for one service', async () => {
    const { api } = fakeApi([services[0]]);
    await renderPage(api);
    expect(
      await screen.findByText(
        '1 of 1 service with release channels shows skew',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('group', { name: 'Services by verdict' }),
    ).toBeInTheDocument();
  });
});
