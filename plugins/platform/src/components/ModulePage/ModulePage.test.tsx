import {
  ModuleAdoption,
  PlatformModuleInfo,
} from '@platform-portal/plugin-platform-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PlatformApi } from '../../api';
import { renderModulePage } from './__testUtils__/renderModulePage';
import { responseError } from '../Upgrades/testFixtures';
import { supportWindow } from './ModulePage';

const eks: PlatformModuleInfo = {
  platform: 'acme-platform',
  name: 'eks',
  kind: 'terraform-module',
  path: 'modules/eks',
  description:
    'EKS cluster with managed node groups, IRSA and the platform add-ons.',
  repository: 'https://github.com/acme/platform.git',
  tagPattern: 'eks-v{version}',
  latest: '3.2.0',
  versions: ['3.2.0', '3.1.0', '3.0.0', '2.3.0', '2.0.0', '1.4.0'],
  supportedMajors: 2,
  deprecations: [
    {
      versions: '< 2.0.0',
      since: '2025-09-01',
      message: 'eks 1.x runs an end-of-life Kubernetes; move to 3.x.',
    },
  ],
};

// Deliberately out of order: the page sorts by the module's releases, newest first.
const eksAdoption: ModuleAdoption = {
  module: eks,
  versions: [
    {
      version: '3.1.0',
      verdict: 'minor-behind',
      environments: { prod: 2 },
      serviceCount: 2,
      services: [
        {
          entityRef: 'component:default/payments-api',
          owner: 'group:default/team-payments',
          environment: 'prod',
        },
        {
          entityRef: 'component:default/search-api',
          owner: 'group:default/team-search',
          environment: 'prod',
        },
      ],
    },
    {
      verdict: 'unpinned',
      environments: { staging: 1 },
      serviceCount: 1,
      services: [
        {
          entityRef: 'component:default/checkout-web',
          environment: 'staging',
        },
      ],
    },
    {
      version: '3.2.0',
      verdict: 'up-to-date',
      environments: { prod: 1, staging: 2 },
      serviceCount: 2,
      services: [
        {
          entityRef: 'component:default/fraud-detector',
          owner: 'group:default/team-payments',
          environment: 'prod',
        },
        {
          entityRef: 'component:default/fraud-detector',
          owner: 'group:default/team-payments',
          environment: 'staging',
        },
        {
          entityRef: 'component:default/payments-api',
          owner: 'group:default/team-payments',
          environment: 'staging',
        },
      ],
    },
    {
      version: '1.4.0',
      verdict: 'deprecated',
      environments: { '': 1 },
      serviceCount: 1,
      services: [
        {
          entityRef: 'component:default/search-indexer',
          owner: 'group:default/team-search',
        },
      ],
    },
  ],
  // payments-api is on 3.2.0 in staging but 3.1.0 in prod, so it counts as behind.
  serviceCount: 5,
  servicesBehind: 4,
};

function renderPage(api: Partial<PlatformApi>, path = '/platform/modules/eks') {
  // The interfaces, releases and upgrades have their own tests (ModuleInterfaces.test.tsx,
  // ReleasesCard.test.tsx, ModuleUpgrades.test.tsx).
  return renderModulePage(api, path);
}

function serverError(message: string) {
  return responseError(500, 'Internal Server Error', 'Error', message, {
    method: 'GET',
    url: '/api/platform/modules/eks/adoption',
  });
}

