import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  CreateUpgradesRequest,
  PlatformApi,
  platformApiRef,
  UpgradeRequest,
} from '../../api';
import { change, responseError, vpcAdoption, vpcPreview } from './testFixtures';
import { UpgradeDialog, UpgradeDialogProps } from './UpgradeDialog';

function renderDialog(
  api: Partial<PlatformApi>,
  props: Partial<UpgradeDialogProps> = {},
) {
  const previews: UpgradeRequest[] = [];
  const created: CreateUpgradesRequest[] = [];
  const platformApi: Partial<PlatformApi> = {
    getModuleAdoption: async () => vpcAdoption,
    previewUpgrades: async request => {
      previews.push(request);
      return vpcPreview(request);
    },
    createUpgrades: async request => {
      created.push(request);
      return {
        results: (request.entityRefs ?? ['component:default/auth-gateway']).map(
          entityRef => ({ entityRef, change: change({ entityRef }) }),
        ),
      };
    },
    ...api,
  };
  const onClose = jest.fn();
  const onCreated = jest.fn();
  renderInTestApp(
    <UpgradeDialog
      open
      onClose={onClose}
      onCreated={onCreated}
      module="vpc"
      {...props}
    />,
    { apis: [[platformApiRef, platformApi]] },
  );
  return { previews, created, onClose, onCreated };
}

