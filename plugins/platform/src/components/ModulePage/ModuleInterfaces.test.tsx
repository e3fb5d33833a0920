import {
  InterfaceDiff,
  ModuleAdoption,
  ModuleInterface,
  PlatformModuleInfo,
} from '@platform-portal/plugin-platform-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router-dom';
import { PlatformApi } from '../../api';
import { renderModulePage } from './__testUtils__/renderModulePage';
import { responseError, vpcAdoption } from '../Upgrades/testFixtures';
import { postgresqlXrd } from '../ScaffolderFields/__testUtils__/platformModules';
import { ModulePage } from './ModulePage';

const vpc: PlatformModuleInfo = {
  ...vpcAdoption.module,
  versions: ['2.1.1', '2.0.0', '1.4.0', '1.3.0'],
};

const adoption = (module: PlatformModuleInfo): ModuleAdoption => ({
  module,
  versions: [],
  serviceCount: 0,
  servicesBehind: 0,
});

const vpc2: ModuleInterface = {
  kind: 'terraform',
  variables: [
    {
      name: 'cidr',
      type: 'string',
      kind: 'string',
      description: 'The IPv4 range of the VPC.\nMust be a /16.',
      required: true,
      sensitive: false,
      nullable: true,
      hasValidation: true,
    },
    {
      name: 'azs',
      type: 'list(string)',
      kind: 'list',
      default: [],
      required: false,
      sensitive: false,
      nullable: true,
      hasValidation: false,
    },
    {
      name: 'vpn_psk',
      type: 'string',
      kind: 'string',
      default: null,
      required: false,
      sensitive: true,
      nullable: true,
      hasValidation: false,
    },
  ],
  outputs: [
    { name: 'vpc_id', description: 'The ID of the VPC', sensitive: false },
    { name: 'private_subnet_ids', sensitive: false },
  ],
};

const breakingDiff: InterfaceDiff = {
  from: { module: 'vpc', tag: 'vpc/v1.4.0' },
  to: { module: 'vpc', tag: 'vpc/v2.1.1' },
  breaking: true,
  changes: [
    {
      change: 'output-added',
      name: 'private_subnet_ids',
      breaking: false,
      message: 'output `private_subnet_ids` is new',
    },
    {
      change: 'input-added',
      name: 'cidr',
      required: true,
      breaking: true,
      message: 'input `cidr` is new and required',
    },
    {
      change: 'input-removed',
      name: 'cidr_block',
      breaking: true,
      message: 'input `cidr_block` is removed',
    },
  ],
};

function LocationProbe() {
  return <div data-testid="location">{useLocation().search}</div>;
}

function renderPage(api: Partial<PlatformApi>, path = '/platform/modules/vpc') {
  return renderModulePage(
    {
      getModuleAdoption: async () => adoption(vpc),
      getModuleInterface: async ({ module, version }) => ({
        release: { module, tag: `${module}/v${version}` },
        version,
        interface: vpc2,
      }),
      getModuleInterfaceDiff: async () => breakingDiff,
      ...api,
    },
    path,
    <>
      <ModulePage />
      <LocationProbe />
    </>,
  );
}

function notReadable(message: string) {
  return responseError(404, 'Not Found', 'NotFoundError', message, {
    method: 'GET',
    url: '/api/platform/modules/vpc/interface',
  });
}

function rowTexts(table: HTMLElement) {
  return within(table)
    .getAllByRole('row')
    .map(row =>
      Array.from(row.querySelectorAll('th, td')).map(cell => cell.textContent),
    );
}

// A whole page with a chart renders slowly under jsdom on a loaded machine.
jest.setTimeout(30_000);