describe('ModulePage', () => {
  it('shows progress while the module loads', async () => {
    renderPage({ getModuleAdoption: () => new Promise(() => {}) });

    expect(
      screen.getByRole('heading', { name: 'eks', level: 1 }),
    ).toBeInTheDocument();
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('describes the module, its support window and deprecations', async () => {
    const getModuleAdoption = jest.fn(async () => eksAdoption);
    renderPage({ getModuleAdoption });

    expect(await screen.findByText('About')).toBeInTheDocument();
    // The first services of each version only: the counts come with the answer.
    expect(getModuleAdoption).toHaveBeenCalledWith('eks', undefined, {
      servicesPerVersion: 50,
    });
    expect(screen.getByText('Kind').nextSibling).toHaveTextContent(
      'Terraform module',
    );
    expect(
      screen.getByText('Platform', { selector: 'p' }).nextSibling,
    ).toHaveTextContent('acme-platform');
    expect(screen.getByText('Latest version').nextSibling).toHaveTextContent(
      '3.2.0',
    );
    expect(screen.getByText('Support window').nextSibling).toHaveTextContent(
      'Newest 2 majors supported (2.x, 3.x)',
    );
    expect(screen.getByText(eks.description!)).toBeInTheDocument();

    expect(
      screen.getByText('Versions < 2.0.0 · since 2025-09-01'),
    ).toBeInTheDocument();
    expect(screen.getByText(eks.deprecations[0].message)).toBeInTheDocument();
  });

  it('asks for the module of the platform named in the query', async () => {
    const getModuleAdoption = jest.fn(async () => eksAdoption);
    renderPage(
      { getModuleAdoption },
      '/platform/modules/eks?platform=acme-platform',
    );

    expect(await screen.findByText('About')).toBeInTheDocument();
    expect(getModuleAdoption).toHaveBeenCalledWith('eks', 'acme-platform', {
      servicesPerVersion: 50,
    });
    expect(
      screen.getByText(/Platform module of acme-platform/),
    ).toBeInTheDocument();
  });

  it('labels the adoption chart and gives its numbers as a table', async () => {
    renderPage({ getModuleAdoption: async () => eksAdoption });

    const figure = await screen.findByRole('figure', {
      name: 'Services per version and environment of eks',
    });
    expect(figure.querySelector('svg')).toBeInTheDocument();

    const table = within(figure).getByRole('table', {
      name: 'Services per version and environment of eks',
    });
    const rows = within(table).getAllByRole('row');
    expect(rows.map(row => row.textContent)).toEqual([
      'VersionprodstagingNo environmentTotal',
      '3.2.01203',
      '3.1.02002',
      '1.4.00011',
      'No release0101',
    ]);
  });

  it('lists the services on each version with the blast radius of the next release', async () => {
    renderPage({ getModuleAdoption: async () => eksAdoption });

    expect(
      await screen.findByText('4 of 5 services', { exact: false }),
    ).toBeInTheDocument();
    expect(screen.getByText(/are not on the latest version/)).toHaveTextContent(
      '4 of 5 services are not on the latest version, 3.2.0, in at least one environment.',
    );

    const sections = screen
      .getAllByRole('region')
      .filter(region =>
        /^Services on /.test(region.getAttribute('aria-label')!),
      );
    expect(sections.map(s => s.getAttribute('aria-label'))).toEqual([
      'Services on 3.2.0',
      'Services on 3.1.0',
      'Services on 1.4.0',
      'Services on No release',
    ]);

    const latest = screen.getByRole('region', { name: 'Services on 3.2.0' });
    expect(within(latest).getByText('3.2.0 (latest)')).toBeInTheDocument();
    expect(within(latest).getByText('Up to date')).toBeInTheDocument();
    expect(within(latest).getByText('2 services')).toBeInTheDocument();

    const behind = screen.getByRole('region', { name: 'Services on 3.1.0' });
    expect(within(behind).getByText('Minor behind')).toBeInTheDocument();
    const searchApi = within(behind).getByRole('link', { name: 'search-api' });
    expect(searchApi).toHaveAttribute(
      'href',
      '/catalog/default/component/search-api',
    );
    const row = searchApi.closest('tr')!;
    expect(
      within(row).getByRole('link', { name: 'team-search' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-search');
    expect(row).toHaveTextContent('prod');

    const deprecated = screen.getByRole('region', {
      name: 'Services on 1.4.0',
    });
    expect(within(deprecated).getByText('Deprecated')).toBeInTheDocument();

    const unresolved = screen.getByRole('region', {
      name: 'Services on No release',
    });
    expect(within(unresolved).getByText('Unpinned')).toBeInTheDocument();
    expect(
      within(unresolved).getByRole('link', { name: 'checkout-web' }),
    ).toBeInTheDocument();
    // Every service of every version is listed: nothing more to see in the report.
    expect(screen.queryByText(/more service/)).not.toBeInTheDocument();
  });

  it('counts the services the answer does not list, and links to them in the drift report', async () => {
    // As a module used by thousands of services answers: the first services of each version,
    // and the counts of all of them.
    const [onOlder, , , onDeprecated] = eksAdoption.versions;
    renderPage({
      getModuleAdoption: async () => ({
        ...eksAdoption,
        versions: [
          { ...onOlder, serviceCount: 1200 },
          { ...onDeprecated, serviceCount: 1 },
        ],
        serviceCount: 1900,
        servicesBehind: 1201,
      }),
    });

    expect(
      await screen.findByText(/are not on the latest version/),
    ).toHaveTextContent(
      '1201 of 1900 services are not on the latest version, 3.2.0, in at least one environment.',
    );
    expect(
      screen.getByRole('button', { name: 'Upgrade 1201 services' }),
    ).toBeEnabled();

    const older = screen.getByRole('region', { name: 'Services on 3.1.0' });
    expect(within(older).getByText('1200 services')).toBeInTheDocument();
    expect(within(older).getAllByRole('row')).toHaveLength(3);
    const more = within(older).getByRole('link', {
      name: 'and 1198 more services',
    });
    expect(more.parentElement).toHaveTextContent(
      'and 1198 more services on 3.1.0, in the drift report',
    );
    // Exactly that version's references, by service as listed here.
    expect(more).toHaveAttribute(
      'href',
      '/platform?module=eks&version=3.1.0&all=1&sort=entity&order=asc',
    );

    const deprecated = screen.getByRole('region', {
      name: 'Services on 1.4.0',
    });
    expect(within(deprecated).getByText('1 service')).toBeInTheDocument();
    expect(
      within(deprecated).queryByRole('link', { name: /more service/ }),
    ).not.toBeInTheDocument();
  });

  it('links to the references of a version as the URL must carry it, and to those of no release', async () => {
    const [onOlder, unpinned] = eksAdoption.versions;
    renderPage({
      getModuleAdoption: async () => ({
        ...eksAdoption,
        versions: [
          { ...onOlder, version: '3.1.0-rc.1+build/7 &x', serviceCount: 5 },
          { ...unpinned, serviceCount: 4 },
        ],
      }),
    });

    const built = await screen.findByRole('region', {
      name: 'Services on 3.1.0-rc.1+build/7 &x',
    });
    expect(
      within(built).getByRole('link', { name: 'and 3 more services' }),
    ).toHaveAttribute(
      'href',
      '/platform?module=eks&version=3.1.0-rc.1%2Bbuild%2F7+%26x&all=1&sort=entity&order=asc',
    );
    // An empty version keeps the references that resolve to no release.
    const noRelease = screen.getByRole('region', {
      name: 'Services on No release',
    });
    expect(
      within(noRelease).getByRole('link', { name: 'and 3 more services' }),
    ).toHaveAttribute(
      'href',
      '/platform?module=eks&version=&all=1&sort=entity&order=asc',
    );
  });

  it('says when every service is on the latest version', async () => {
    renderPage({
      getModuleAdoption: async () => ({
        module: eks,
        versions: [eksAdoption.versions[2]],
        serviceCount: 2,
        servicesBehind: 0,
      }),
    });

    expect(
      await screen.findByText(
        'All 2 services are on the latest version, 3.2.0.',
      ),
    ).toBeInTheDocument();
  });

  it('says so when no service uses the module yet', async () => {
    renderPage(
      {
        getModuleAdoption: async () => ({
          module: {
            ...eks,
            name: 'postgresql',
            kind: 'crossplane-composition',
            supportedMajors: undefined,
            deprecations: [],
          },
          versions: [],
          serviceCount: 0,
          servicesBehind: 0,
        }),
      },
      '/platform/modules/postgresql',
    );

    expect(
      await screen.findByText('No service uses postgresql yet.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Support window').nextSibling).toHaveTextContent(
      'All versions supported',
    );
    expect(screen.getByText('No version is deprecated.')).toBeInTheDocument();
    expect(screen.queryByRole('figure')).not.toBeInTheDocument();
  });

  it('names the module that was not found and links back to the drift report', async () => {
    renderPage(
      { getModuleAdoption: async () => undefined },
      '/platform/modules/nope',
    );

    expect(
      await screen.findByText('Module nope not found'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Back to the drift report' }),
    ).toHaveAttribute('href', '/platform');
  });

  it('shows the error and retries on request', async () => {
    const error = await serverError('The drift store is unavailable');
    const getModuleAdoption = jest
      .fn()
      .mockRejectedValueOnce(error)
      .mockResolvedValueOnce(eksAdoption);
    renderPage({ getModuleAdoption });

    expect(
      await screen.findByText('The drift store is unavailable'),
    ).toBeInTheDocument();
    expect(screen.queryByText('About')).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));

    expect(await screen.findByText('About')).toBeInTheDocument();
    expect(getModuleAdoption).toHaveBeenCalledTimes(2);
  });
});

describe('supportWindow', () => {
  it('names the newest supported majors that have releases', () => {
    expect(supportWindow(eks)).toBe('Newest 2 majors supported (2.x, 3.x)');
    expect(
      supportWindow({
        ...eks,
        supportedMajors: 1,
        versions: ['4.0.0-rc.1', '3.2.0'],
      }),
    ).toBe('Newest major supported (3.x)');
    expect(supportWindow({ ...eks, supportedMajors: undefined })).toBe(
      'All versions supported',
    );
  });
});
