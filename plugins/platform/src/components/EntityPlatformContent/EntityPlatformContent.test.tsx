import {
  DriftRow,
  EntityDrift,
  platformEntityScanPermission,
  RepositoryStatus,
  ScanRun,
} from '@platform-portal/plugin-platform-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PlatformApi } from '../../api';
import {
  Decision,
  renderOnEntityPage,
  serviceEntity,
} from '../../__testUtils__/renderPage';
import { ciOutsideRange } from '../../__testUtils__/requiredFindings';
import { responseError } from '../Upgrades/testFixtures';
import { EntityPlatformContent } from './EntityPlatformContent';

const entity = serviceEntity('search-indexer', 'team-search', {
  'github.com/project-slug': 'acme/search-indexer',
});

const repository: RepositoryStatus = {
  entityRef: 'component:default/search-indexer',
  url: 'https://github.com/acme/search-indexer',
  commit: '35d9e7decdbbf2e3600f46480f5853cf87492a13',
  branch: 'main',
  scannedAt: '2026-11-22T02:10:51.120Z',
  checkedAt: '2026-11-22T02:10:51.120Z',
  status: 'ok',
  filesScanned: 4,
};

const blobUrl = `${repository.url}/blob/${repository.commit}`;

function row(
  id: string,
  fields: Partial<DriftRow> & Pick<DriftRow, 'verdict' | 'severity'>,
): DriftRow {
  return {
    id,
    entityRef: 'component:default/search-indexer',
    owner: 'group:default/team-search',
    platform: 'acme-platform',
    kind: 'terraform-module',
    file: 'infra/environments/prod/main.tf',
    line: 15,
    column: 12,
    source: 'git::https://github.com/acme/platform.git//modules/vpc',
    name: 'github.com/acme/platform//modules/vpc',
    pin: 'ref',
    explanation: '',
    ...fields,
  };
}

const references: DriftRow[] = [
  row('1', {
    module: 'terraform-ci',
    kind: 'github-reusable-workflow',
    file: '.github/workflows/ci.yml',
    line: 9,
    ref: 'v3.1.0',
    version: '3.1.0',
    latest: '3.1.0',
    releasesBehind: 0,
    verdict: 'up-to-date',
    severity: 0,
    explanation: '3.1.0 is the latest release',
    scmUrl: `${blobUrl}/.github/workflows/ci.yml#L9`,
  }),
  row('2', {
    platform: undefined,
    kind: 'github-action',
    file: '.github/workflows/ci.yml',
    line: 16,
    name: 'github.com/actions/checkout',
    pin: 'sha',
    ref: '11bd71901bbe5b1630ceea73d27597364c9af683',
    verdict: 'external',
    severity: 0,
    explanation:
      'github.com/actions/checkout is not in the platform repository',
  }),
  row('3', {
    module: 'vpc',
    environment: 'prod',
    ref: 'vpc/v1.1.0',
    version: '1.1.0',
    latest: '2.1.1',
    releasesBehind: 4,
    verdict: 'major-behind',
    severity: 3,
    explanation: '1.1.0 is 4 releases behind 2.1.1 (major)',
    scmUrl: `${blobUrl}/infra/environments/prod/main.tf#L15`,
  }),
  row('4', {
    module: 'eks',
    environment: 'prod',
    line: 22,
    ref: 'eks-v1.4.0',
    version: '1.4.0',
    latest: '3.2.0',
    releasesBehind: 5,
    verdict: 'unsupported',
    severity: 4,
    explanation:
      '1.4.0 is unsupported: eks supports only 3.x and 2.x (the newest 2 majors); 1.4.0 is 5 releases behind 3.2.0 (major)',
    scmUrl: `${blobUrl}/infra/environments/prod/main.tf#L22`,
  }),
  row('5', {
    module: 'rds',
    environment: 'staging',
    file: 'infra/environments/staging/main.tf',
    line: 30,
    ref: 'rds/v2.0.0',
    version: '2.0.0',
    latest: '2.1.0',
    releasesBehind: 1,
    verdict: 'minor-behind',
    severity: 2,
    explanation: '2.0.0 is 1 release behind 2.1.0 (minor)',
  }),
];