describe('ModulePage interfaces', () => {
  it("lists the latest release's inputs and outputs", async () => {
    const getModuleInterface = jest.fn(
      async ({ module, version }: { module: string; version: string }) => ({
        release: { module, tag: `vpc/v${version}` },
        version,
        interface: vpc2,
      }),
    );
    renderPage({ getModuleInterface });

    const inputs = await screen.findByRole('table', {
      name: 'Inputs of vpc 2.1.1',
    });
    expect(getModuleInterface).toHaveBeenCalledWith({
      module: 'vpc',
      version: '2.1.1',
      platform: undefined,
    });
    expect(screen.getByText('vpc/v2.1.1')).toBeInTheDocument();
    expect(rowTexts(inputs)).toEqual([
      [
        'Name',
        'Type',
        'Required',
        'Default',
        'Description',
        'Sensitive',
        'Validation',
      ],
      [
        'cidr',
        'string',
        'Required',
        '—',
        'The IPv4 range of the VPC.\nMust be a /16.',
        '—',
        'Has a validation rule',
      ],
      ['azs', 'list(string)', 'Optional', '[]', '—', '—', '—'],
      ['vpn_psk', 'string', 'Optional', 'null', '—', 'Sensitive', '—'],
    ]);
    const outputs = screen.getByRole('table', { name: 'Outputs of vpc 2.1.1' });
    expect(rowTexts(outputs)).toEqual([
      ['Name', 'Description', 'Sensitive'],
      ['vpc_id', 'The ID of the VPC', '—'],
      ['private_subnet_ids', '—', '—'],
    ]);
  });

  it('shows the release chosen in the selector and keeps it in the URL', async () => {
    const getModuleInterface = jest.fn(
      async ({ module, version }: { module: string; version: string }) => ({
        release: { module, tag: `vpc/v${version}` },
        version,
        interface: { ...vpc2, outputs: [] },
      }),
    );
    renderPage(
      { getModuleInterface },
      '/platform/modules/vpc?platform=acme-platform',
    );
    await screen.findByRole('table', { name: 'Inputs of vpc 2.1.1' });

    const select = screen.getByRole('combobox', { name: 'Release' });
    expect(
      within(select)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['2.1.1 (latest)', '2.0.0', '1.4.0', '1.3.0']);
    await userEvent.selectOptions(select, '1.4.0');

    expect(
      await screen.findByRole('table', { name: 'Inputs of vpc 1.4.0' }),
    ).toBeInTheDocument();
    expect(getModuleInterface).toHaveBeenLastCalledWith({
      module: 'vpc',
      version: '1.4.0',
      platform: 'acme-platform',
    });
    expect(screen.getByTestId('location')).toHaveTextContent(
      '?platform=acme-platform&release=1.4.0',
    );
    expect(
      screen.getByText('This release declares no outputs.'),
    ).toBeInTheDocument();
  });

  it("shows the API's reason when an interface cannot be read", async () => {
    const error = await notReadable(
      'vpc@vpc/v1.3.0: modules/vpc/variables.tf: line 4: unexpected "}"',
    );
    renderPage(
      {
        getModuleInterface: async () => {
          throw error;
        },
      },
      '/platform/modules/vpc?release=1.3.0',
    );

    const alert = await screen.findByText(
      'The interface of vpc 1.3.0 could not be read',
    );
    expect(alert.closest('[role="alert"]')).toHaveTextContent(
      'vpc@vpc/v1.3.0: modules/vpc/variables.tf: line 4: unexpected "}"',
    );
    expect(
      screen.queryByRole('table', { name: /^Inputs of/ }),
    ).not.toBeInTheDocument();
  });

  it('compares the previous major with the latest release by default, breaking changes first', async () => {
    const getModuleInterfaceDiff = jest.fn(async () => breakingDiff);
    renderPage({ getModuleInterfaceDiff });

    expect(await screen.findByTestId('diff-headline')).toHaveTextContent(
      'Breaking: 2 changes',
    );
    expect(getModuleInterfaceDiff).toHaveBeenCalledWith({
      module: 'vpc',
      from: '1.4.0',
      to: '2.1.1',
      platform: undefined,
    });
    expect(screen.getByRole('combobox', { name: 'From' })).toHaveValue('1.4.0');
    expect(screen.getByRole('combobox', { name: 'To' })).toHaveValue('2.1.1');
    const table = screen.getByRole('table', {
      name: 'Changes from vpc/v1.4.0 to vpc/v2.1.1',
    });
    expect(rowTexts(table).slice(1)).toEqual([
      ['Input added', 'cidr', 'Breaking', 'input cidr is new and required'],
      [
        'Input removed',
        'cidr_block',
        'Breaking',
        'input cidr_block is removed',
      ],
      [
        'Output added',
        'private_subnet_ids',
        'Not breaking',
        'output private_subnet_ids is new',
      ],
    ]);
  });

  it('opens the comparison a link names, and says when nothing breaks', async () => {
    const getModuleInterfaceDiff = jest.fn(async () => ({
      from: { module: 'vpc', tag: 'vpc/v2.0.0' },
      to: { module: 'vpc', tag: 'vpc/v2.1.1' },
      breaking: false,
      changes: [breakingDiff.changes[0]],
    }));
    renderPage(
      { getModuleInterfaceDiff },
      '/platform/modules/vpc?from=2.0.0&to=2.1.1',
    );

    expect(await screen.findByTestId('diff-headline')).toHaveTextContent(
      'No breaking changes',
    );
    expect(getModuleInterfaceDiff).toHaveBeenCalledWith(
      expect.objectContaining({ from: '2.0.0', to: '2.1.1' }),
    );
    expect(
      screen.getByText('1 change from vpc/v2.0.0 to vpc/v2.1.1'),
    ).toBeInTheDocument();
  });

  it('compares the releases chosen in the selectors and keeps them in the URL', async () => {
    const getModuleInterfaceDiff = jest.fn(async () => breakingDiff);
    renderPage({ getModuleInterfaceDiff });
    await screen.findByTestId('diff-headline');

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'From' }),
      '1.3.0',
    );

    await waitFor(() =>
      expect(getModuleInterfaceDiff).toHaveBeenLastCalledWith(
        expect.objectContaining({ from: '1.3.0', to: '2.1.1' }),
      ),
    );
    expect(screen.getByTestId('location')).toHaveTextContent(
      '?from=1.3.0&to=2.1.1',
    );
  });

  it('says when the two releases are the same or there is only one', async () => {
    const getModuleInterfaceDiff = jest.fn(async () => breakingDiff);
    renderPage(
      { getModuleInterfaceDiff },
      '/platform/modules/vpc?from=2.1.1&to=2.1.1',
    );
    expect(
      await screen.findByText('Choose two different releases to compare.'),
    ).toBeInTheDocument();
    expect(getModuleInterfaceDiff).not.toHaveBeenCalled();
  });

  it('says there is nothing to compare for a module with one release', async () => {
    renderPage({
      getModuleAdoption: async () =>
        adoption({ ...vpc, latest: '1.0.0', versions: ['1.0.0'] }),
    });
    expect(
      await screen.findByText(
        'vpc has one release only, so there is nothing to compare yet.',
      ),
    ).toBeInTheDocument();
  });

  it("shows the API's reason when two releases cannot be compared", async () => {
    const error = await notReadable('vpc has no release 9.9.9');
    renderPage(
      {
        getModuleInterfaceDiff: async () => {
          throw error;
        },
      },
      '/platform/modules/vpc?from=9.9.9&to=2.1.1',
    );
    const title = await screen.findByText(
      'vpc 9.9.9 and 2.1.1 could not be compared',
    );
    expect(title.closest('[role="alert"]')).toHaveTextContent(
      'vpc has no release 9.9.9',
    );
    // The unknown release from the link stays visible in the selector.
    expect(screen.getByRole('combobox', { name: 'From' })).toHaveValue('9.9.9');
  });

  it("lists a reusable workflow's inputs and secrets", async () => {
    renderPage(
      {
        getModuleAdoption: async () =>
          adoption({
            ...vpc,
            name: 'terraform-ci',
            kind: 'github-workflow',
            latest: '3.1.0',
            versions: ['3.1.0'],
          }),
        getModuleInterface: async ({ version }) => ({
          release: { module: 'terraform-ci', tag: `v${version}` },
          version,
          interface: {
            kind: 'workflow',
            inputs: [
              {
                name: 'working-directory',
                type: 'string',
                required: false,
                default: 'infra',
                description: 'Where the Terraform root module is',
              },
            ],
            secrets: [{ name: 'AWS_ROLE_ARN', required: true }],
          },
        }),
      },
      '/platform/modules/terraform-ci',
    );

    const inputs = await screen.findByRole('table', {
      name: 'Inputs of terraform-ci 3.1.0',
    });
    expect(rowTexts(inputs)[1]).toEqual([
      'working-directory',
      'string',
      'Optional',
      '"infra"',
      'Where the Terraform root module is',
    ]);
    const secrets = screen.getByRole('table', {
      name: 'Secrets of terraform-ci 3.1.0',
    });
    expect(rowTexts(secrets)[1]).toEqual(['AWS_ROLE_ARN', 'Required', '—']);
  });

  it("shows an XRD's versions and their spec properties by path", async () => {
    renderPage(
      {
        getModuleAdoption: async () =>
          adoption({
            ...vpc,
            name: 'postgresql',
            kind: 'crossplane-composition',
            latest: '1.2.0',
            versions: ['1.2.0'],
          }),
        getModuleInterface: async ({ version }) => ({
          release: { module: 'postgresql', tag: `postgresql-v${version}` },
          version,
          // Only the old version, given nested properties to show their paths.
          interface: {
            ...postgresqlXrd,
            versions: [
              {
                ...postgresqlXrd.versions[0],
                properties: [
                  {
                    name: 'parameters',
                    type: 'object',
                    required: true,
                    properties: [
                      {
                        name: 'size',
                        type: 'string',
                        required: false,
                        enum: ['small', 'large'],
                        default: 'small',
                      },
                    ],
                  },
                ],
              },
            ],
          },
        }),
      },
      '/platform/modules/postgresql',
    );

    const table = await screen.findByRole('table', {
      name: 'Spec properties of postgresql 1.2.0, version v1alpha1',
    });
    expect(rowTexts(table).slice(1)).toEqual([
      ['parameters', 'object', 'Required', '—', '—', '—'],
      [
        'parameters.size',
        'string',
        'Optional',
        '"small"',
        '"small", "large"',
        '—',
      ],
    ]);
    expect(screen.getByText('Not referenceable')).toBeInTheDocument();
    expect(screen.getByText('Deprecated')).toBeInTheDocument();
    expect(screen.getByText('XPostgreSQLInstance')).toBeInTheDocument();
  });

  it('says when a chart has no values schema, and lists it when it has one', async () => {
    const chart = adoption({
      ...vpc,
      name: 'service',
      kind: 'helm-chart',
      latest: '0.4.0',
      versions: ['0.4.0', '0.3.2'],
    });
    renderPage(
      {
        getModuleAdoption: async () => chart,
        getModuleInterface: async ({ version }) => ({
          release: { module: 'service', tag: `service-${version}` },
          version,
          interface:
            version === '0.4.0'
              ? {
                  kind: 'helm',
                  hasSchema: true,
                  properties: [
                    { name: 'replicas', type: 'integer', required: true },
                  ],
                }
              : { kind: 'helm', hasSchema: false, properties: [] },
        }),
      },
      '/platform/modules/service?release=0.3.2',
    );

    const said =
      'This release of the chart has no values.schema.json, so Helm does not check the values a service sets.';
    expect(
      await screen.findByText((_, element) => element?.textContent === said, {
        selector: 'p',
      }),
    ).toBeInTheDocument();
    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Release' }),
      '0.4.0',
    );
    const values = await screen.findByRole('table', {
      name: 'Values of service 0.4.0',
    });
    expect(rowTexts(values)[1]).toEqual([
      'replicas',
      'integer',
      'Required',
      '—',
      '—',
      '—',
    ]);
  });
});
