import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  MockPermissionApi,
  MockStorageApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { storageApiRef } from '@backstage/core-plugin-api';
import {
  defaultEntityPresentation,
  entityPresentationApiRef,
  entityRouteRef,
  EntityPresentationApi,
  EntityRefPresentationSnapshot,
} from '@backstage/plugin-catalog-react';
import { GroupEntity } from '@backstage/catalog-model';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router-dom';
import { SWRConfig } from 'swr';
import { PlatformApi, platformApiRef } from '../../api';
import {
  createFakePlatformApi,
  driftRow,
  finishedScan,
} from '../../__testUtils__/fakePlatformApi';
import { rootRouteRef } from '../../routes';
import {
  ciMissing,
  ciOutsideRange,
} from '../../__testUtils__/requiredFindings';
import { vpcAdoption, vpcPreview } from '../Upgrades/testFixtures';
import { DriftReportPage } from './DriftReportPage';
import { DriftFilter, DriftRow } from '@platform-portal/plugin-platform-common';

const rows = [
  driftRow({ module: 'vpc', verdict: 'up-to-date' }),
  driftRow({
    module: 'rds',
    verdict: 'deprecated',
    version: '1.9.0',
    latest: '2.1.0',
    explanation: 'rds 1.x creates unencrypted snapshots; move to 2.x',
    entityRef: 'component:default/billing-worker',
  }),
  driftRow({
    module: 'eks',
    verdict: 'minor-behind',
    version: '3.0.0',
    latest: '3.2.0',
    releasesBehind: 2,
    owner: 'group:default/team-search',
    entityRef: 'component:default/search-api',
    environment: 'staging',
  }),
  driftRow({
    module: 'vpc',
    verdict: 'major-behind',
    version: '1.4.0',
    latest: '2.1.1',
    entityRef: 'component:default/legacy-billing',
    callStatus: 'broken',
    callFindings: [
      {
        finding: 'missing-required-input',
        argument: 'cidr_block',
        message:
          'vpc@vpc/v1.4.0 requires `cidr_block`, which the call does not set',
      },
    ],
    upgrade: {
      to: '2.1.1',
      breaking: true,
      needs: ['needs `cidr` (new, required)', '`name` is removed'],
    },
  }),
  driftRow({
    module: 'vpc',
    verdict: 'major-behind',
    version: '1.4.0',
    latest: '2.1.1',
    entityRef: 'component:default/orders-api',
    callStatus: 'breaking-upgrade',
    callFindings: [],
    upgrade: {
      to: '2.1.1',
      breaking: true,
      needs: ['needs `cidr` (new, required)'],
    },
  }),
  driftRow({
    module: undefined,
    verdict: 'external',
    name: 'github.com/actions/checkout',
    kind: 'github-action',
  }),
];

/** Payments: prod behind staging on vpc, with an upgrade open; orders behind; search up to date. */
const promotionRows = [
  driftRow({
    verdict: 'patch-behind',
    version: '2.1.0',
    latest: '2.1.1',
    environment: 'prod',
    promotionLag: { environment: 'staging', version: '2.1.1' },
    openUpgrade: {
      version: '2.1.1',
      branch: 'platform/upgrade/vpc-2.1.1-prod',
      url: 'https://github.com/acme/payments-api/pull/7',
      state: 'open',
    },
  }),
  driftRow({
    verdict: 'patch-behind',
    version: '2.1.0',
    latest: '2.1.1',
    environment: 'dev',
    entityRef: 'component:default/orders-api',
  }),
  driftRow({
    environment: 'staging',
    entityRef: 'component:default/search-api',
  }),
];

/**
 * The fake API over these rows, filtering by promotion lag and open upgrades as the backend does
 * and counting the organisation's promotion lag in the summary.
 */
function fakeWithPromotion(all: DriftRow[]) {
  const kept = (filter: DriftFilter) =>
    all.filter(
      row =>
        (!filter.promotion?.length || row.promotionLag) &&
        (!filter.upgrade?.length || row.openUpgrade),
    );
  const api = createFakePlatformApi({ rows: all });
  api.getDrift = async query => {
    api.queries.push(query);
    return createFakePlatformApi({ rows: kept(query) }).getDrift(query);
  };
  api.getSummary = async filter => ({
    ...(await createFakePlatformApi({ rows: kept(filter) }).getSummary(filter)),
    promotionLag: {
      services: 1,
      references: all.filter(row => row.promotionLag).length,
    },
  });
  return api;
}