const drift: EntityDrift = {
  entityRef: 'component:default/search-indexer',
  repository,
  references,
  problems: [],
};

function renderContent(
  api: Partial<PlatformApi>,
  options: { canScan?: boolean } = {},
) {
  const authorize = jest.fn(
    () => (options.canScan ? 'ALLOW' : 'DENY') as Decision,
  );
  const rendered = renderOnEntityPage(<EntityPlatformContent />, {
    entity,
    api: {
      // The tab's release channel section; its own tests are in ReleaseChannels.
      getEntityReleaseChannels: async (entityRef: string) => ({
        entityRef,
        verdict: 'in-sync' as const,
        channels: [],
        history: [],
      }),
      // The upgrade section; its own tests are in EntityUpgrades.test.tsx.
      listUpgrades: async () => [],
      ...api,
    },
    authorize,
  });
  return { ...rendered, authorize };
}

function moduleCells() {
  const table = screen.getByRole('table', {
    name: 'Platform module references',
  });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map(r => within(r).getAllByRole('cell')[0].textContent);
}

function scan(fields: Partial<ScanRun>): ScanRun {
  return {
    id: 'scan-7',
    startedAt: '2026-11-22T03:00:00.000Z',
    status: 'running',
    entityRef: 'component:default/search-indexer',
    repositoriesScanned: 0,
    repositoriesSkipped: 0,
    repositoriesFailed: 0,
    ...fields,
  };
}

