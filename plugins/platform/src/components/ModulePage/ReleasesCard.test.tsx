import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ModuleReleases, PlatformApi, platformApiRef } from '../../api';
import { ReleasesCard } from './ReleasesCard';

const commit = (n: number) => String(n).repeat(40);

const vpcReleases: ModuleReleases = {
  module: 'vpc',
  platform: 'acme-platform',
  supportedMajors: 2,
  releases: [
    {
      version: '3.0.0',
      tag: 'vpc/v3.0.0',
      commit: commit(3),
      prerelease: false,
      date: '2026-10-01T10:00:00.000Z',
    },
    {
      version: '2.1.0',
      tag: 'vpc/v2.1.0',
      commit: commit(2),
      prerelease: false,
      date: '2025-09-01T10:00:00.000Z',
      notes: '- Tags on every subnet.\n- Endpoints for **S3**.',
      notesSource: 'changelog',
    },
    {
      version: '2.0.0',
      tag: 'vpc/v2.0.0',
      commit: commit(1),
      prerelease: false,
      date: '2025-06-02T10:00:00.000Z',
      notes:
        'IPv6 dual stack.\n\n**Breaking:** `cidr_block` is renamed `cidr`.',
      notesSource: 'tag',
    },
    {
      version: '1.0.0',
      tag: 'vpc/v1.0.0',
      commit: commit(4),
      prerelease: false,
    },
  ],
  majors: [
    {
      major: 3,
      status: 'supported',
      firstReleased: '2026-10-01T10:00:00.000Z',
    },
    {
      major: 2,
      status: 'deprecated',
      deprecatedSince: '2025-09-01',
      deprecation: 'Move to 3.x before spring.',
      upgradeNotes: {
        path: 'modules/vpc/UPGRADING.md',
        url: '/platform/source?repository=x&commit=2&path=modules%2Fvpc%2FUPGRADING.md',
      },
    },
    {
      major: 1,
      status: 'unsupported',
      endedBy: '3.0.0',
      endOfSupport: '2026-10-01T10:00:00.000Z',
      upgradeNotes: { path: 'modules/vpc/UPGRADING-1.md' },
    },
  ],
};

function renderCard(api: Partial<PlatformApi>) {
  return renderInTestApp(
    <ReleasesCard module="vpc" platform="acme-platform" latest="3.0.0" />,
    { apis: [[platformApiRef, api]] },
  );
}

const day = (iso: string) =>
  new Intl.DateTimeFormat(undefined, {
    dateStyle: 'medium',
    timeZone: 'UTC',
  }).format(new Date(iso));

