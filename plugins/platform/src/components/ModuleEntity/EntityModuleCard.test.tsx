import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { ModuleAdoption } from '@platform-portal/plugin-platform-common';
import { screen } from '@testing-library/react';
import { PlatformApi, platformApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { vpcAdoption } from '../Upgrades/testFixtures';
import { EntityModuleCard } from './EntityModuleCard';

// As catalog-backend-module-platform makes it: named `vpc`, or `<platform>-vpc` when two
// platforms have a vpc.
const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'acme-platform-vpc',
    title: 'vpc',
    annotations: {
      'platform-portal.io/platform': 'acme-platform',
      'platform-portal.io/module': 'vpc',
    },
  },
  spec: {
    type: 'terraform-module',
    lifecycle: 'production',
    owner: 'group:default/platform-team',
  },
};

const [, patchBehind, , majorBehind] = vpcAdoption.versions;

const adoption: ModuleAdoption = {
  module: {
    ...vpcAdoption.module,
    description: 'Standard VPC with public, private and database subnets.',
    versions: ['2.1.1', '2.1.0', '1.2.0'],
    supportedMajors: 2,
  },
  versions: [
    {
      version: '2.1.1',
      verdict: 'up-to-date',
      environments: { prod: 2, staging: 1 },
      serviceCount: 2,
      services: [
        { entityRef: 'component:default/payments-api', environment: 'prod' },
        {
          entityRef: 'component:default/payments-api',
          environment: 'staging',
        },
        { entityRef: 'component:default/checkout-web', environment: 'prod' },
      ],
    },
    patchBehind,
    majorBehind,
  ],
  // payments-api pins 2.1.1 in staging and 2.1.0 in prod: one service, behind.
  serviceCount: 3,
  servicesBehind: 2,
};

function renderCard(api: Partial<PlatformApi>) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityModuleCard />
    </EntityProvider>,
    {
      mountedRoutes: { '/platform': rootRouteRef },
      apis: [[platformApiRef, api]],
    },
  );
}

describe('EntityModuleCard', () => {
  it('says what the module is and how many services use it', async () => {
    const getModuleAdoption = jest.fn(async () => adoption);
    renderCard({ getModuleAdoption });

    expect(
      await screen.findByText(/is a Terraform module of the platform/),
    ).toHaveTextContent(
      'vpc is a Terraform module of the platform acme-platform: Standard VPC with public, private and database subnets.',
    );
    // The module's own name from its annotation, not the entity's (qualified) name; the card
    // shows counts only, so it asks for as few services as it may.
    expect(getModuleAdoption).toHaveBeenCalledWith('vpc', 'acme-platform', {
      servicesPerVersion: 1,
    });
    expect(
      screen.getByText(
        'Latest release 2.1.1. The newest 2 majors are supported.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('module-usage')).toHaveTextContent(
      'Used by 3 services, 2 not on the latest release.',
    );
  });

  it('gives the counts the backend sends, not those of the services it lists', async () => {
    renderCard({
      getModuleAdoption: async () => ({
        ...adoption,
        versions: adoption.versions.map(group => ({
          ...group,
          services: group.services.slice(0, 1),
        })),
        serviceCount: 1200,
        servicesBehind: 300,
      }),
    });

    expect(await screen.findByTestId('module-usage')).toHaveTextContent(
      'Used by 1200 services, 300 not on the latest release.',
    );
  });

  it('leads to the module page of its platform', async () => {
    renderCard({ getModuleAdoption: async () => adoption });

    expect(
      await screen.findByRole('link', { name: /Open the module page/ }),
    ).toHaveAttribute('href', '/platform/modules/vpc?platform=acme-platform');
    expect(
      screen.getByRole('link', { name: /View module page/ }),
    ).toHaveAttribute('href', '/platform/modules/vpc?platform=acme-platform');
  });

  it('says when no service uses the module yet', async () => {
    renderCard({
      getModuleAdoption: async () => ({
        ...adoption,
        versions: [],
        serviceCount: 0,
        servicesBehind: 0,
      }),
    });

    expect(await screen.findByTestId('module-usage')).toHaveTextContent(
      'No scanned service uses it yet.',
    );
  });

  it('says when the platform no longer defines the module', async () => {
    renderCard({ getModuleAdoption: async () => undefined });

    expect(
      await screen.findByText(/No platform defines a module named/),
    ).toHaveTextContent(
      'No platform defines a module named vpc in acme-platform any more; it may have been renamed or removed from the platform manifest.',
    );
  });

  it('shows the error of a failed request', async () => {
    renderCard({
      getModuleAdoption: async () => {
        throw new Error('The platform backend is unreachable');
      },
    });

    expect(
      await screen.findByText('Error: The platform backend is unreachable', {
        selector: 'h6',
      }),
    ).toBeInTheDocument();
  });
});