describe('EntityPlatformContent', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('asks whether the user may scan this entity', async () => {
    const { authorize } = renderContent({ getEntityDrift: async () => drift });

    await screen.findByRole('table', { name: 'Platform module references' });
    expect(authorize).toHaveBeenCalledWith(
      expect.objectContaining({
        permission: platformEntityScanPermission,
        resourceRef: 'component:default/search-indexer',
      }),
    );
  });

  it('shows progress while loading', async () => {
    renderContent({ getEntityDrift: () => new Promise(() => {}) });

    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('asks for the drift of the entity', async () => {
    const getEntityDrift = jest.fn(async () => drift);
    renderContent({ getEntityDrift });

    expect(await screen.findByText(repository.url)).toBeInTheDocument();
    expect(getEntityDrift).toHaveBeenCalledWith(
      'component:default/search-indexer',
    );
  });

  it("ends with the entity's release channels", async () => {
    const getEntityReleaseChannels = jest.fn(async (entityRef: string) => ({
      entityRef,
      verdict: 'in-sync' as const,
      channels: [],
      history: [],
    }));
    renderContent({
      getEntityDrift: async () => drift,
      getEntityReleaseChannels,
    });

    expect(
      await screen.findByRole('heading', { name: 'Release channels' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('This service declares no release channels'),
    ).toBeInTheDocument();
    expect(getEntityReleaseChannels).toHaveBeenCalledWith(
      'component:default/search-indexer',
    );
  });

  it('shows the repository status line', async () => {
    renderContent({ getEntityDrift: async () => drift });

    const status = await screen.findByRole('region', {
      name: 'Repository status',
    });
    expect(
      within(status).getByRole('link', {
        name: /^https:\/\/github.com\/acme\/search-indexer/,
      }),
    ).toHaveAttribute('href', repository.url);
    expect(status).toHaveTextContent(/Scanned \S/);
    expect(status.querySelector('time')).toHaveAttribute(
      'dateTime',
      repository.scannedAt,
    );
    expect(within(status).getByText('35d9e7d')).toHaveAttribute(
      'title',
      repository.commit,
    );
    expect(status).toHaveTextContent('main @ 35d9e7d');
    expect(within(status).getByText('OK')).toBeInTheDocument();
    expect(screen.queryByText(/previous results/)).not.toBeInTheDocument();
  });

  it('warns that previous results are shown when the last scan failed', async () => {
    renderContent({
      getEntityDrift: async () => ({
        ...drift,
        repository: {
          ...repository,
          status: 'failed',
          error: 'git clone failed: repository not found',
        },
      }),
    });

    expect(await screen.findByText('Failed')).toBeInTheDocument();
    expect(
      screen.getByText(/The last scan of this repository failed/),
    ).toHaveTextContent(
      'The last scan of this repository failed: git clone failed: repository not found. The previous results are shown.',
    );
    expect(moduleCells()).toContain('eks');
  });

  it('lists the platform module references, most severe first', async () => {
    renderContent({ getEntityDrift: async () => drift });

    await screen.findByRole('table', { name: 'Platform module references' });
    expect(moduleCells()).toEqual(['eks', 'vpc', 'rds', 'terraform-ci']);

    const eks = screen.getByTestId('reference-4');
    expect(within(eks).getByRole('link', { name: 'eks' })).toHaveAttribute(
      'href',
      '/platform/modules/eks?platform=acme-platform',
    );
    expect(eks).toHaveTextContent('prod');
    expect(within(eks).getByText('eks-v1.4.0')).toBeInTheDocument();
    expect(within(eks).getByText('1.4.0')).toBeInTheDocument();
    expect(within(eks).getByText('3.2.0')).toBeInTheDocument();
    expect(
      within(eks).getByText('Unsupported · 5 releases'),
    ).toBeInTheDocument();
    expect(
      within(eks).getByRole('link', {
        name: /^infra\/environments\/prod\/main.tf:22/,
      }),
    ).toHaveAttribute('href', `${blobUrl}/infra/environments/prod/main.tf#L22`);

    // No link to the host when the scanner has none.
    const rds = screen.getByTestId('reference-5');
    expect(
      within(rds).getByText('infra/environments/staging/main.tf:30'),
    ).toBeInTheDocument();
    expect(
      within(rds).queryByRole('link', {
        name: /main.tf:30/,
      }),
    ).not.toBeInTheDocument();
  });

  it('shows references to other things only on request', async () => {
    renderContent({ getEntityDrift: async () => drift });

    const toggle = await screen.findByRole('checkbox', {
      name: 'Show references that are not to platform modules (1)',
    });
    expect(
      screen.queryByText('github.com/actions/checkout'),
    ).not.toBeInTheDocument();

    await userEvent.click(toggle);

    expect(moduleCells()).toEqual([
      'eks',
      'vpc',
      'rds',
      'github.com/actions/checkout',
      'terraform-ci',
    ]);
    const checkout = screen.getByTestId('reference-2');
    expect(
      within(checkout).getByText('Not a platform module'),
    ).toBeInTheDocument();
    expect(within(checkout).getByText('11bd719')).toHaveAttribute(
      'title',
      '11bd71901bbe5b1630ceea73d27597364c9af683',
    );
  });

  it('explains a verdict to keyboard users', async () => {
    renderContent({ getEntityDrift: async () => drift });
    await screen.findByRole('table', { name: 'Platform module references' });

    const chip = within(screen.getByTestId('reference-4'))
      .getByText('Unsupported · 5 releases')
      .closest('[data-verdict]') as HTMLElement;
    expect(chip).toHaveAttribute('tabindex', '0');

    // jsdom never matches :focus-visible, which MUI's tooltip waits for; a browser matches it
    // on an element focused from the keyboard.
    const matches = Element.prototype.matches;
    jest
      .spyOn(Element.prototype, 'matches')
      .mockImplementation(function focusVisible(this: Element, selector) {
        return selector === ':focus-visible'
          ? this === document.activeElement
          : matches.call(this, selector);
      });

    // Tab through the page until the chip has focus.
    for (let i = 0; i < 20 && document.activeElement !== chip; i++) {
      await userEvent.tab();
    }
    expect(chip).toHaveFocus();
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      references[3].explanation,
    );
    expect(chip).toHaveAccessibleDescription(references[3].explanation);
  });

  it("writes out each call's findings and what its upgrade needs, with a link to the diff", async () => {
    renderContent({
      getEntityDrift: async () => ({
        ...drift,
        references: drift.references.map(r => {
          if (r.id === '3') {
            return {
              ...r,
              callStatus: 'broken' as const,
              callFindings: [
                {
                  finding: 'unknown-argument' as const,
                  argument: 'cidr',
                  message:
                    'vpc@vpc/v1.1.0 has no input `cidr`; the call sets it',
                },
              ],
              upgrade: {
                to: '2.1.1',
                breaking: true,
                needs: ['`cidr_block` is removed'],
              },
            };
          }
          if (r.id === '5') {
            return {
              ...r,
              callStatus: 'ok' as const,
              callFindings: [],
              upgrade: { to: '2.1.0', breaking: false, needs: [] },
            };
          }
          return r;
        }),
      }),
    });
    const table = await screen.findByRole('table', {
      name: 'Platform module references',
    });
    expect(
      within(table).getByRole('columnheader', { name: 'Call' }),
    ).toBeInTheDocument();

    const vpc = screen.getByTestId('reference-3');
    expect(within(vpc).getByText('Broken call')).toBeInTheDocument();
    const findings = within(vpc)
      .getAllByRole('listitem')
      .map(item => item.textContent);
    expect(findings).toEqual([
      'vpc@vpc/v1.1.0 has no input cidr; the call sets it',
      'Upgrade to 2.1.1: cidr_block is removed',
    ]);
    expect(
      within(vpc).getByRole('link', { name: 'Compare 1.1.0 with 2.1.1' }),
    ).toHaveAttribute(
      'href',
      '/platform/modules/vpc?from=1.1.0&to=2.1.1&platform=acme-platform',
    );

    // A harmless upgrade needs no comparison.
    const rds = screen.getByTestId('reference-5');
    expect(within(rds).getByText('Call OK')).toBeInTheDocument();
    expect(within(rds).getByRole('listitem')).toHaveTextContent(
      'Upgrade to 2.1.0 needs no change to the call',
    );
    expect(
      within(rds).queryByRole('link', { name: /^Compare/ }),
    ).not.toBeInTheDocument();

    // References whose call was not checked say so.
    expect(
      within(screen.getByTestId('reference-4')).getByTitle(/^Not checked/),
    ).toBeInTheDocument();
  });

  it('lists the problems found while scanning', async () => {
    renderContent({
      getEntityDrift: async () => ({
        ...drift,
        problems: [
          {
            file: 'infra/environments/dev/main.tf',
            line: 3,
            message: 'Unexpected token: expected "}"',
          },
          { file: 'charts/app/Chart.yaml', message: 'Not valid YAML' },
        ],
      }),
    });

    expect(
      await screen.findByText('Problems found while scanning'),
    ).toBeInTheDocument();
    const items = screen.getAllByRole('listitem');
    expect(items.map(item => item.textContent)).toEqual([
      'infra/environments/dev/main.tf:3 — Unexpected token: expected "}"',
      'charts/app/Chart.yaml — Not valid YAML',
    ]);
  });

  it('says how to get an entity scanned that the scanner does not know', async () => {
    renderContent({
      getEntityDrift: async () => ({
        entityRef: 'component:default/search-indexer',
        references: [],
        problems: [],
      }),
    });

    expect(
      await screen.findByText(
        'This entity is not scanned for platform modules',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('github.com/project-slug')).toBeInTheDocument();
    expect(
      screen.getByText('backstage.io/source-location'),
    ).toBeInTheDocument();
    expect(screen.getByText('url:https://…')).toBeInTheDocument();
  });

  it('says so when the repository references no platform module', async () => {
    renderContent({
      getEntityDrift: async () => ({ ...drift, references: [] }),
    });

    expect(
      await screen.findByText(
        'No platform modules referenced in https://github.com/acme/search-indexer',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows the error when the drift cannot be loaded', async () => {
    const error = await responseError(
      500,
      'Internal Server Error',
      'Error',
      'The drift store is unavailable',
      { method: 'GET', url: '/api/platform/entities/x' },
    );
    renderContent({
      getEntityDrift: async () => {
        throw error;
      },
    });

    expect(
      await screen.findByText('The drift store is unavailable'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  describe('Scan now', () => {
    it('is hidden without permission to start scans', async () => {
      renderContent({ getEntityDrift: async () => drift }, { canScan: false });

      await screen.findByRole('table', { name: 'Platform module references' });
      expect(
        screen.queryByRole('button', { name: 'Scan now' }),
      ).not.toBeInTheDocument();
    });

    it('scans the entity, follows the scan and reloads the table', async () => {
      const fixed = references.map(r =>
        r.id === '4'
          ? {
              ...r,
              ref: 'eks-v3.2.0',
              version: '3.2.0',
              releasesBehind: 0,
              verdict: 'up-to-date' as const,
              severity: 0,
              explanation: '3.2.0 is the latest release',
            }
          : r,
      );
      const getEntityDrift = jest
        .fn()
        .mockResolvedValueOnce(drift)
        .mockResolvedValue({ ...drift, references: fixed });
      const startScan = jest.fn(async () => scan({ status: 'running' }));
      const getScan = jest
        .fn()
        .mockResolvedValueOnce(scan({ status: 'running' }))
        .mockResolvedValueOnce(
          scan({
            status: 'succeeded',
            finishedAt: '2026-11-22T03:00:02.000Z',
            repositoriesScanned: 1,
          }),
        );
      const getEntityReleaseChannels = jest.fn(async (entityRef: string) => ({
        entityRef,
        verdict: 'in-sync' as const,
        channels: [],
        history: [],
      }));
      renderContent(
        { getEntityDrift, startScan, getScan, getEntityReleaseChannels },
        { canScan: true },
      );

      await screen.findByRole('table', { name: 'Platform module references' });
      expect(moduleCells()[0]).toBe('eks');
      await waitFor(() =>
        expect(getEntityReleaseChannels).toHaveBeenCalledTimes(1),
      );

      await userEvent.click(screen.getByRole('button', { name: 'Scan now' }));

      expect(startScan).toHaveBeenCalledWith({
        entityRef: 'component:default/search-indexer',
      });
      expect(
        await screen.findByRole('progressbar', { name: 'Scan progress' }),
      ).toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Scanning…' })).toBeDisabled();

      await waitFor(
        () =>
          expect(moduleCells()).toEqual(['vpc', 'rds', 'eks', 'terraform-ci']),
        { timeout: 5000 },
      );
      expect(getScan).toHaveBeenCalledTimes(2);
      expect(getScan).toHaveBeenCalledWith('scan-7');
      expect(getEntityDrift).toHaveBeenCalledTimes(2);
      // The scan read the release channels too.
      await waitFor(() =>
        expect(getEntityReleaseChannels).toHaveBeenCalledTimes(2),
      );
      expect(
        screen.queryByRole('progressbar', { name: 'Scan progress' }),
      ).not.toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Scan now' })).toBeEnabled();
    }, 10_000);

    it('shows why a scan failed and still reloads', async () => {
      const getEntityDrift = jest.fn(async () => drift);
      renderContent(
        {
          getEntityDrift,
          startScan: async () => scan({ status: 'running' }),
          getScan: async () =>
            scan({
              status: 'failed',
              error: 'The platform repository could not be read',
            }),
        },
        { canScan: true },
      );

      await userEvent.click(
        await screen.findByRole('button', { name: 'Scan now' }),
      );

      expect(
        await screen.findByText(
          'The scan did not complete: The platform repository could not be read',
          {},
          { timeout: 3000 },
        ),
      ).toBeInTheDocument();
      await waitFor(() => expect(getEntityDrift).toHaveBeenCalledTimes(2));
    });

    it('says so when the scan was interrupted, and still reloads', async () => {
      const getEntityDrift = jest.fn(async () => drift);
      renderContent(
        {
          getEntityDrift,
          startScan: async () => scan({ status: 'running' }),
          getScan: async () => scan({ status: 'interrupted' }),
        },
        { canScan: true },
      );

      await userEvent.click(
        await screen.findByRole('button', { name: 'Scan now' }),
      );

      expect(
        await screen.findByText(
          'The scan did not complete: The backend running it stopped; the portal scans this service again',
          {},
          { timeout: 3000 },
        ),
      ).toBeInTheDocument();
      await waitFor(() => expect(getEntityDrift).toHaveBeenCalledTimes(2));
    });

    it('shows the error when the scan cannot be started', async () => {
      renderContent(
        {
          getEntityDrift: async () => drift,
          startScan: async () => {
            throw new Error('You may not start a platform scan');
          },
        },
        { canScan: true },
      );

      await userEvent.click(
        await screen.findByRole('button', { name: 'Scan now' }),
      );

      expect(
        await screen.findByText(
          'The scan did not complete: You may not start a platform scan',
        ),
      ).toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Scan now' })).toBeEnabled();
    });

    it('is offered to entities the scanner does not know yet', async () => {
      const startScan = jest.fn(async () => scan({ status: 'succeeded' }));
      const getEntityDrift = jest
        .fn()
        .mockResolvedValueOnce({
          entityRef: drift.entityRef,
          references: [],
          problems: [],
        })
        .mockResolvedValue(drift);
      renderContent({ getEntityDrift, startScan }, { canScan: true });

      await userEvent.click(
        await screen.findByRole('button', { name: 'Scan now' }),
      );

      expect(
        await screen.findByRole('table', {
          name: 'Platform module references',
        }),
      ).toBeInTheDocument();
      expect(startScan).toHaveBeenCalledTimes(1);
    });
  });

  it('warns of each required module the service misses or pins outside its range', async () => {
    renderContent({
      getEntityDrift: async () => ({
        ...drift,
        requiredModules: [
          ciOutsideRange,
          {
            platform: 'acme-platform',
            module: 'policies',
            problem: 'missing',
            references: [],
            message: 'missing required module policies',
          },
        ],
      }),
    });
    const section = await screen.findByRole('region', {
      name: 'Required modules',
    });
    expect(section).toHaveTextContent(
      'Required module terraform-ci pinned outside >= 3.0.0',
    );
    expect(section).toHaveTextContent('.github/workflows/ci.yml:9 pins 2.0.0');
    expect(section).toHaveTextContent('Missing required module policies');
    expect(section).toHaveTextContent(
      'The platform requires every service to use policies; no reference in this repository resolves to it.',
    );
  });

  it('shows no required-module warning when the service has none', async () => {
    renderContent({
      getEntityDrift: async () => ({ ...drift, requiredModules: [] }),
    });
    await screen.findByRole('table', { name: 'Platform module references' });
    expect(
      screen.queryByRole('region', { name: 'Required modules' }),
    ).not.toBeInTheDocument();
  });

  it('says under the environment what it lags and since when', async () => {
    renderContent({
      getEntityDrift: async () => ({
        ...drift,
        references: [
          row('9', {
            module: 'vpc',
            environment: 'prod',
            version: '2.1.0',
            latest: '2.1.1',
            verdict: 'patch-behind',
            severity: 1,
            promotionLag: {
              environment: 'staging',
              version: '2.1.1',
              since: '2026-11-30T08:00:00.000Z',
            },
          }),
        ],
      }),
    });
    const table = await screen.findByRole('table', {
      name: 'Platform module references',
    });
    const prod = within(table).getByTestId('reference-9');
    expect(within(prod).getAllByRole('cell')[1]).toHaveTextContent(
      'prodbehind staging (2.1.1) since 2026-11-30',
    );
  });
});
