import { ModuleAdoption } from '@platform-portal/plugin-platform-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PlatformApi, UpgradeCampaign, UpgradeChange } from '../../api';
import { renderModulePage } from './__testUtils__/renderModulePage';
import { change, vpcAdoption, vpcPreview } from '../Upgrades/testFixtures';

// The backend's counts: payments-api is behind in prod only; auth-gateway and billing-worker
// everywhere.
const adoption: ModuleAdoption = {
  ...vpcAdoption,
  serviceCount: 3,
  servicesBehind: 3,
};

function renderPage(api: Partial<PlatformApi>) {
  return renderModulePage(
    {
      getModuleAdoption: async () => adoption,
      previewUpgrades: async request => vpcPreview(request),
      ...api,
    },
    '/platform/modules/vpc',
  );
}

const campaign: UpgradeCampaign = {
  id: 'campaign-1',
  module: 'vpc',
  version: '2.1.1',
  createdBy: 'user:default/guest',
  createdAt: new Date(Date.now() - 5 * 60_000).toISOString(),
  total: 5,
  counts: { open: 4, merged: 1, closed: 0, failed: 0 },
};

const campaignChanges: UpgradeChange[] = [
  change({
    entityRef: 'component:default/auth-gateway',
    campaignId: 'campaign-1',
    state: 'merged',
  }),
  ...['billing-worker', 'ledger-service', 'payments-api', 'search-indexer'].map(
    name =>
      change({
        entityRef: `component:default/${name}`,
        campaignId: 'campaign-1',
      }),
  ),
];

describe('ModulePage upgrades', () => {
  it('offers to upgrade every service behind, counted once across environments', async () => {
    const previews: unknown[] = [];
    renderPage({
      previewUpgrades: async request => {
        previews.push(request);
        return vpcPreview(request);
      },
    });

    const button = await screen.findByRole('button', {
      name: 'Upgrade 3 services',
    });
    expect(button).toBeEnabled();
    expect(previews).toEqual([]);

    await userEvent.click(button);

    const dialog = await screen.findByRole('dialog', { name: 'Upgrade vpc' });
    expect(
      await within(dialog).findByTestId('upgrade-preview-auth-gateway'),
    ).toBeInTheDocument();
    expect(previews[0]).toMatchObject({ module: 'vpc', version: '2.1.1' });
  });

  it('says "service" for one service behind', async () => {
    renderPage({
      getModuleAdoption: async () => ({
        ...adoption,
        versions: adoption.versions.slice(0, 2),
        serviceCount: 1,
        servicesBehind: 1,
      }),
    });

    expect(
      await screen.findByRole('button', { name: 'Upgrade 1 service' }),
    ).toBeEnabled();
  });

  it('disables the upgrade and says why when every service is on the latest release', async () => {
    const upToDate: ModuleAdoption = {
      ...adoption,
      versions: adoption.versions.slice(0, 1),
      serviceCount: 1,
      servicesBehind: 0,
    };
    renderPage({ getModuleAdoption: async () => upToDate });

    const button = await screen.findByRole('button', {
      name: 'Upgrade 0 services',
    });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription('Every service is on 2.1.1.');
  });

  it("shows each campaign's target, author, progress in words and changes", async () => {
    const getUpgradeCampaign = jest.fn(async () => ({
      campaign,
      changes: campaignChanges,
    }));
    renderPage({
      listUpgrades: async () => [
        ...campaignChanges,
        change({
          entityRef: 'component:default/payments-api',
          version: '2.1.0',
          environment: 'prod',
          state: 'closed',
        }),
      ],
      getUpgradeCampaign,
    });
    // Role queries are slow on this large page; the text says when the campaign is there.
    expect(
      await screen.findByText('1 of 5 merged, 4 open', {}, { timeout: 5000 }),
    ).toBeVisible();
    const section = screen.getByRole('region', {
      name: 'Upgrade to vpc 2.1.1',
    });
    expect(getUpgradeCampaign).toHaveBeenCalledTimes(1);
    expect(getUpgradeCampaign).toHaveBeenCalledWith('campaign-1');
    expect(section).toHaveTextContent('Started by guest 5 minutes ago');
    const progress = within(section).getByRole('progressbar', {
      name: 'Changes merged of the upgrade to vpc 2.1.1',
    });
    expect(progress).toHaveAttribute('aria-valuenow', '20');
    expect(progress).toHaveAttribute('aria-valuetext', '1 of 5 merged, 4 open');

    const table = within(section).getByRole('table', {
      name: 'Changes of the upgrade to vpc 2.1.1',
    });
    const auth = within(table)
      .getByRole('link', { name: 'auth-gateway' })
      .closest('tr')!;
    expect(within(auth).getByText('Merged')).toBeInTheDocument();
    expect(
      within(auth).getByRole('link', { name: /platform\/upgrade\/vpc-2.1.1/ }),
    ).toHaveAttribute(
      'href',
      'https://git.example.com/auth-gateway/compare/main...platform/upgrade/vpc-2.1.1',
    );
    expect(within(table).getAllByText('Open')).toHaveLength(4);

    const single = screen.getByRole('table', {
      name: 'Changes opened one at a time',
    });
    expect(within(single).getAllByRole('row')[1]).toHaveTextContent(
      'payments-api2.1.0prodClosed',
    );
  });

  it('tells what to do when no upgrade was started', async () => {
    renderPage({});

    expect(
      await screen.findByText(
        /No upgrade of vpc was started from the portal yet/,
      ),
    ).toBeInTheDocument();
  });

  it('shows the new campaign once the dialog opened its changes', async () => {
    let opened = false;
    renderPage({
      listUpgrades: async () => (opened ? campaignChanges : []),
      getUpgradeCampaign: async () => ({
        campaign: {
          ...campaign,
          counts: { ...campaign.counts, merged: 0, open: 5 },
        },
        changes: campaignChanges,
      }),
      createUpgrades: async () => {
        opened = true;
        return {
          campaign,
          results: campaignChanges.map(c => ({
            entityRef: c.entityRef,
            change: c,
          })),
        };
      },
    });

    await userEvent.click(
      await screen.findByRole('button', { name: 'Upgrade 3 services' }),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Open 2 changes' }),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Close' }));

    await waitFor(() =>
      expect(
        screen.getByRole('region', { name: 'Upgrade to vpc 2.1.1' }),
      ).toHaveTextContent('0 of 5 merged, 5 open'),
    );
  });
});
