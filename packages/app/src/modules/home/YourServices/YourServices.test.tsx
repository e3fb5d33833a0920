import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { PlatformApi, platformApiRef } from '@platform-portal/plugin-platform';
import type { DriftQuery } from '@platform-portal/plugin-platform-common';
import { screen, within } from '@testing-library/react';
import { mountedRoutes, row } from '../__testUtils__/fixtures';
import { YourServices } from './YourServices';

const owners = ['user:default/ada', 'group:default/team-payments'];

function renderWidget(platformApi: Partial<PlatformApi>, ownership = owners) {
  return renderInTestApp(<YourServices />, {
    mountedRoutes,
    apis: [
      [platformApiRef, platformApi],
      mockApis.identity({
        userEntityRef: 'user:default/ada',
        ownershipEntityRefs: ownership,
      }),
    ],
  });
}

const rows = [
  row('payments-api', 'vpc', '2.1.1', 'up-to-date'),
  row('payments-api', 'eks', '3.1.0', 'minor-behind'),
  row('payments-api', 'eks', '3.0.0', 'minor-behind', {
    environment: 'staging',
  }),
  row('checkout-web', 'vpc', '2.1.1', 'up-to-date'),
  row('ledger-service', 'rds', '1.9.0', 'deprecated'),
  row('ledger-service', 'vpc', '2.1.0', 'patch-behind'),
];

/** A first page of the drift report holding `items`, of `totalCount` references in all. */
function driftPage(items = rows, totalCount = items.length) {
  return { items, totalCount, offset: 0, limit: 500 };
}

describe('YourServices', () => {
  it("asks for the drift of the user's own and their teams' services", async () => {
    const getDrift = jest.fn(async (_query: DriftQuery) => driftPage());
    renderWidget({ getDrift });

    await screen.findByRole('list', { name: "Your teams' services" });
    expect(getDrift).toHaveBeenCalledWith(
      expect.objectContaining({ owner: owners, limit: 500 }),
    );
    // Local paths and third-party actions are nothing a team acts on.
    const { verdict } = getDrift.mock.calls[0][0];
    expect(verdict).toContain('deprecated');
    expect(verdict).not.toContain('local');
    expect(verdict).not.toContain('external');
  });

  it('lists each service once, worst first, with its verdict counts', async () => {
    renderWidget({
      getDrift: async () => driftPage(),
    });

    const items = within(
      await screen.findByRole('list', { name: "Your teams' services" }),
    ).getAllByTestId('your-service');
    expect(items.map(item => item.textContent)).toEqual([
      'ledger-service1 deprecated · 1 patch behindDeprecated',
      'payments-api2 minor behind · 1 up to dateMinor behind',
      'checkout-web1 up to dateUp to date',
    ]);
  });

  it("links each service to its Platform tab and the report to the teams' references", async () => {
    renderWidget({
      getDrift: async () => driftPage(),
    });

    expect(
      await screen.findByRole('link', { name: 'ledger-service' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/ledger-service/platform',
    );
    expect(
      screen.getByRole('link', {
        name: "Your teams' references in the drift report",
      }),
    ).toHaveAttribute(
      'href',
      '/platform?owner=user%3Adefault%2Fada&owner=group%3Adefault%2Fteam-payments',
    );
  });

  it('says when the counts cover only the first page of references', async () => {
    renderWidget({
      getDrift: async () => driftPage(rows, 812),
    });

    expect(
      await screen.findByText('Counted from the first 6 of 812 references.'),
    ).toBeInTheDocument();
  });

  it('tells a user whose teams have no scanned service what will appear', async () => {
    renderWidget({
      getDrift: async () => driftPage([]),
    });

    expect(
      await screen.findByText(
        /None of your teams' services use platform modules yet/,
      ),
    ).toBeInTheDocument();
  });

  it('shows the error the API answers', async () => {
    renderWidget({
      getDrift: async () => {
        throw new Error('The platform backend is unavailable');
      },
    });

    // The panel names the error in its title and again in its details.
    expect(
      (await screen.findAllByText(/The platform backend is unavailable/))[0],
    ).toBeVisible();
  });
});