describe('ReleasesCard', () => {
  it('lists the releases newest first under each major, with dates and notes', async () => {
    const getModuleReleases = jest.fn(async () => vpcReleases);
    await renderCard({ getModuleReleases });

    const table = await screen.findByRole('table', { name: 'Releases of vpc' });
    expect(getModuleReleases).toHaveBeenCalledWith('vpc', 'acme-platform');
    // Each row group is headed by its major; the rows by their version.
    const versions = within(table)
      .getAllByRole('rowheader')
      .map(cell => cell.textContent)
      .filter(text => !/^\d+\.x/.test(text ?? ''));
    expect(versions).toEqual(['3.0.0Latest', '2.1.0', '2.0.0', '1.0.0']);

    const v200 = within(table).getByRole('row', { name: /^2\.0\.0/ });
    expect(
      within(v200).getByText(day('2025-06-02T10:00:00.000Z')),
    ).toHaveAttribute('datetime', '2025-06-02T10:00:00.000Z');
    // Notes are Markdown: emphasis and code as such, not as asterisks and backticks.
    expect(within(v200).getByText('Breaking:').tagName).toBe('STRONG');
    expect(within(v200).getByText('cidr_block').tagName).toBe('CODE');
    const v210 = within(table).getByRole('row', { name: /^2\.1\.0/ });
    expect(within(v210).getAllByRole('listitem')).toHaveLength(2);

    const v100 = within(table).getByRole('row', { name: /^1\.0\.0/ });
    expect(v100).toHaveTextContent('Not known');
    expect(v100).toHaveTextContent('No notes');
    expect(
      screen.getByText(/until 2 newer majors are released/),
    ).toBeInTheDocument();
  });

  it('heads each major with its support: supported, deprecated since, or ended on the date a newer major came out', async () => {
    await renderCard({ getModuleReleases: async () => vpcReleases });
    const headers = await screen.findAllByRole('rowheader', {
      name: /^\d+\.x/,
    });
    expect(headers.map(h => h.textContent)).toEqual([
      '3.xSupportedSupported',
      `2.xDeprecatedDeprecated since ${day(
        '2025-09-01',
      )}: Move to 3.x before spring.Upgrade notes for 2.x`,
      `1.xUnsupportedSupport ended on ${day(
        '2026-10-01T10:00:00.000Z',
      )}, when 3.0.0 was releasedUpgrade notes: modules/vpc/UPGRADING-1.md`,
    ]);
    expect(
      within(headers[1]).getByRole('link', { name: 'Upgrade notes for 2.x' }),
    ).toHaveAttribute(
      'href',
      '/platform/source?repository=x&commit=2&path=modules%2Fvpc%2FUPGRADING.md',
    );
  });

  it('says a deprecation still ahead is from its date, not since', async () => {
    await renderCard({
      getModuleReleases: async () => ({
        ...vpcReleases,
        majors: [{ ...vpcReleases.majors[1], deprecatedSince: '2999-01-01' }],
      }),
    });
    expect(await screen.findByText(/Deprecated from/)).toHaveTextContent(
      `Deprecated from ${day('2999-01-01')}`,
    );
  });

  it('tells a module without releases to tag one', async () => {
    await renderCard({
      getModuleReleases: async () => ({
        ...vpcReleases,
        supportedMajors: undefined,
        releases: [],
        majors: [],
      }),
    });
    expect(
      await screen.findByText(
        'vpc has no release yet: tag one to see it here.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/Every major is supported/)).toBeInTheDocument();
  });

  it('shows per release which channels have it, and the tagged release a channel lacks', async () => {
    const offered = (version: string) =>
      version === '3.0.0'
        ? ['helm' as const]
        : ['terraform-registry' as const, 'helm' as const];
    await renderCard({
      getModuleReleases: async () => ({
        ...vpcReleases,
        releases: vpcReleases.releases.map(release => ({
          ...release,
          channels: release.version === '1.0.0' ? [] : offered(release.version),
        })),
        channels: [
          {
            kind: 'terraform-registry',
            target: 'registry.acme.example/acme/vpc/aws',
            latest: '2.1.0',
            notYetOffered: ['3.0.0'],
            checkedAt: '2026-12-06T10:00:00.000Z',
          },
          {
            kind: 'helm',
            target: 'https://charts.acme.example#vpc',
            latest: '3.0.0',
            notYetOffered: [],
            checkedAt: '2026-12-06T10:00:00.000Z',
          },
          {
            kind: 'oci',
            target: 'oci://ghcr.io/acme/charts/vpc',
            notYetOffered: [],
            checkedAt: '2026-12-06T10:00:00.000Z',
            problem: {
              code: 'refused',
              message:
                'ghcr.io is not a host release channels may be read from',
            },
          },
        ],
      }),
    });
    const table = await screen.findByRole('table', { name: 'Releases of vpc' });
    expect(
      screen.getByText(
        '3.0.0 is tagged, the terraform registry registry.acme.example/acme/vpc/aws offers 2.1.0',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Helm chart https://charts.acme.example#vpc offers every release up to 3.0.0',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'OCI registry oci://ghcr.io/acme/charts/vpc could not be read: ghcr.io is not a host release channels may be read from',
      ),
    ).toBeInTheDocument();

    expect(
      within(table).getByRole('columnheader', { name: 'Channels' }),
    ).toBeInTheDocument();
    const v300 = within(table).getByRole('row', { name: /^3\.0\.0/ });
    expect(within(v300).getByText('Helm chart')).toBeInTheDocument();
    expect(
      within(v300).getByText('Not in Terraform registry yet'),
    ).toBeInTheDocument();
    const v210 = within(table).getByRole('row', { name: /^2\.1\.0/ });
    expect(within(v210).getByText('Terraform registry')).toBeInTheDocument();
    expect(within(v210).queryByText(/Not in/)).not.toBeInTheDocument();
    const v100 = within(table).getByRole('row', { name: /^1\.0\.0/ });
    expect(within(v100).getByText('None')).toBeInTheDocument();
  });

  it('has no channels column for a module published nowhere but git', async () => {
    await renderCard({ getModuleReleases: async () => vpcReleases });
    const table = await screen.findByRole('table', { name: 'Releases of vpc' });
    expect(
      within(table).queryByRole('columnheader', { name: 'Channels' }),
    ).not.toBeInTheDocument();
  });

  it('shows why the releases could not be read, and reads them again on request', async () => {
    const getModuleReleases = jest
      .fn()
      .mockRejectedValueOnce(new Error('The platforms cannot be read now'))
      .mockResolvedValueOnce(vpcReleases);
    await renderCard({ getModuleReleases });
    expect(
      await screen.findByText('Error: The platforms cannot be read now'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByRole('table', { name: 'Releases of vpc' }),
    ).toBeInTheDocument();
  });
});
