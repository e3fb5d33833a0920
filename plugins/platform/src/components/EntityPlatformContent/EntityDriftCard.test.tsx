import {
  DriftRow,
  EntityDrift,
  RepositoryStatus,
} from '@platform-portal/plugin-platform-common';
import { screen, within } from '@testing-library/react';
import { PlatformApi } from '../../api';
import {
  renderOnEntityPage,
  serviceEntity,
} from '../../__testUtils__/renderPage';
import { EntityDriftCard } from './EntityDriftCard';
import { listItems } from '../../__testUtils__/listItems';

const entity = serviceEntity('payments-api', 'team-payments');

const repository: RepositoryStatus = {
  entityRef: 'component:default/payments-api',
  url: 'https://github.com/acme/payments-api',
  commit: '473cc8e3748db0913ac2f9bed932cff14180e84f',
  scannedAt: '2026-11-22T02:10:51.218Z',
  status: 'ok',
  filesScanned: 4,
};

let nextId = 0;
function row(
  fields: Partial<DriftRow> & Pick<DriftRow, 'verdict' | 'severity'>,
): DriftRow {
  nextId += 1;
  return {
    id: String(nextId),
    entityRef: 'component:default/payments-api',
    kind: 'terraform-module',
    file: 'infra/main.tf',
    line: nextId,
    column: 1,
    source: 'git::https://github.com/acme/platform.git//modules/x',
    name: 'github.com/acme/platform//modules/x',
    pin: 'ref',
    explanation: `explanation ${nextId}`,
    ...fields,
  };
}

const references: DriftRow[] = [
  row({
    module: 'dns',
    version: '1.1.0',
    latest: '1.1.0',
    verdict: 'up-to-date',
    severity: 0,
  }),
  row({
    module: 'vpc',
    environment: 'prod',
    version: '2.1.0',
    latest: '2.1.1',
    releasesBehind: 1,
    verdict: 'patch-behind',
    severity: 1,
  }),
  row({
    module: 'rds',
    environment: 'prod',
    version: '1.9.0',
    latest: '2.1.0',
    releasesBehind: 2,
    verdict: 'deprecated',
    severity: 4,
    explanation:
      'deprecated since 2025-09-01: rds 1.x creates unencrypted snapshots',
  }),
  row({
    module: 'eks',
    environment: 'prod',
    version: '3.1.0',
    latest: '3.2.0',
    releasesBehind: 1,
    verdict: 'minor-behind',
    severity: 2,
  }),
  row({
    module: 'eks',
    environment: 'staging',
    version: '3.0.0',
    latest: '3.2.0',
    releasesBehind: 2,
    verdict: 'minor-behind',
    severity: 2,
  }),
  row({
    name: 'github.com/actions/checkout',
    kind: 'github-action',
    verdict: 'external',
    severity: 0,
  }),
  row({
    name: './modules/local',
    verdict: 'local',
    severity: 0,
  }),
];

const drift: EntityDrift = {
  entityRef: 'component:default/payments-api',
  repository,
  references,
  problems: [],
};

function renderCard(api: Partial<PlatformApi>) {
  return renderOnEntityPage(<EntityDriftCard />, { entity, api });
}

