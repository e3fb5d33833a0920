import { Entity } from '@backstage/catalog-model';
import {
  DriftQuery,
  DriftSummary,
  DriftVerdict,
} from '@platform-portal/plugin-platform-common';
import { screen, within } from '@testing-library/react';
import { PlatformApi } from '../../api';
import { driftRow } from '../../__testUtils__/fakePlatformApi';
import { renderOnEntityPage } from '../../__testUtils__/renderPage';
import { EntityGroupDriftCard } from './EntityGroupDriftCard';
import { listItems } from '../../__testUtils__/listItems';

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-payments', title: 'Payments' },
  spec: { type: 'team', children: [] },
};
const owner = 'group:default/team-payments';

function row(service: string, module: string, verdict: DriftVerdict) {
  return driftRow({
    entityRef: `component:default/${service}`,
    module,
    verdict,
  });
}

const rows = [
  row('payments-api', 'vpc', 'patch-behind'),
  row('payments-api', 'eks', 'up-to-date'),
  row('billing-worker', 'vpc', 'major-behind'),
  row('billing-worker', 'rds', 'major-behind'),
  row('billing-worker', 'eks', 'up-to-date'),
  row('ledger-service', 'rds', 'deprecated'),
  row('fraud-detector', 'vpc', 'up-to-date'),
];

const summary: DriftSummary = {
  total: rows.length,
  services: 4,
  byVerdict: {
    'up-to-date': 3,
    'patch-behind': 1,
    'major-behind': 2,
    deprecated: 1,
  },
  byModule: [],
};

function renderCard(api: Partial<PlatformApi>) {
  return renderOnEntityPage(<EntityGroupDriftCard />, { entity: group, api });
}

function driftApi() {
  const getDrift = jest.fn(async (_query: DriftQuery) => ({
    items: rows,
    totalCount: rows.length,
    offset: 0,
    limit: 500,
  }));
  const getSummary = jest.fn(async () => summary);
  return { getDrift, getSummary };
}

describe('EntityGroupDriftCard', () => {
  it("asks for the team's services only, without local paths and third-party actions", async () => {
    const api = driftApi();
    renderCard(api);

    await screen.findByRole('list', { name: 'Services, worst first' });
    const query = api.getDrift.mock.calls[0][0];
    expect(query).toMatchObject({ owner: [owner], limit: 500 });
    expect(query.verdict).toContain('deprecated');
    expect(query.verdict).not.toContain('local');
    expect(query.verdict).not.toContain('external');
    expect(api.getSummary).toHaveBeenCalledWith({
      owner: [owner],
      verdict: query.verdict,
    });
  });

  it('counts the references by verdict, most severe first', async () => {
    renderCard(driftApi());

    expect(
      await screen.findByText(
        '4 services of this team use platform modules: 7 references in all.',
      ),
    ).toBeInTheDocument();
    const counts = screen.getByRole('list', { name: 'References per verdict' });
    expect(listItems(counts)).toEqual([
      '1 Deprecated',
      '2 Major behind',
      '1 Patch behind',
      '3 Up to date',
    ]);
  });

  it('lists the services worst first, each linked to its page', async () => {
    renderCard(driftApi());

    const list = await screen.findByRole('list', {
      name: 'Services, worst first',
    });
    expect(listItems(list)).toEqual([
      'ledger-serviceDeprecated1 of 1 reference behind',
      'billing-workerMajor behind2 of 3 references behind',
      'payments-apiPatch behind1 of 2 references behind',
      'fraud-detectorUp to date1 reference, all up to date',
    ]);
    expect(
      within(list).getByRole('link', { name: 'billing-worker' }),
    ).toHaveAttribute('href', '/catalog/default/component/billing-worker');
  });

  it('links to the drift report filtered by this team', async () => {
    renderCard(driftApi());

    expect(
      await screen.findByRole('link', { name: /View in the drift report/ }),
    ).toHaveAttribute(
      'href',
      '/platform?owner=group%3Adefault%2Fteam-payments',
    );
  });

  it('says how many more services the report has beyond the first five', async () => {
    const many = Array.from({ length: 7 }, (_, i) =>
      row(`service-${i}`, 'vpc', 'minor-behind'),
    );
    renderCard({
      getDrift: async () => ({
        items: many,
        totalCount: many.length,
        offset: 0,
        limit: 500,
      }),
      getSummary: async () => ({
        ...summary,
        total: 7,
        services: 7,
        byVerdict: { 'minor-behind': 7 },
      }),
    });

    const list = await screen.findByRole('list', {
      name: 'Services, worst first',
    });
    expect(within(list).getAllByRole('listitem')).toHaveLength(5);
    expect(
      screen.getByText('and 2 more services in the drift report'),
    ).toBeInTheDocument();
  });

  it('tells a team without scanned services why the card is empty', async () => {
    renderCard({
      getDrift: async () => ({
        items: [],
        totalCount: 0,
        offset: 0,
        limit: 500,
      }),
      getSummary: async () => ({
        total: 0,
        services: 0,
        byVerdict: {},
        byModule: [],
      }),
    });

    expect(
      await screen.findByText(/No service owned by this team references/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('list')).not.toBeInTheDocument();
  });
});
