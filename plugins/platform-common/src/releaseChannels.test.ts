import {
  isChannelNotYetPublished,
  isServiceNotYetPublished,
  judgeReleaseChannels,
  readReleaseChannelDeclarations,
  RELEASE_CHANNEL_ANNOTATIONS,
  ReleaseChannelKind,
  ReleaseChannelReading,
} from './releaseChannels';

const ENTITY = 'component:default/payments-api';
const CHECKED = '2026-11-22T08:00:00.000Z';

function reading(
  kind: ReleaseChannelKind,
  latest: string | undefined,
  extra: Partial<ReleaseChannelReading> = {},
): ReleaseChannelReading {
  return {
    kind,
    target: `${kind}-target`,
    ...(latest
      ? { latest: { version: latest, versionAsPublished: `v${latest}` } }
      : {}),
    releaseCount: latest ? 1 : 0,
    checkedAt: CHECKED,
    ...extra,
  };
}

describe('readReleaseChannelDeclarations', () => {
  it('reads one declaration per annotation present, trimmed', () => {
    expect(
      readReleaseChannelDeclarations({
        [RELEASE_CHANNEL_ANNOTATIONS.helm]:
          '  https://charts.acme.io#payments \n',
        [RELEASE_CHANNEL_ANNOTATIONS['github-releases']]: 'acme/payments-api',
        [RELEASE_CHANNEL_ANNOTATIONS.npm]: '@acme/payments-api',
        'backstage.io/source-location': 'url:https://github.com/acme/x',
      }),
    ).toEqual([
      { kind: 'github-releases', target: 'acme/payments-api' },
      { kind: 'helm', target: 'https://charts.acme.io#payments' },
      { kind: 'npm', target: '@acme/payments-api' },
    ]);
  });

  it('reads every kind of channel', () => {
    const annotations = Object.fromEntries(
      Object.values(RELEASE_CHANNEL_ANNOTATIONS).map(a => [a, 'x']),
    );
    expect(
      readReleaseChannelDeclarations(annotations).map(d => d.kind),
    ).toEqual(Object.keys(RELEASE_CHANNEL_ANNOTATIONS));
  });

  it('ignores empty and blank values, and entities without annotations', () => {
    expect(
      readReleaseChannelDeclarations({
        [RELEASE_CHANNEL_ANNOTATIONS.oci]: '',
        [RELEASE_CHANNEL_ANNOTATIONS.pypi]: '   ',
      }),
    ).toEqual([]);
    expect(readReleaseChannelDeclarations(undefined)).toEqual([]);
    expect(readReleaseChannelDeclarations({})).toEqual([]);
  });
});