describe('EntityDriftCard', () => {
  it('shows progress while loading', async () => {
    renderCard({ getEntityDrift: () => new Promise(() => {}) });

    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('counts the platform module references per verdict, most severe first', async () => {
    const getEntityDrift = jest.fn(async () => drift);
    renderCard({ getEntityDrift });

    const counts = await screen.findByRole('list', {
      name: 'References per verdict',
    });
    expect(getEntityDrift).toHaveBeenCalledWith(
      'component:default/payments-api',
    );
    // External and local references are no platform modules and are left out.
    expect(listItems(counts)).toEqual([
      '1 Deprecated',
      '2 Minor behind',
      '1 Patch behind',
      '1 Up to date',
    ]);
  });

  it('lists the three worst references', async () => {
    renderCard({ getEntityDrift: async () => drift });

    const worst = await screen.findByRole('list', {
      name: 'Most drifted references',
    });
    const items = within(worst).getAllByRole('listitem');
    expect(items.map(item => item.textContent)).toEqual([
      'rds (prod) 1.9.0 → 2.1.0Deprecated · 2 releases',
      'eks (prod) 3.1.0 → 3.2.0Minor behind · 1 release',
      'eks (staging) 3.0.0 → 3.2.0Minor behind · 2 releases',
    ]);
    expect(
      within(items[0])
        .getByText('Deprecated · 2 releases')
        .closest('[data-verdict]'),
    ).toHaveAccessibleDescription(
      'deprecated since 2025-09-01: rds 1.x creates unencrypted snapshots',
    );
  });

  it('counts broken calls and breaking upgrades, and lists a broken call among the worst', async () => {
    const checked = references.map(r => {
      if (r.module === 'dns') {
        return {
          ...r,
          callStatus: 'broken' as const,
          callFindings: [
            {
              finding: 'missing-required-input' as const,
              argument: 'zone',
              message: 'dns@dns-v1.1.0 requires `zone`',
            },
          ],
        };
      }
      if (r.module === 'eks') {
        return {
          ...r,
          callStatus: 'breaking-upgrade' as const,
          callFindings: [],
          upgrade: {
            to: '3.2.0',
            breaking: true,
            needs: ['needs `cluster_name` (new, required)'],
          },
        };
      }
      return { ...r, callStatus: 'ok' as const, callFindings: [] };
    });
    renderCard({
      getEntityDrift: async () => ({ ...drift, references: checked }),
    });

    const calls = await screen.findByRole('list', { name: 'Module calls' });
    expect(listItems(calls)).toEqual(['1 broken call', '2 breaking upgrades']);

    const worst = screen.getByRole('list', { name: 'Most drifted references' });
    const items = within(worst).getAllByRole('listitem');
    expect(items[1]).toHaveTextContent('Breaking upgrade');
    expect(
      within(items[1]).getByText('Breaking upgrade').closest('[tabindex]'),
    ).toHaveAccessibleDescription(
      'Upgrade to 3.2.0 needs `cluster_name` (new, required)',
    );
  });

  it('lists a broken call among the worst even on the latest release', async () => {
    const dns = {
      ...references[0],
      callStatus: 'broken' as const,
      callFindings: [
        {
          finding: 'missing-required-input' as const,
          argument: 'zone',
          message: 'dns@dns-v1.1.0 requires `zone`',
        },
      ],
    };
    renderCard({
      getEntityDrift: async () => ({ ...drift, references: [dns] }),
    });

    const worst = await screen.findByRole('list', {
      name: 'Most drifted references',
    });
    expect(within(worst).getByRole('listitem')).toHaveTextContent(
      'dns 1.1.0 → 1.1.0Up to dateBroken call',
    );
    expect(
      screen.queryByText('Every platform module is up to date.'),
    ).not.toBeInTheDocument();
  });

  it('shows no call counts when every checked call is fine', async () => {
    renderCard({
      getEntityDrift: async () => ({
        ...drift,
        references: references.map(r => ({
          ...r,
          callStatus: 'ok' as const,
        })),
      }),
    });

    await screen.findByRole('list', { name: 'References per verdict' });
    expect(
      screen.queryByRole('list', { name: 'Module calls' }),
    ).not.toBeInTheDocument();
  });

  it('says when it was last scanned and links to the platform tab', async () => {
    renderCard({ getEntityDrift: async () => drift });

    const scanned = await screen.findByText(/^Last scanned/);
    expect(scanned.querySelector('time')).toHaveAttribute(
      'dateTime',
      repository.scannedAt,
    );
    expect(
      screen.getByRole('link', { name: /View platform drift/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/platform',
    );
  });

  it('mentions a failed last scan', async () => {
    renderCard({
      getEntityDrift: async () => ({
        ...drift,
        repository: { ...repository, status: 'failed', error: 'timeout' },
      }),
    });

    expect(
      await screen.findByText(/the last scan failed, previous results shown/),
    ).toBeInTheDocument();
  });

  it('says so when every platform module is up to date', async () => {
    renderCard({
      getEntityDrift: async () => ({
        ...drift,
        references: references.filter(r => r.severity === 0),
      }),
    });

    expect(
      await screen.findByText('Every platform module is up to date.'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('list', { name: 'Most drifted references' }),
    ).not.toBeInTheDocument();
  });

  it('says so when no platform module is referenced', async () => {
    renderCard({
      getEntityDrift: async () => ({
        ...drift,
        references: references.filter(r => r.verdict === 'external'),
      }),
    });

    expect(
      await screen.findByText(
        'No platform modules referenced in https://github.com/acme/payments-api.',
      ),
    ).toBeInTheDocument();
  });

  it('says so when the entity has not been scanned', async () => {
    renderCard({
      getEntityDrift: async () => ({
        entityRef: 'component:default/payments-api',
        references: [],
        problems: [],
      }),
    });

    expect(
      await screen.findByText(/has not been scanned for platform modules/),
    ).toBeInTheDocument();
    expect(screen.getByText('github.com/project-slug')).toBeInTheDocument();
  });

  it('shows the error when the drift cannot be loaded', async () => {
    renderCard({
      getEntityDrift: async () => {
        throw new Error('The drift store is unavailable');
      },
    });

    expect(
      await screen.findByText('Error: The drift store is unavailable'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Last scanned/)).not.toBeInTheDocument();
  });
});
