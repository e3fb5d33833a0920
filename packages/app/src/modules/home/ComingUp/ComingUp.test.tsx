import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { PlatformApi, platformApiRef } from '@platform-portal/plugin-platform';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mountedRoutes, platformModule, row } from '../__testUtils__/fixtures';
import { ComingUp } from './ComingUp';

const owners = ['user:default/ada', 'group:default/team-payments'];

const modules = [
  platformModule('rds', ['2.1.0', '1.9.0'], {
    deprecations: [
      {
        versions: '< 2.0.0',
        since: '2025-09-01',
        message: 'rds 1.x creates unencrypted snapshots',
      },
    ],
  }),
  platformModule('eks', ['3.2.0', '2.5.0'], {
    deprecations: [
      {
        versions: '< 3.0.0',
        since: '2099-03-01',
        message: 'eks 2.x runs Kubernetes versions AWS stops supporting',
      },
    ],
  }),
];

function renderWidget(api: Partial<PlatformApi>) {
  return renderInTestApp(<ComingUp />, {
    mountedRoutes,
    apis: [
      [platformApiRef, api],
      mockApis.identity({
        userEntityRef: 'user:default/ada',
        ownershipEntityRefs: owners,
      }),
    ],
  });
}

function page(items: ReturnType<typeof row>[]) {
  return { items, totalCount: items.length, offset: 0, limit: 500 };
}

describe('ComingUp', () => {
  it("lists what reaches the teams' pins, with links to the module and the services", async () => {
    renderWidget({
      listModules: async () => modules,
      getDrift: async () =>
        page([
          row('ledger-service', 'rds', '1.9.0', 'deprecated', {
            environment: 'prod',
          }),
          row('search-api', 'eks', '2.5.0', 'major-behind'),
        ]),
    });

    const list = await screen.findByRole('list', {
      name: 'Deprecations and ends of support',
    });
    const items = within(list).getAllByTestId('coming-up-item');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent(
      'Nowrds < 2.0.0 deprecated since 2025-09-01rds 1.x creates unencrypted snapshotsledger-service (prod) 1.9.0',
    );
    expect(within(items[0]).getByRole('link', { name: 'rds' })).toHaveAttribute(
      'href',
      '/platform/modules/rds',
    );
    expect(
      within(items[0]).getByRole('link', { name: 'ledger-service' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/ledger-service/platform',
    );
    expect(within(items[1]).getByText('1 Mar 2099')).toHaveAttribute(
      'dateTime',
      '2099-03-01',
    );
    expect(within(items[1]).getByText(/^in \d+ days$/)).toBeInTheDocument();
  });

  it("switches from the user's teams to every team", async () => {
    const getDrift = jest.fn(async () => page([]));
    renderWidget({ listModules: async () => modules, getDrift });

    expect(
      await screen.findByText(/the versions your teams pin/),
    ).toBeInTheDocument();
    expect(getDrift).toHaveBeenLastCalledWith(
      expect.objectContaining({ owner: owners }),
    );

    await userEvent.click(screen.getByRole('checkbox', { name: 'All teams' }));

    expect(
      await screen.findByText(/the versions any team pins/),
    ).toBeInTheDocument();
    expect(getDrift).toHaveBeenLastCalledWith(
      expect.objectContaining({ owner: undefined }),
    );
  });

  it('shows the error the API answers', async () => {
    renderWidget({
      listModules: async () => {
        throw new Error('No platform is configured');
      },
      getDrift: async () => page([]),
    });

    expect(
      (await screen.findAllByText(/No platform is configured/))[0],
    ).toBeVisible();
  });
});