function LocationProbe() {
  const location = useLocation();
  return <div data-testid="location">{location.search}</div>;
}

/**
 * The catalog's groups as the app presents them: by display name, else title, else name, through
 * the same presentation the entity links use.
 */
function presentationOf(groups: GroupEntity[]): EntityPresentationApi {
  return {
    forEntity(entityOrRef, context) {
      const ref = typeof entityOrRef === 'string' ? entityOrRef : '';
      const entity = groups.find(
        g => `group:default/${g.metadata.name}` === ref,
      );
      const snapshot = defaultEntityPresentation(
        entity ?? entityOrRef,
        context,
      );
      return { snapshot, promise: Promise.resolve(snapshot) };
    },
  };
}

/**
 * The entity presentation as the app's reads the catalog: the refs asked for within its batch
 * delay (50 ms) are read together in one request, each ref once; `reads` records the requests.
 */
function batchingPresentationOf(groups: GroupEntity[]) {
  const names = presentationOf(groups);
  const reads: string[][] = [];
  const asked = new Map<string, Promise<EntityRefPresentationSnapshot>>();
  let batch: string[] | undefined;
  const presentation: EntityPresentationApi = {
    forEntity(entityOrRef, context) {
      const ref = entityOrRef as string;
      const { snapshot } = names.forEntity(ref, context);
      if (!asked.has(ref)) {
        if (!batch) {
          batch = [];
          reads.push(batch);
          setTimeout(() => {
            batch = undefined;
          }, 50);
        }
        batch.push(ref);
        asked.set(
          ref,
          new Promise(resolve => setTimeout(() => resolve(snapshot), 50)),
        );
      }
      return {
        snapshot: names.forEntity(ref, context).snapshot,
        promise: asked.get(ref)!,
      };
    },
  };
  return { presentation, reads };
}

function group(name: string, displayName?: string, title?: string) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, title },
    spec: { type: 'team', children: [], profile: { displayName } },
  } as GroupEntity;
}

/** Three services of three teams, each known in the catalog by another name than its ref's. */
const ownedRows = [
  driftRow({
    owner: 'group:default/team-search',
    verdict: 'patch-behind',
    entityRef: 'component:default/search-api',
  }),
  driftRow({
    owner: 'group:default/team-a-infra',
    verdict: 'patch-behind',
    entityRef: 'component:default/dns-sync',
  }),
  driftRow({
    owner: 'group:default/team-payments',
    verdict: 'patch-behind',
    entityRef: 'component:default/payments-api',
  }),
];
const ownerGroups = [
  group('team-search', 'Search'),
  group('team-a-infra', 'Zeta Infra'),
  group('team-payments', undefined, 'Payments'),
];

