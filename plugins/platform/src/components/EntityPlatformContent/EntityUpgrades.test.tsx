import {
  DriftRow,
  EntityDrift,
  platformUpgradeCreatePermission,
} from '@platform-portal/plugin-platform-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PlatformApi, UpgradeRequest } from '../../api';
import {
  Decision,
  renderOnEntityPage,
  serviceEntity,
} from '../../__testUtils__/renderPage';
import { change, vpcAdoption, vpcPreview } from '../Upgrades/testFixtures';
import { EntityPlatformContent } from './EntityPlatformContent';

const entity = serviceEntity('payments-api', 'team-payments');
const entityRef = 'component:default/payments-api';

function row(id: string, fields: Partial<DriftRow>): DriftRow {
  return {
    id,
    entityRef,
    platform: 'acme-platform',
    module: 'vpc',
    kind: 'terraform-module',
    file: `infra/environments/${fields.environment}/main.tf`,
    line: 3,
    column: 12,
    source: 'git::https://github.com/acme/platform.git//modules/vpc',
    name: 'github.com/acme/platform//modules/vpc',
    pin: 'ref',
    latest: '2.1.1',
    verdict: 'up-to-date',
    severity: 0,
    explanation: '',
    ...fields,
  };
}

// prod pins vpc 2.1.0 while staging already has 2.1.1; eks is behind in both, at one release.
const drift: EntityDrift = {
  entityRef,
  repository: {
    entityRef,
    url: 'https://github.com/acme/payments-api',
    status: 'ok',
    scannedAt: '2026-12-06T10:00:00.000Z',
    filesScanned: 2,
  },
  references: [
    row('1', {
      environment: 'prod',
      version: '2.1.0',
      verdict: 'patch-behind',
      severity: 1,
    }),
    row('2', { environment: 'staging', version: '2.1.1' }),
    row('3', {
      module: 'eks',
      environment: 'prod',
      version: '3.1.0',
      latest: '3.2.0',
      verdict: 'minor-behind',
      severity: 2,
    }),
    row('4', {
      module: 'eks',
      environment: 'staging',
      version: '3.1.0',
      latest: '3.2.0',
      verdict: 'minor-behind',
      severity: 2,
    }),
  ],
  problems: [],
};

function renderTab(api: Partial<PlatformApi>, mayUpgrade = true) {
  const authorize = jest.fn(
    (request: { permission: { name: string } }) =>
      (request.permission.name === platformUpgradeCreatePermission.name &&
      mayUpgrade
        ? 'ALLOW'
        : 'DENY') as Decision,
  );
  renderOnEntityPage(<EntityPlatformContent />, {
    entity,
    api: {
      getEntityDrift: async () => drift,
      getEntityReleaseChannels: async () => ({
        entityRef,
        verdict: 'in-sync' as const,
        channels: [],
        history: [],
      }),
      getModuleAdoption: async () => vpcAdoption,
      listUpgrades: async () => [],
      previewUpgrades: async request => vpcPreview(request),
      ...api,
    },
    authorize,
  });
  return { authorize };
}

describe('EntityPlatformContent upgrades', () => {
  it('offers an upgrade on each module behind, for the environment when the pins differ by environment', async () => {
    const previews: UpgradeRequest[] = [];
    renderTab({
      previewUpgrades: async request => {
        previews.push(request);
        return vpcPreview(request);
      },
    });

    const vpcButton = await screen.findByRole('button', {
      name: 'Upgrade vpc in prod to 2.1.1',
    });
    // Staging is on the latest release: nothing to upgrade there.
    expect(
      screen.queryByRole('button', { name: /Upgrade vpc in staging/ }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Upgrade eks in prod to 3.2.0' }),
    ).toBeInTheDocument();

    await userEvent.click(vpcButton);

    expect(
      await screen.findByRole('dialog', {
        name: 'Upgrade vpc in payments-api',
      }),
    ).toBeVisible();
    await waitFor(() => expect(previews).toHaveLength(1));
    expect(previews[0]).toEqual({
      module: 'vpc',
      version: '2.1.1',
      entityRefs: [entityRef],
      environment: 'prod',
      inputs: undefined,
    });
  });

  it('upgrades every environment at once when they pin the same release', async () => {
    const previews: UpgradeRequest[] = [];
    renderTab({
      previewUpgrades: async request => {
        previews.push(request);
        return vpcPreview(request);
      },
    });

    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Upgrade eks in staging to 3.2.0',
      }),
    );

    await waitFor(() => expect(previews).toHaveLength(1));
    expect(previews[0]).toMatchObject({
      module: 'eks',
      version: '3.2.0',
      entityRefs: [entityRef],
      environment: undefined,
    });
  });

  it('offers no upgrade to a user who may not open one', async () => {
    const { authorize } = renderTab({}, false);

    expect(
      await screen.findByRole('table', { name: 'Platform module references' }),
    ).toBeInTheDocument();
    await waitFor(() => expect(authorize).toHaveBeenCalled());
    expect(
      screen.queryByRole('button', { name: /^Upgrade/ }),
    ).not.toBeInTheDocument();
  });

  it("lists the entity's upgrade changes with their state and link", async () => {
    const listUpgrades = jest.fn(async () => [
      change({ entityRef, environment: 'prod', version: '2.1.1' }),
      change({
        entityRef,
        id: 'change-2',
        module: 'eks',
        version: '3.2.0',
        state: 'failed',
        url: undefined,
        error: 'The branch was moved by a person',
      }),
    ]);
    renderTab({ listUpgrades });

    const table = await screen.findByRole('table', { name: 'Upgrade changes' });
    expect(listUpgrades).toHaveBeenCalledWith({ entityRef });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('vpc2.1.1prodOpen');
    expect(within(rows[0]).getByRole('link')).toHaveAttribute(
      'href',
      'https://git.example.com/payments-api/compare/main...platform/upgrade/vpc-2.1.1',
    );
    expect(rows[1]).toHaveTextContent(
      'eks3.2.0AllFailedThe branch was moved by a person',
    );
  });
});