describe('judgeReleaseChannels', () => {
  it('calls a service without channels in sync', () => {
    expect(judgeReleaseChannels(ENTITY, [])).toEqual({
      entityRef: ENTITY,
      verdict: 'in-sync',
      channels: [],
    });
  });

  it('calls channels that all have the newest release in sync', () => {
    const result = judgeReleaseChannels(ENTITY, [
      reading('github-releases', '0.4.0'),
      reading('helm', '0.4.0'),
    ]);
    expect(result.verdict).toBe('in-sync');
    expect(result.newestVersion).toBe('0.4.0');
    expect(result.checkedAt).toBe(CHECKED);
    expect(result.channels.map(c => [c.verdict, c.explanation])).toEqual([
      ['in-sync', '0.4.0 is the newest release'],
      ['in-sync', '0.4.0 is the newest release'],
    ]);
  });

  it('explains how far a lagging channel is behind', () => {
    const result = judgeReleaseChannels(ENTITY, [
      reading('github-releases', '0.4.0'),
      reading('helm', '0.3.2'),
      reading('oci', '0.4.0'),
    ]);
    expect(result.verdict).toBe('lagging');
    expect(result.newestVersion).toBe('0.4.0');
    const helm = result.channels[1];
    expect(helm.verdict).toBe('lagging');
    expect(helm.explanation).toBe('0.3.2 is 1 minor behind 0.4.0');
    expect(helm.behindBy).toBeUndefined();
    expect(helm.latest?.version).toBe('0.3.2');
    expect(result.channels[2].verdict).toBe('in-sync');
  });

  it.each([
    ['1.4.2', '3.0.0', '1.4.2 is 2 major behind 3.0.0'],
    ['1.2.0', '1.4.9', '1.2.0 is 2 minor behind 1.4.9'],
    ['1.4.0', '1.4.3', '1.4.0 is 3 patch behind 1.4.3'],
  ])('%s against %s: %s', (behind, newest, explanation) => {
    const result = judgeReleaseChannels(ENTITY, [
      reading('git-tags', newest),
      reading('pypi', behind),
    ]);
    expect(result.channels[1].explanation).toBe(explanation);
  });

  it('counts the releases a lagging channel misses when the leading channel lists them', () => {
    const result = judgeReleaseChannels(ENTITY, [
      reading('github-releases', '0.4.0', {
        versions: ['0.2.0', '0.3.0', '0.3.1', '0.3.2', '0.4.0-rc.1', '0.4.0'],
        releaseCount: 6,
      }),
      reading('helm', '0.3.0', { versions: ['0.3.0'] }),
    ]);
    const helm = result.channels[1];
    expect(helm.behindBy).toBe(3); // 0.3.1, 0.3.2, 0.4.0; the release candidate is no release
    expect(helm.explanation).toBe(
      '0.3.0 is 1 minor behind 0.4.0 (3 releases missing)',
    );
  });

  it('calls a readable channel without any release a missing publish, the worst verdict', () => {
    const result = judgeReleaseChannels(ENTITY, [
      reading('github-releases', '0.4.0'),
      reading('helm', '0.3.2'),
      reading('npm', undefined),
      reading('oci', undefined, {
        problem: { code: 'unreachable', message: 'connection refused' },
      }),
    ]);
    expect(result.verdict).toBe('missing-publish');
    expect(result.channels.map(c => c.verdict)).toEqual([
      'in-sync',
      'lagging',
      'missing-publish',
      'unreachable',
    ]);
    expect(result.channels[2].explanation).toBe(
      'nothing published on this channel',
    );
  });

  it("reads a new service's channels as not yet published, not as skew", () => {
    // A new project: its git repository has no tag yet, its chart repository does not exist yet.
    const result = judgeReleaseChannels(ENTITY, [
      reading('git-tags', undefined),
      reading('helm', undefined, {
        problem: { code: 'not-found', message: 'charts.acme.io has no index' },
      }),
    ]);
    expect(result.verdict).toBe('in-sync');
    expect(result.newestVersion).toBeUndefined();
    expect(result.channels.map(c => [c.verdict, c.explanation])).toEqual([
      ['in-sync', 'not yet published: nothing released on any channel yet'],
      [
        'in-sync',
        'not yet published: nothing released on any channel yet (charts.acme.io has no index)',
      ],
    ]);
    expect(result.channels[1].problem).toBeUndefined();
    expect(isServiceNotYetPublished(result)).toBe(true);
    expect(result.channels.every(isChannelNotYetPublished)).toBe(true);
  });

  it('keeps an empty channel a missing publish once another channel has released', () => {
    const result = judgeReleaseChannels(ENTITY, [
      reading('git-tags', '0.1.0'),
      reading('helm', undefined, {
        problem: { code: 'not-found', message: 'charts.acme.io has no index' },
      }),
      reading('npm', undefined),
    ]);
    expect(result.channels.map(c => c.verdict)).toEqual([
      'in-sync',
      'unreachable',
      'missing-publish',
    ]);
    expect(isServiceNotYetPublished(result)).toBe(false);
    expect(result.channels.map(isChannelNotYetPublished)).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('does not call a service not yet published while a channel cannot be read', () => {
    // The unreadable channel may hold releases; the empty one may be behind them.
    const result = judgeReleaseChannels(ENTITY, [
      reading('git-tags', undefined),
      reading('oci', undefined, {
        problem: { code: 'unauthorized', message: 'bad credentials' },
      }),
    ]);
    expect(result.channels.map(c => c.verdict)).toEqual([
      'missing-publish',
      'unreachable',
    ]);
    expect(isServiceNotYetPublished(result)).toBe(false);
  });

  it('does not call a service without channels not yet published', () => {
    expect(isServiceNotYetPublished(judgeReleaseChannels(ENTITY, []))).toBe(
      false,
    );
  });

  it('calls a channel with only prereleases a missing publish', () => {
    const result = judgeReleaseChannels(ENTITY, [
      reading('github-releases', '0.4.0'),
      {
        ...reading('oci', undefined),
        releaseCount: 2,
        versions: ['0.5.0-rc.1', '0.5.0-rc.2'],
      },
    ]);
    expect(result.channels[1].verdict).toBe('missing-publish');
    expect(result.channels[1].explanation).toBe(
      'only prereleases published (2 releases), no release',
    );
  });

  it('ranks a lagging channel above an unreachable one', () => {
    const result = judgeReleaseChannels(ENTITY, [
      reading('github-releases', '0.4.0'),
      reading('helm', '0.3.2'),
      reading('oci', undefined, {
        problem: { code: 'rate-limited', message: 'ghcr.io asked to wait' },
      }),
    ]);
    expect(result.verdict).toBe('lagging');
    expect(result.channels[2]).toMatchObject({
      verdict: 'unreachable',
      explanation: 'ghcr.io asked to wait',
      problem: { code: 'rate-limited' },
    });
  });

  it('calls a service whose only problem is an unreachable channel unreachable', () => {
    const result = judgeReleaseChannels(ENTITY, [
      reading('github-releases', '0.4.0'),
      reading('terraform-registry', undefined, {
        problem: { code: 'refused', message: 'host not allowed' },
      }),
    ]);
    expect(result.verdict).toBe('unreachable');
    expect(result.channels[0].verdict).toBe('in-sync');
  });

  it('does not let an unreachable channel lead, even with a stale latest', () => {
    const result = judgeReleaseChannels(ENTITY, [
      reading('github-releases', '0.4.0'),
      reading('oci', '9.9.9', {
        problem: { code: 'unauthorized', message: 'bad credentials' },
      }),
    ]);
    expect(result.newestVersion).toBe('0.4.0');
    expect(result.verdict).toBe('unreachable');
    expect(result.channels[0].verdict).toBe('in-sync');
  });

  it('calls every channel unreachable when none can be read, with no newest version, even if only not found', () => {
    const result = judgeReleaseChannels(ENTITY, [
      reading('pypi', undefined, {
        problem: { code: 'not-found', message: 'no such project' },
      }),
    ]);
    expect(result.verdict).toBe('unreachable');
    expect(result.newestVersion).toBeUndefined();
  });

  it('ignores prerelease latest versions when finding the newest release', () => {
    const result = judgeReleaseChannels(ENTITY, [
      reading('github-releases', '0.5.0-rc.1'),
      reading('helm', '0.4.0'),
    ]);
    expect(result.newestVersion).toBe('0.4.0');
    expect(result.channels.map(c => c.verdict)).toEqual([
      'missing-publish',
      'in-sync',
    ]);
  });

  it('reports the most recent time any channel was read', () => {
    const result = judgeReleaseChannels(ENTITY, [
      reading('github-releases', '0.4.0', {
        checkedAt: '2026-11-22T07:00:00.000Z',
      }),
      reading('helm', '0.4.0', { checkedAt: '2026-11-22T09:00:00.000Z' }),
    ]);
    expect(result.checkedAt).toBe('2026-11-22T09:00:00.000Z');
  });
});