async function renderPage(
  api: PlatformApi,
  options: {
    allowed?: boolean;
    route?: string;
    storage?: MockStorageApi;
    groups?: GroupEntity[];
    presentation?: EntityPresentationApi;
  } = {},
) {
  return renderInTestApp(
    // usePermission caches decisions in SWR; a fresh cache keeps tests independent.
    <SWRConfig value={{ provider: () => new Map() }}>
      <TestApiProvider
        apis={[
          [platformApiRef, api],
          [
            permissionApiRef,
            new MockPermissionApi(() =>
              options.allowed === false
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
            ),
          ],
          [storageApiRef, options.storage ?? MockStorageApi.create()],
          ...(options.groups || options.presentation
            ? [
                [
                  entityPresentationApiRef,
                  options.presentation ?? presentationOf(options.groups!),
                ] as const,
              ]
            : []),
        ]}
      >
        <Routes>
          <Route
            path="/platform"
            element={
              <>
                <DriftReportPage />
                <LocationProbe />
              </>
            }
          />
        </Routes>
      </TestApiProvider>
    </SWRConfig>,
    {
      routeEntries: [options.route ?? '/platform'],
      mountedRoutes: {
        '/platform': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}

/** Waits until the table shows `count` rows. */
async function expectRows(count: number) {
  await waitFor(() =>
    expect(screen.getAllByTestId('drift-row')).toHaveLength(count),
  );
}

/** Waits until the filters in the URL read `search`. */
async function expectLocation(search: string) {
  await waitFor(() =>
    expect(screen.getByTestId('location')).toHaveTextContent(search),
  );
}

/** What the page last asked the API for. */
function lastQuery(api: { queries: unknown[] }) {
  return api.queries[api.queries.length - 1];
}

/** A chart once it is drawn: its card stands empty until the browser is idle. */
async function findChart(name: string) {
  return waitFor(() => {
    const figure = screen.getByRole('figure', { name });
    expect(figure.querySelector('svg')).not.toBeNull();
    return figure;
  });
}

async function findTable() {
  return screen.findByRole('table', { name: 'Drift by service and module' });
}

/** The table, once it links to an entity by the catalog's name for it. */
async function findTableNaming(name: string) {
  const table = await findTable();
  await waitFor(() =>
    expect(within(table).getByRole('link', { name })).toBeInTheDocument(),
  );
  return table;
}

/** The table row of one service, found by its link. */
function rowOf(table: HTMLElement, service: string) {
  return within(table).getByRole('link', { name: service }).closest('tr')!;
}

/** Records the filters of each CSV export, which jsdom cannot download. */
function captureExports(api: PlatformApi) {
  const exported: unknown[] = [];
  api.exportDrift = async filter => {
    exported.push(filter);
    return new Blob(['entityRef\n']);
  };
  // jsdom has no object URLs and cannot follow a download link.
  URL.createObjectURL = jest.fn(() => 'blob:drift');
  URL.revokeObjectURL = jest.fn();
  const click = jest
    .spyOn(HTMLAnchorElement.prototype, 'click')
    .mockImplementation(() => {});
  return { exported, click };
}

// A whole page with charts renders slowly under jsdom on a loaded machine.
jest.setTimeout(60_000);

describe('DriftReportPage', () => {
  it('shows counts by verdict and the platform rows, most severe first', async () => {
    await renderPage(createFakePlatformApi({ rows }));

    expect(
      await screen.findByText('5 references in 5 services'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Deprecated: 1' })).toBeVisible();
    const table = await findTable();
    const bodyRows = within(table).getAllByTestId('drift-row');
    // Third-party actions are hidden unless asked for.
    expect(bodyRows).toHaveLength(5);
    expect(within(bodyRows[0]).getByText('Deprecated')).toBeInTheDocument();
    expect(
      within(bodyRows[0]).getByRole('link', { name: 'rds' }),
    ).toHaveAttribute('href', '/platform/modules/rds');
    expect(
      within(bodyRows[0]).getByRole('link', {
        name: 'infra/environments/prod/main.tf:3',
      }),
    ).toHaveAttribute('href', expect.stringContaining('#L3'));
    // The path may wrap after its slashes, never inside a name or before its line, whatever
    // the page around lets words do.
    const path = within(bodyRows[0]).getByRole('link', {
      name: 'infra/environments/prod/main.tf:3',
    }).firstElementChild as HTMLElement;
    expect(path.innerHTML).toBe(
      'infra/<wbr>environments/<wbr>prod/<wbr>main.tf:3',
    );
    expect(path).toHaveStyle({ overflowWrap: 'normal', wordBreak: 'normal' });
    expect(
      within(table).getByText('Minor behind · 2 releases'),
    ).toBeInTheDocument();
  });

  it('keeps filters in the URL and asks the API for them', async () => {
    const api = createFakePlatformApi({ rows });
    await renderPage(api);
    await screen.findByText('5 references in 5 services');

    await userEvent.click(
      screen.getByRole('button', { name: 'Deprecated: 1' }),
    );
    await expectLocation('?verdict=deprecated');
    await expectRows(1);
    expect(lastQuery(api)).toMatchObject({
      verdict: ['deprecated'],
      offset: 0,
    });
  });

  it('opens a shared link with its filters applied', async () => {
    const api = createFakePlatformApi({ rows });
    await renderPage(api, { route: '/platform?module=eks&q=search' });

    await expectRows(1);
    expect(screen.getByLabelText('Search drift rows')).toHaveValue('search');
    expect(lastQuery(api)).toMatchObject({
      module: ['eks'],
      text: 'search',
    });
  });

  it('says when filters match nothing and clears them', async () => {
    await renderPage(createFakePlatformApi({ rows }), {
      route: '/platform?module=nothing',
    });
    expect(
      await screen.findByText('No rows match these filters.'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getAllByRole('button', { name: 'Clear filters' })[0],
    );
    await expectRows(5);
  });

  it('shows broken calls and breaking upgrades with what they need', async () => {
    await renderPage(createFakePlatformApi({ rows }));
    const table = await findTable();
    expect(
      within(table).getByRole('columnheader', { name: 'Call' }),
    ).toBeInTheDocument();

    const broken = rowOf(table, 'legacy-billing');
    const chip = within(broken).getByText('Broken call').closest('[tabindex]')!;
    expect(chip).toHaveAccessibleDescription(
      'vpc@vpc/v1.4.0 requires `cidr_block`, which the call does not set. Upgrade to 2.1.1 needs `cidr` (new, required); `name` is removed',
    );
    await userEvent.hover(chip);
    const tooltip = await screen.findByRole('tooltip');
    expect(tooltip).toHaveTextContent(
      'Upgrade to 2.1.1 needs cidr (new, required); name is removed',
    );
    expect(within(tooltip).getByText('cidr').tagName).toBe('CODE');

    const upgrade = rowOf(table, 'orders-api');
    expect(within(upgrade).getByText('Breaking upgrade')).toBeInTheDocument();

    // A call that was never checked says so instead of claiming it is fine.
    const unchecked = rowOf(table, 'search-api');
    expect(within(unchecked).getByTitle(/^Not checked/)).toHaveTextContent('—');
  });

  it('filters by call check through the URL, the API and the CSV export', async () => {
    const api = createFakePlatformApi({ rows });
    const { exported, click } = captureExports(api);
    await renderPage(api);
    await screen.findByText('5 references in 5 services');

    await userEvent.click(screen.getByRole('button', { name: 'More filters' }));
    await userEvent.click(screen.getByRole('combobox', { name: 'Call check' }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Broken call' }),
    );
    await expectLocation('?callStatus=broken');
    await expectRows(1);
    expect(lastQuery(api)).toMatchObject({
      callStatus: ['broken'],
    });

    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(exported).toHaveLength(1));
    expect(exported[0]).toMatchObject({ callStatus: ['broken'] });
    expect(click).toHaveBeenCalled();
    click.mockRestore();
  });

  it('opens a shared link with a call check filter, ignoring unknown values', async () => {
    const api = createFakePlatformApi({ rows });
    await renderPage(api, {
      route: '/platform?callStatus=breaking-upgrade&callStatus=bogus',
    });

    await expectRows(1);
    expect(screen.getByText('orders-api')).toBeInTheDocument();
    expect(lastQuery(api)).toMatchObject({
      callStatus: ['breaking-upgrade'],
    });
  });

  it('shows non-platform references when asked', async () => {
    await renderPage(createFakePlatformApi({ rows }), {
      route: '/platform?all=1',
    });
    await expectRows(6);
    expect(screen.getByText('github.com/actions/checkout')).toBeInTheDocument();
  });

  it('says that no scan has run yet, and offers to start one', async () => {
    const api = createFakePlatformApi({ rows: [], scan: null });
    await renderPage(api);
    expect(await screen.findByText('No scan has run yet')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Scan now' }));
    await waitFor(() => expect(api.scansStarted).toBe(1));
    expect(
      await screen.findByText(
        /Scanning the organisation.*0 of 3 repositories read/,
      ),
    ).toBeInTheDocument();
  });

  it('hides "Scan now" from users without the permission', async () => {
    await renderPage(createFakePlatformApi({ rows }), { allowed: false });
    await screen.findByText('5 references in 5 services');
    expect(
      screen.queryByRole('button', { name: 'Scan now' }),
    ).not.toBeInTheDocument();
  });

  it('says when a scan found nothing', async () => {
    await renderPage(createFakePlatformApi({ rows: [] }));
    expect(
      await screen.findByText('No platform module references found'),
    ).toBeInTheDocument();
  });

  it('shows the error when the backend fails', async () => {
    const api = createFakePlatformApi({ rows });
    api.getSummary = async () => {
      throw new Error('database unavailable');
    };
    await renderPage(api);
    expect(
      (await screen.findAllByText(/database unavailable/))[0],
    ).toBeInTheDocument();
  });

  it('marks a reference behind an earlier environment and its open upgrade, in words', async () => {
    await renderPage(fakeWithPromotion(promotionRows));
    const table = await findTable();
    const payments = rowOf(table, 'payments-api');
    expect(
      within(payments).getByText('prod behind staging (2.1.1)'),
    ).toBeInTheDocument();
    expect(
      within(payments).getByRole('link', { name: 'Upgrade to 2.1.1 open' }),
    ).toHaveAttribute('href', 'https://github.com/acme/payments-api/pull/7');

    const orders = rowOf(table, 'orders-api');
    expect(within(orders).queryByText(/ behind /)).not.toBeInTheDocument();
    expect(within(orders).queryByText(/open$/)).not.toBeInTheDocument();
    // The organisation-wide figure, whatever the filter.
    expect(
      screen.getByRole('button', {
        name: 'Behind an earlier environment: 1 service, 1 reference across the organisation',
      }),
    ).toBeInTheDocument();
  });

  it('filters by promotion lag and open upgrades through the URL, the API and the CSV export', async () => {
    const api = fakeWithPromotion(promotionRows);
    const { exported, click } = captureExports(api);
    await renderPage(api);
    await expectRows(3);

    await userEvent.click(screen.getByRole('button', { name: 'More filters' }));
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Behind an earlier environment' }),
    );
    await expectLocation('?promotion=lagging');
    await expectRows(1);
    expect(lastQuery(api)).toMatchObject({
      promotion: ['lagging'],
      upgrade: [],
    });

    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Upgrade open' }),
    );
    await expectLocation('?promotion=lagging&upgrade=open');
    await waitFor(() =>
      expect(lastQuery(api)).toMatchObject({
        promotion: ['lagging'],
        upgrade: ['open'],
      }),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(exported).toHaveLength(1));
    expect(exported[0]).toMatchObject({
      promotion: ['lagging'],
      upgrade: ['open'],
    });
    click.mockRestore();
  });

  it('opens a shared link with the promotion and upgrade filters, ignoring unknown values', async () => {
    const api = fakeWithPromotion(promotionRows);
    await renderPage(api, {
      route: '/platform?promotion=lagging&promotion=ahead&upgrade=stale',
    });
    await expectRows(1);
    expect(
      screen.getByRole('checkbox', { name: 'Behind an earlier environment' }),
    ).toBeChecked();
    expect(
      screen.getByRole('checkbox', { name: 'Upgrade open' }),
    ).not.toBeChecked();
    expect(lastQuery(api)).toMatchObject({
      promotion: ['lagging'],
      upgrade: [],
    });
  });

  it('offers an upgrade on each row behind its latest release, naming service and module, to those who may', async () => {
    const api = fakeWithPromotion(promotionRows);
    api.getModuleAdoption = async () => vpcAdoption;
    const previews: unknown[] = [];
    api.previewUpgrades = async request => {
      previews.push(request);
      return vpcPreview(request);
    };
    await renderPage(api);
    await screen.findAllByTestId('drift-row');
    // The up-to-date staging row has nothing to upgrade.
    expect(screen.getAllByRole('button', { name: /^Upgrade / })).toHaveLength(
      2,
    );

    await userEvent.click(
      screen.getByRole('button', {
        name: 'Upgrade vpc in payments-api (prod)',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Upgrade vpc in payments-api',
    });
    expect(dialog).toBeVisible();
    await waitFor(() => expect(previews.length).toBeGreaterThan(0));
    expect(previews[previews.length - 1]).toMatchObject({
      module: 'vpc',
      version: '2.1.1',
      entityRefs: ['component:default/payments-api'],
      environment: 'prod',
    });
  });

  it('offers no upgrade to users without the permission', async () => {
    await renderPage(fakeWithPromotion(promotionRows), { allowed: false });
    await screen.findAllByTestId('drift-row');
    expect(
      screen.queryByRole('button', { name: /^Upgrade / }),
    ).not.toBeInTheDocument();
  });

  describe('laid out for reading', () => {
    const height = window.innerHeight;
    afterEach(() => {
      window.innerHeight = height;
    });

    it('keeps the charts closed on a laptop screen until asked, and remembers the choice', async () => {
      window.innerHeight = 900;
      const storage = MockStorageApi.create();
      const first = await renderPage(createFakePlatformApi({ rows }), {
        storage,
      });
      const show = await screen.findByRole('button', { name: 'Show charts' });
      expect(show).toHaveAttribute('aria-expanded', 'false');
      expect(
        screen.queryByRole('figure', { name: 'References by verdict' }),
      ).not.toBeInTheDocument();
      expect(await screen.findAllByTestId('drift-row')).toHaveLength(5);

      await userEvent.click(show);
      // The charts are drawn one at a time, each in place of its empty, titled card.
      // jsdom draws the three charts in seconds on a loaded machine, past the default wait.
      await waitFor(
        () =>
          expect(
            screen
              .getByRole('figure', { name: 'References by verdict' })
              .closest('[aria-busy="true"]'),
          ).toBeNull(),
        { timeout: 20_000 },
      );
      expect(
        screen.getByRole('figure', { name: 'Modules with most drift' }),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('button', { name: 'Hide charts' }),
      ).toHaveAttribute('aria-expanded', 'true');

      // Opened again, the page keeps the charts as the user left them.
      first.unmount();
      const second = await renderPage(createFakePlatformApi({ rows }), {
        storage,
      });
      expect(
        await screen.findByRole('figure', { name: 'References by verdict' }),
      ).toBeInTheDocument();
      await userEvent.click(
        screen.getByRole('button', { name: 'Hide charts' }),
      );
      // The charts fold away, then leave the page.
      await waitFor(
        () =>
          expect(
            screen.queryByRole('figure', { name: 'References by verdict' }),
          ).not.toBeInTheDocument(),
        { timeout: 10_000 },
      );
      second.unmount();
      await renderPage(createFakePlatformApi({ rows }), { storage });
      expect(
        await screen.findByRole('button', { name: 'Show charts' }),
      ).toBeInTheDocument();
    });

    it('opens the charts on a tall screen, each named and with its figures in words', async () => {
      window.innerHeight = 1200;
      await renderPage(createFakePlatformApi({ rows }));
      const share = await findChart('References by verdict');
      expect(share).toHaveTextContent(
        'Up to date: 1 reference; Minor behind: 1 reference; Major behind: 2 references; Deprecated: 1 reference',
      );
      expect(await findChart('Modules with most drift')).toHaveTextContent(
        'vpc: 2 of 3 references not up to date',
      );
    });

    it('colours each verdict alike on its count, its rows and the chart, and apart from the others', async () => {
      window.innerHeight = 1200;
      await renderPage(createFakePlatformApi({ rows }));
      const share = await findChart('References by verdict');
      const markOf = (element: Element) =>
        element.querySelector('path')?.getAttribute('fill');
      const counts = screen.getByRole('group', { name: 'Counts by verdict' });
      const table = screen.getByRole('table', {
        name: 'Drift by service and module',
      });
      const colours = ['minor-behind', 'major-behind', 'deprecated'].map(
        verdict => {
          const count = counts.querySelector(`[data-verdict="${verdict}"]`)!;
          const legend = share.querySelector(`[data-verdict="${verdict}"]`)!;
          const chip = table.querySelector(`[data-verdict="${verdict}"]`)!;
          const colour = markOf(count);
          expect(colour).toMatch(/^#[0-9a-f]{6}$/);
          expect(markOf(legend)).toBe(colour);
          expect(
            Array.from(share.querySelectorAll('.MuiPieArc-root')).map(arc =>
              arc.getAttribute('fill'),
            ),
          ).toContain(colour);
          expect(getComputedStyle(chip).backgroundColor).toBe(
            `rgb(${[1, 3, 5]
              .map(i => parseInt(colour!.slice(i, i + 2), 16))
              .join(', ')})`,
          );
          return colour;
        },
      );
      // Minor, major and deprecated no longer share one orange.
      expect(new Set(colours).size).toBe(3);
    });

    it('counts in words with the right plurals', async () => {
      const one = [
        driftRow({
          module: 'rds',
          verdict: 'minor-behind',
          version: '1.1.0',
          latest: '1.2.0',
          releasesBehind: 1,
        }),
      ];
      await renderPage(createFakePlatformApi({ rows: one }));
      expect(
        await screen.findByText('1 reference in 1 service'),
      ).toBeInTheDocument();
      await waitFor(() =>
        expect(screen.getByRole('status')).toHaveTextContent(
          '1 service, 1 reference',
        ),
      );
      expect(screen.getByText('Minor behind · 1 release')).toBeInTheDocument();
    });

    it('names the last organisation-wide scan and the organisation in the status line, whatever the filters', async () => {
      const finishedAt = new Date(Date.now() - 5 * 60_000).toISOString();
      await renderPage(
        createFakePlatformApi({ rows, scan: { ...finishedScan, finishedAt } }),
        { route: '/platform?module=eks' },
      );
      expect(
        await screen.findByText('1 reference in 1 service match'),
      ).toBeInTheDocument();
      await waitFor(() =>
        expect(screen.getByRole('status')).toHaveTextContent(
          'Last organisation-wide scan 5 minutes ago: 5 services, 5 references',
        ),
      );
    });

    it('leaves a failed scan of one service to that service, not to the report', async () => {
      const scan = {
        ...finishedScan,
        id: 'scan-9',
        entityRef: 'component:default/billing-worker',
        status: 'failed' as const,
        error: 'git clone timed out',
        repositoriesTotal: 1,
        repositoriesScanned: 0,
        repositoriesFailed: 1,
      };
      await renderPage(createFakePlatformApi({ rows, scan }));
      const table = await findTable();
      const status = screen.getByRole('status');
      expect(status).toHaveTextContent(
        'Latest run: a scan of billing-worker only',
      );
      expect(status).not.toHaveTextContent('Last organisation-wide scan');
      expect(status).toHaveTextContent(
        'last scan failed for 1 service (marked below)',
      );
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();

      const billing = rowOf(table, 'billing-worker');
      expect(
        within(billing).getByRole('img', {
          name: 'Last scan failed: git clone timed out',
        }),
      ).toBeInTheDocument();
      const orders = rowOf(table, 'orders-api');
      expect(
        within(orders).queryByRole('img', { name: /Last scan failed/ }),
      ).not.toBeInTheDocument();
    });

    it('marks a service whose repository could not be read on its rows, reading the failed repositories only', async () => {
      const api = createFakePlatformApi({ rows });
      const asked: unknown[] = [];
      api.listRepositories = async options => {
        asked.push(options);
        return [
          {
            entityRef: 'component:default/search-api',
            url: 'https://github.com/acme/search-api',
            status: 'failed',
            error: 'infra/main.tf: unexpected "}" at line 4',
            filesScanned: 0,
          },
        ];
      };
      await renderPage(api);
      const table = await findTable();
      const search = rowOf(table, 'search-api');
      expect(
        await within(search).findByRole('img', {
          name: 'Last scan failed: infra/main.tf: unexpected "}" at line 4',
        }),
      ).toBeInTheDocument();
      expect(screen.getByRole('status')).toHaveTextContent(
        'Last organisation-wide scan',
      );
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
      expect(asked[0]).toEqual({ status: ['failed'] });
    });

    it('shows owners by their catalog names, and filters and sorts by them', async () => {
      const api = createFakePlatformApi({ rows: ownedRows });
      await renderPage(api, { groups: ownerGroups });
      const ownersShown = () =>
        screen
          .getAllByTestId('drift-row')
          .map(row => within(row).getAllByRole('cell')[1].textContent);
      await waitFor(() =>
        expect(ownersShown()).toEqual(
          expect.arrayContaining(['Search', 'Zeta Infra', 'Payments']),
        ),
      );

      await userEvent.click(screen.getByRole('combobox', { name: 'Owner' }));
      expect(
        (await screen.findAllByRole('option')).map(o => o.textContent),
      ).toEqual(['Payments', 'Search', 'Zeta Infra']);
      await userEvent.keyboard('{Escape}');

      await userEvent.click(screen.getByRole('button', { name: 'Owner' }));
      await waitFor(() =>
        expect(ownersShown()).toEqual(['Payments', 'Search', 'Zeta Infra']),
      );
      expect(screen.getByTestId('location')).toHaveTextContent(
        '?sort=owner&order=asc',
      );
      await userEvent.click(screen.getByRole('button', { name: 'Owner' }));
      await waitFor(() =>
        expect(ownersShown()).toEqual(['Zeta Infra', 'Search', 'Payments']),
      );
    });
  });

  it('shows the services that miss a required module, under the owner filter, from the organisation count', async () => {
    const api = createFakePlatformApi({
      rows,
      requiredFindings: [
        {
          entityRef: 'component:default/status-page',
          owner: 'group:default/platform-team',
          finding: ciMissing,
        },
        {
          entityRef: 'component:default/search-crawler',
          owner: 'group:default/team-search',
          finding: ciOutsideRange,
        },
      ],
    });
    await renderPage(api, {
      route: '/platform?owner=group%3Adefault%2Fteam-search',
    });
    const chip = await screen.findByRole('button', {
      name: 'Required modules missing or outdated: 2 services across the organisation',
    });
    expect(
      screen.queryByRole('table', { name: 'Required module findings' }),
    ).not.toBeInTheDocument();

    await userEvent.click(chip);
    await expectLocation('required=1');
    const findings = await screen.findByRole('table', {
      name: 'Required module findings',
    });
    // Only the team's service: the owner filter holds for the findings too.
    expect(
      within(findings).queryByRole('link', { name: 'status-page' }),
    ).not.toBeInTheDocument();
    const crawler = within(findings)
      .getByRole('link', { name: 'search-crawler' })
      .closest('tr')!;
    expect(crawler).toHaveTextContent('terraform-ci');
    expect(crawler).toHaveTextContent('Outside >= 3.0.0');
    expect(crawler).toHaveTextContent('.github/workflows/ci.yml:9 pins 2.0.0');
    expect(
      screen.getByRole('heading', {
        name: 'Required modules: 1 service short',
      }),
    ).toBeInTheDocument();

    await userEvent.click(chip);
    await waitFor(() =>
      expect(
        screen.queryByRole('table', { name: 'Required module findings' }),
      ).not.toBeInTheDocument(),
    );
  });

  it('says since when an environment has lagged, when the scans recorded it', async () => {
    await renderPage(
      fakeWithPromotion(
        promotionRows.map(row =>
          row.promotionLag
            ? {
                ...row,
                promotionLag: {
                  ...row.promotionLag,
                  since: '2026-11-30T08:00:00.000Z',
                },
              }
            : row,
        ),
      ),
    );
    const payments = rowOf(await findTable(), 'payments-api');
    expect(payments).toHaveTextContent(
      'prod behind staging (2.1.1) since 2026-11-30',
    );
  });
  describe('at scale', () => {
    it('asks the catalog once for the owners and the services of the page, and shows their names', async () => {
      const api = createFakePlatformApi({ rows: ownedRows });
      // The rows answer after the owners, as the heavier query does at 50,000 services.
      const getDrift = api.getDrift;
      api.getDrift = async query => {
        await new Promise(resolve => setTimeout(resolve, 200));
        return getDrift(query);
      };
      const { presentation, reads } = batchingPresentationOf(ownerGroups);
      await renderPage(api, { presentation });

      const table = await findTableNaming('Payments');
      expect(
        within(table).getByRole('link', { name: 'Search' }),
      ).toHaveAttribute('href', '/catalog/default/group/team-search');
      expect(
        within(table).getByRole('link', { name: 'payments-api' }),
      ).toHaveAttribute('href', '/catalog/default/component/payments-api');
      expect(reads).toEqual([
        expect.arrayContaining([
          'group:default/team-search',
          'group:default/team-a-infra',
          'group:default/team-payments',
          'component:default/search-api',
          'component:default/dns-sync',
          'component:default/payments-api',
        ]),
      ]);
    });

    it('asks the catalog for the owners on the page only, and for the other owners when the owner filter opens', async () => {
      const api = createFakePlatformApi({ rows: ownedRows });
      // An organisation of many teams, most of which own none of the page's rows.
      const otherTeams = Array.from({ length: 150 }, (_, index) =>
        group(`team-${index}`, `Other ${index}`),
      );
      const getFacets = api.getFacets;
      api.getFacets = async () => {
        const facets = await getFacets();
        return {
          ...facets,
          owners: [
            ...facets.owners,
            ...otherTeams.map(team => `group:default/${team.metadata.name}`),
          ].sort(),
        };
      };
      const { presentation, reads } = batchingPresentationOf([
        ...ownerGroups,
        ...otherTeams,
      ]);
      await renderPage(api, { presentation });

      await findTableNaming('Payments');
      expect(reads).toEqual([
        expect.arrayContaining([
          'group:default/team-search',
          'group:default/team-a-infra',
          'group:default/team-payments',
          'component:default/payments-api',
        ]),
      ]);
      expect(reads[0]).toHaveLength(6);

      await userEvent.click(screen.getByRole('combobox', { name: 'Owner' }));
      await waitFor(() =>
        expect(screen.getByRole('option', { name: 'Other 42' })).toBeVisible(),
      );
      expect(reads.flat()).toEqual(
        expect.arrayContaining([
          'group:default/team-0',
          'group:default/team-149',
        ]),
      );
    });

    it("asks the backend for the summary once while no filter is set, and apart from the organisation's under a filter", async () => {
      const api = createFakePlatformApi({ rows });
      const summaries: DriftFilter[] = [];
      const getSummary = api.getSummary;
      api.getSummary = async filter => {
        summaries.push(filter);
        return getSummary(filter);
      };
      await renderPage(api);
      await screen.findByText('5 references in 5 services');
      await waitFor(() =>
        expect(screen.getByRole('status')).toHaveTextContent(
          '5 services, 5 references',
        ),
      );
      expect(summaries).toHaveLength(1);

      await userEvent.click(
        screen.getByRole('button', { name: 'Deprecated: 1' }),
      );
      expect(
        await screen.findByText('1 reference in 1 service match'),
      ).toBeInTheDocument();
      expect(summaries).toHaveLength(2);
      expect(summaries[1]).toMatchObject({ verdict: ['deprecated'] });
      expect(screen.getByRole('status')).toHaveTextContent(
        '5 services, 5 references',
      );
    });
  });
});