describe('UpgradeDialog', () => {
  it('reads the module with one service per version, however many services use it', async () => {
    const getModuleAdoption = jest.fn(async () => vpcAdoption);
    renderDialog({ getModuleAdoption });

    await screen.findByTestId('upgrade-preview-auth-gateway');
    expect(getModuleAdoption).toHaveBeenCalledWith('vpc', undefined, {
      servicesPerVersion: 1,
    });
  });

  it('previews every service behind on the latest release with its diff, marked + and -', async () => {
    const { previews } = renderDialog({});

    const auth = await screen.findByTestId('upgrade-preview-auth-gateway');
    expect(previews[0]).toEqual({
      module: 'vpc',
      version: '2.1.1',
      entityRefs: undefined,
      environment: undefined,
      inputs: undefined,
    });
    expect(screen.getByRole('dialog', { name: 'Upgrade vpc' })).toBeVisible();
    expect(
      screen.getByText(
        '2 services will get a change to vpc/v2.1.1; 1 of them breaking; 1 will not be changed (see why below).',
      ),
    ).toBeInTheDocument();
    expect(within(auth).getByText('2.0.0 → 2.1.1')).toBeInTheDocument();

    const diff = within(auth).getByRole('region', {
      name: 'Diff of infra/main.tf',
    });
    const removed = diff.querySelector('[data-diff-line="removed"]');
    const added = diff.querySelector('[data-diff-line="added"]');
    expect(removed?.textContent).toBe(
      '-  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v2.0.0"',
    );
    expect(added?.textContent).toBe(
      '+  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v2.1.1"',
    );
    // The file headers are not mistaken for a removed and an added line, and not repeated.
    expect(diff.querySelectorAll('[data-diff-line="removed"]')).toHaveLength(1);
    expect(diff).not.toHaveTextContent('+++ b/infra/main.tf');
    expect(diff.querySelector('[data-diff-line="hunk"]')).toHaveTextContent(
      '@@ -1,4 +1,4 @@',
    );
    expect(getComputedStyle(added!).backgroundColor).not.toBe(
      getComputedStyle(removed!).backgroundColor,
    );

    const ledger = screen.getByTestId('upgrade-preview-ledger-service');
    expect(
      within(ledger).getByText(
        'Needs a person: nothing will be pushed to ledger-service',
      ),
    ).toBeInTheDocument();
    expect(
      within(ledger).getByText(/the ref is held in var.vpc_ref/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Open 2 changes' }),
    ).toBeEnabled();
  });

  it('asks for the new required input of a breaking upgrade and sends it with the preview and the changes', async () => {
    const { previews, created } = renderDialog({});

    const billing = await screen.findByTestId('upgrade-preview-billing-worker');
    expect(within(billing).getByText('Breaking')).toBeInTheDocument();
    expect(
      within(billing)
        .getByText('cidr_block', { selector: 'code' })
        .closest('li'),
    ).toHaveTextContent('Input cidr_block was removed');
    expect(billing).toHaveTextContent('billing-worker needs a value for cidr');

    const field = screen.getByRole('textbox', { name: 'cidr' });
    await userEvent.type(field, '10.2.0.0/16');
    // The changes wait until the preview shows the value.
    expect(
      screen.getByRole('button', { name: 'Open 2 changes' }),
    ).toBeDisabled();
    await userEvent.click(
      screen.getByRole('button', { name: 'Update the preview' }),
    );

    await waitFor(() =>
      expect(previews.at(-1)?.inputs).toEqual({ cidr: '10.2.0.0/16' }),
    );
    const updated = await screen.findByTestId('upgrade-preview-billing-worker');
    await waitFor(() =>
      expect(
        updated.querySelectorAll('[data-diff-line="added"]')[1]?.textContent,
      ).toBe('+  cidr       = "10.2.0.0/16"'),
    );
    expect(updated).not.toHaveTextContent('needs a value for cidr');
    // The field stays, with its value, once the input is no longer missing.
    expect(screen.getByRole('textbox', { name: 'cidr' })).toHaveValue(
      '10.2.0.0/16',
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Open 2 changes' }),
    );
    await waitFor(() => expect(created).toHaveLength(1));
    expect(created[0].inputs).toEqual({ cidr: '10.2.0.0/16' });
  });

  it('opens the changes as a campaign and shows a link to each', async () => {
    const created: CreateUpgradesRequest[] = [];
    const { onCreated } = renderDialog({
      createUpgrades: async request => {
        created.push(request);
        return {
          campaign: {
            id: 'campaign-1',
            module: 'vpc',
            version: '2.1.1',
            createdBy: 'user:default/guest',
            createdAt: '2026-12-06T10:00:00.000Z',
            total: 3,
            counts: { open: 2, merged: 0, closed: 0, failed: 1 },
          },
          results: [
            {
              entityRef: 'component:default/auth-gateway',
              change: change({ entityRef: 'component:default/auth-gateway' }),
            },
            {
              entityRef: 'component:default/billing-worker',
              change: change({ entityRef: 'component:default/billing-worker' }),
            },
            {
              entityRef: 'component:default/ledger-service',
              change: change({
                entityRef: 'component:default/ledger-service',
                state: 'failed',
                url: undefined,
              }),
              refused: 'component:default/ledger-service needs a person',
            },
          ],
        };
      },
    });

    await userEvent.click(
      await screen.findByRole('button', { name: 'Open 2 changes' }),
    );

    expect(
      await screen.findByText(/2 changes opened; nothing pushed to 1 service/),
    ).toBeInTheDocument();
    expect(created[0]).toEqual({
      module: 'vpc',
      version: '2.1.1',
      entityRefs: undefined,
      environment: undefined,
      inputs: undefined,
      campaign: true,
    });
    expect(
      screen.getAllByRole('link', {
        name: /^Branch platform\/upgrade\/vpc-2.1.1/,
      })[0],
    ).toHaveAttribute(
      'href',
      'https://git.example.com/auth-gateway/compare/main...platform/upgrade/vpc-2.1.1',
    );
    expect(
      screen.getByText(
        'Nothing pushed: component:default/ledger-service needs a person',
      ),
    ).toBeInTheDocument();
    expect(onCreated).toHaveBeenCalledTimes(1);
  });

  it('opens a single change without a campaign, in the chosen environment', async () => {
    const created: CreateUpgradesRequest[] = [];
    const { previews } = renderDialog(
      {
        // A local repository has no web page: the change is its branch.
        createUpgrades: async request => {
          created.push(request);
          return {
            results: [
              {
                entityRef: 'component:default/auth-gateway',
                change: change({
                  entityRef: 'component:default/auth-gateway',
                  url: undefined,
                }),
              },
            ],
          };
        },
      },
      {
        entityRefs: ['component:default/auth-gateway'],
        version: '2.1.0',
      },
    );

    expect(
      await screen.findByRole('dialog', {
        name: 'Upgrade vpc in auth-gateway',
      }),
    ).toBeVisible();
    await screen.findByTestId('upgrade-preview-auth-gateway');
    expect(
      screen.getByRole('combobox', { name: 'Target release' }),
    ).toHaveValue('2.1.0');
    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: /Environment/ }),
      'staging',
    );
    await waitFor(() =>
      expect(previews.at(-1)).toMatchObject({
        version: '2.1.0',
        environment: 'staging',
        entityRefs: ['component:default/auth-gateway'],
      }),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Open 1 change' }),
    );

    await waitFor(() => expect(created).toHaveLength(1));
    expect(created[0]).toMatchObject({
      version: '2.1.0',
      environment: 'staging',
      entityRefs: ['component:default/auth-gateway'],
      campaign: false,
    });
    const result = await screen.findByText('1 change opened.');
    expect(result).toBeInTheDocument();
    expect(
      screen.getByText('platform/upgrade/vpc-2.1.1').parentElement,
    ).toHaveTextContent('Branch platform/upgrade/vpc-2.1.1');
    expect(
      screen.queryByRole('link', { name: /Branch/ }),
    ).not.toBeInTheDocument();
  });

  it('shows a refusal in words and opens nothing', async () => {
    const { onCreated } = renderDialog({
      createUpgrades: async () => {
        throw await responseError(
          403,
          'Forbidden',
          'NotAllowedError',
          'You may not open upgrades of component:default/billing-worker',
        );
      },
    });

    await userEvent.click(
      await screen.findByRole('button', { name: 'Open 2 changes' }),
    );

    const alert = await screen.findByText('The upgrade was not opened');
    expect(alert.parentElement).toHaveTextContent(
      'You may not open upgrades of component:default/billing-worker',
    );
    expect(screen.queryByText(/changes? opened/)).not.toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: /Branch/ }),
    ).not.toBeInTheDocument();
    // The preview stays, so the user can see what was refused.
    expect(screen.getByTestId('upgrade-preview-auth-gateway')).toBeVisible();
    expect(onCreated).not.toHaveBeenCalled();
  });

  it('says when a target is no release of the module', async () => {
    renderDialog(
      {
        previewUpgrades: async () => {
          throw await responseError(
            400,
            'Bad Request',
            'InputError',
            '9.9.9 is not a release of vpc',
          );
        },
      },
      { version: '9.9.9' },
    );

    expect(
      await screen.findByText('9.9.9 is not a release of vpc'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeEnabled();
    expect(
      screen.getByRole('button', { name: 'Open 0 changes' }),
    ).toBeDisabled();
  });

  it('asks for the preview again on request after it failed', async () => {
    let calls = 0;
    renderDialog({
      previewUpgrades: async request => {
        calls += 1;
        if (calls === 1) {
          throw new TypeError('Failed to fetch');
        }
        return vpcPreview(request);
      },
    });

    expect(await screen.findByText('Failed to fetch')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));

    expect(
      await screen.findByTestId('upgrade-preview-auth-gateway'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Failed to fetch')).not.toBeInTheDocument();
  });
});
