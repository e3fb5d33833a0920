import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  EntityReleaseChannels,
  judgeReleaseChannels,
} from '@platform-portal/plugin-platform-common';
import { screen, within } from '@testing-library/react';
import { platformApiRef } from '../../api';
import { EntityReleaseChannelsCard } from './EntityReleaseChannels';
import { SkewVerdictChip } from './SkewVerdictChip';

/** A project just made by "Create project": a git repository without tags, no chart yet. */
const newProject: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-api',
    annotations: {
      'platform-portal.io/release-git-tags':
        'https://github.com/acme/orders-api.git',
      'platform-portal.io/release-helm':
        'https://charts.acme.example/#orders-api',
    },
  },
  spec: { type: 'service', owner: 'team-orders', lifecycle: 'experimental' },
};

const CHECKED = '2026-12-06T10:00:00.000Z';

function channelsOf(
  readings: Parameters<typeof judgeReleaseChannels>[1],
): EntityReleaseChannels {
  return {
    ...judgeReleaseChannels('component:default/orders-api', readings),
    owner: 'group:default/team-orders',
    history: [],
  };
}

function render(value: EntityReleaseChannels) {
  return renderInTestApp(
    <EntityProvider entity={newProject}>
      <EntityReleaseChannelsCard />
    </EntityProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [[platformApiRef, { getEntityReleaseChannels: async () => value }]],
    },
  );
}

describe('a new project’s release channels', () => {
  it('read "Not yet published", not a skew verdict', async () => {
    await render(
      channelsOf([
        {
          kind: 'git-tags',
          target: 'https://github.com/acme/orders-api.git',
          releaseCount: 0,
          checkedAt: CHECKED,
        },
        {
          kind: 'helm',
          target: 'https://charts.acme.example/#orders-api',
          releaseCount: 0,
          checkedAt: CHECKED,
          problem: { code: 'not-found', message: 'no chart orders-api' },
        },
      ]),
    );
    const summary = await screen.findByRole('region', {
      name: 'Release channel summary',
    });
    expect(within(summary).getByText('Not yet published')).toBeInTheDocument();
    expect(summary).toHaveTextContent('No release published yet');
    for (const verdict of ['Missing publish', 'Unreachable', 'In sync']) {
      expect(within(summary).queryByText(verdict)).toBeNull();
    }
  });

  it('read as skew once one channel has released and another has not', async () => {
    await render(
      channelsOf([
        {
          kind: 'git-tags',
          target: 'https://github.com/acme/orders-api.git',
          releaseCount: 1,
          latest: { version: '0.1.0', versionAsPublished: 'v0.1.0' },
          checkedAt: CHECKED,
        },
        {
          kind: 'helm',
          target: 'https://charts.acme.example/#orders-api',
          releaseCount: 0,
          checkedAt: CHECKED,
        },
      ]),
    );
    const summary = await screen.findByRole('region', {
      name: 'Release channel summary',
    });
    expect(within(summary).getByText('Missing publish')).toBeInTheDocument();
    expect(within(summary).queryByText('Not yet published')).toBeNull();
  });
});

describe('SkewVerdictChip', () => {
  it('reads its verdict unless nothing is published yet', async () => {
    await renderInTestApp(
      <>
        <SkewVerdictChip verdict="in-sync" />
        <SkewVerdictChip
          verdict="in-sync"
          notYetPublished
          explanation="not yet published: nothing released on any channel yet"
        />
      </>,
    );
    expect(screen.getByText('In sync')).toBeInTheDocument();
    expect(screen.getByText('Not yet published')).toBeInTheDocument();
  });
});
