import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { EntityReleaseChannels } from '@platform-portal/plugin-platform-common';
import { screen, within } from '@testing-library/react';
import { PlatformApi, platformApiRef } from '../../api';
import {
  EntityReleaseChannelsCard,
  EntityReleaseChannelsSection,
} from './EntityReleaseChannels';

const declaring: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    annotations: {
      'platform-portal.io/release-git-tags':
        'https://github.com/acme/payments-api.git',
      'platform-portal.io/release-helm':
        'https://charts.acme.example/#payments-api',
    },
  },
  spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
};

const silent: Entity = {
  ...declaring,
  metadata: { name: 'search-api' },
};

const hoursAgo = (hours: number) =>
  new Date(Date.now() - hours * 3_600_000).toISOString();

const channels: EntityReleaseChannels = {
  entityRef: 'component:default/payments-api',
  owner: 'group:default/team-payments',
  newestVersion: '0.4.0',
  verdict: 'lagging',
  checkedAt: hoursAgo(0.1),
  channels: [
    {
      kind: 'git-tags',
      target: 'https://github.com/acme/payments-api.git',
      releaseCount: 4,
      checkedAt: hoursAgo(0.1),
      verdict: 'in-sync',
      explanation: '0.4.0 is the newest release',
      latest: {
        version: '0.4.0',
        versionAsPublished: 'v0.4.0',
        publishedAt: hoursAgo(48),
      },
    },
    {
      kind: 'helm',
      target: 'https://charts.acme.example/#payments-api',
      releaseCount: 3,
      checkedAt: hoursAgo(0.1),
      verdict: 'lagging',
      explanation: '0.3.2 is 1 minor behind 0.4.0 (1 release missing)',
      behindBy: 1,
      latest: {
        version: '0.3.2',
        versionAsPublished: '0.3.2',
        publishedAt: hoursAgo(24 * 60),
        url: 'http://127.0.0.1:7080/payments-api-0.3.2.tgz',
      },
    },
    {
      kind: 'oci',
      target: 'ghcr.io/acme/payments-api',
      releaseCount: 0,
      checkedAt: hoursAgo(0.1),
      verdict: 'unreachable',
      explanation: 'ghcr.io is not a host release channels may be read from',
      problem: {
        code: 'refused',
        message: 'ghcr.io is not a host release channels may be read from',
      },
    },
  ],
  history: [
    {
      kind: 'git-tags',
      target: 'https://github.com/acme/payments-api.git',
      version: '0.4.0',
      versionAsPublished: 'v0.4.0',
      firstSeenAt: hoursAgo(1),
    },
  ],
};

const none = (entityRef: string): EntityReleaseChannels => ({
  entityRef,
  verdict: 'in-sync',
  channels: [],
  history: [],
});

function render(
  element: JSX.Element,
  entity: Entity,
  api: Partial<PlatformApi>,
) {
  return renderInTestApp(
    <EntityProvider entity={entity}>{element}</EntityProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [[platformApiRef, api]],
    },
  );
}

describe('EntityReleaseChannelsCard', () => {
  it('shows progress while loading', async () => {
    render(<EntityReleaseChannelsCard />, declaring, {
      getEntityReleaseChannels: () => new Promise(() => {}),
    });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('lists each channel with its latest version, publish time, link and verdict', async () => {
    const getEntityReleaseChannels = jest.fn(async () => channels);
    render(<EntityReleaseChannelsCard />, declaring, {
      getEntityReleaseChannels,
    });

    const table = await screen.findByRole('table', {
      name: 'Release channels',
    });
    expect(getEntityReleaseChannels).toHaveBeenCalledWith(
      'component:default/payments-api',
    );
    const summary = screen.getByRole('region', {
      name: 'Release channel summary',
    });
    expect(within(summary).getByText('Lagging')).toBeInTheDocument();
    expect(summary).toHaveTextContent('Newest release 0.4.0');

    const rows = within(table).getAllByTestId('release-channel-row');
    expect(rows.map(r => r.getAttribute('data-kind'))).toEqual([
      'git-tags',
      'helm',
      'oci',
    ]);
    expect(rows[0]).toHaveTextContent('Git tags');
    expect(rows[0]).toHaveTextContent('v0.4.0');
    expect(rows[0]).toHaveTextContent('2 days ago');
    expect(within(rows[0]).getByText('In sync')).toBeInTheDocument();

    expect(rows[1]).toHaveTextContent('Helm chart');
    expect(
      within(rows[1]).getByRole('link', { name: /0\.3\.2/ }),
    ).toHaveAttribute('href', 'http://127.0.0.1:7080/payments-api-0.3.2.tgz');
    // The explanation is visible, and the chip's accessible description.
    expect(rows[1]).toHaveTextContent(
      '0.3.2 is 1 minor behind 0.4.0 (1 release missing)',
    );
    expect(
      within(rows[1]).getByText('Lagging').closest('[aria-description]'),
    ).toHaveAttribute(
      'aria-description',
      '0.3.2 is 1 minor behind 0.4.0 (1 release missing)',
    );

    expect(rows[2]).toHaveTextContent('Container image');
    expect(within(rows[2]).getByText('Unreachable')).toBeInTheDocument();
    expect(rows[2]).toHaveTextContent('ghcr.io is not a host');
    // The card leaves the history to the Platform tab.
    expect(screen.queryByText('Versions seen')).not.toBeInTheDocument();
  });

  it('says the channels have not been read yet when the entity declares some', async () => {
    render(<EntityReleaseChannelsCard />, declaring, {
      getEntityReleaseChannels: async ref => none(ref),
    });
    expect(
      await screen.findByText(/The release channels have not been read yet/),
    ).toBeInTheDocument();
  });

  it('tells how to declare channels when the entity declares none', async () => {
    render(<EntityReleaseChannelsCard />, silent, {
      getEntityReleaseChannels: async ref => none(ref),
    });
    expect(
      await screen.findByText(/This service declares no release channels/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('platform-portal.io/release-git-tags'),
    ).toBeInTheDocument();
  });

  it('explains what to declare when the backend knows no such service', async () => {
    render(<EntityReleaseChannelsCard />, silent, {
      getEntityReleaseChannels: async () => {
        throw Object.assign(new Error('No service component:default/x'), {
          statusCode: 404,
        });
      },
    });
    expect(
      await screen.findByText(/This service declares no release channels/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/No service/)).not.toBeInTheDocument();
  });

  it('shows the error when the channels cannot be loaded', async () => {
    render(<EntityReleaseChannelsCard />, declaring, {
      getEntityReleaseChannels: async () => {
        throw new Error('The platform backend is unavailable');
      },
    });
    expect(
      (await screen.findAllByText(/The platform backend is unavailable/))[0],
    ).toBeInTheDocument();
  });
});

describe('EntityReleaseChannelsSection', () => {
  it('shows the channels and the versions seen on them', async () => {
    render(<EntityReleaseChannelsSection />, declaring, {
      getEntityReleaseChannels: async () => channels,
    });
    expect(
      await screen.findByRole('heading', { name: 'Release channels' }),
    ).toBeInTheDocument();
    await screen.findByRole('table', { name: 'Release channels' });
    const history = screen.getByRole('table', {
      name: 'Versions seen on the channels',
    });
    expect(history).toHaveTextContent('Git tags');
    expect(history).toHaveTextContent('v0.4.0');
    expect(history).toHaveTextContent('1 hour ago');
  });

  it('shows an empty state with what to declare', async () => {
    render(<EntityReleaseChannelsSection />, silent, {
      getEntityReleaseChannels: async ref => none(ref),
    });
    expect(
      await screen.findByText('This service declares no release channels'),
    ).toBeInTheDocument();
  });
});
