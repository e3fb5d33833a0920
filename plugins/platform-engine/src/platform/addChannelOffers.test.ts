import {
  PlatformModule,
  ReleaseChannelReading,
} from '@platform-portal/plugin-platform-common';
import { addChannelOffers, channelOfferOf } from './addChannelOffers';
import { LoadedPlatform } from './loadPlatform';

const platformModule = (
  name: string,
  channels?: PlatformModule['channels'],
) => ({
  name,
  kind: 'terraform-module' as const,
  path: `modules/${name}`,
  tagPattern: `${name}/v{version}`,
  deprecations: [],
  ...(channels && { channels }),
});

const platform: LoadedPlatform = {
  url: 'https://github.com/acme/platform.git',
  fingerprint: 'tags-and-manifest',
  modules: [],
  problems: [],
  snapshot: {
    manifest: {
      name: 'acme',
      repository: 'https://github.com/acme/platform.git',
      modules: [
        platformModule('eks', [
          {
            kind: 'terraform-registry',
            target: 'registry.acme.example/acme/eks/aws',
          },
          { kind: 'helm', target: 'https://charts.acme.example#eks' },
        ]),
        platformModule('vpc'),
      ],
    },
    tags: [],
  },
};

const checkedAt = '2026-12-06T10:00:00Z';

describe('addChannelOffers', () => {
  it('adds what each readable channel offers and changes the fingerprint with it', async () => {
    const asked: string[] = [];
    const loaded = await addChannelOffers(platform, async channels => {
      asked.push(...channels.map(c => c.target));
      return [
        {
          kind: 'terraform-registry',
          target: channels[0].target,
          releaseCount: 2,
          versions: ['2.0.0', '2.1.0'],
          checkedAt,
        },
        {
          kind: 'helm',
          target: channels[1].target,
          releaseCount: 0,
          checkedAt,
          problem: { code: 'unreachable', message: 'connection refused' },
        },
      ] satisfies ReleaseChannelReading[];
    });

    expect(asked).toEqual([
      'registry.acme.example/acme/eks/aws',
      'https://charts.acme.example#eks',
    ]);
    expect(loaded.snapshot.channelOffers).toEqual({
      eks: [
        {
          kind: 'terraform-registry',
          target: 'registry.acme.example/acme/eks/aws',
          versions: ['2.0.0', '2.1.0'],
        },
      ],
    });
    expect(loaded.fingerprint).not.toBe(platform.fingerprint);
    expect(
      channelOfferOf(loaded.snapshot, 'eks', {
        kind: 'terraform-registry',
        target: 'registry.acme.example/acme/eks/aws',
      })?.versions,
    ).toEqual(['2.0.0', '2.1.0']);
    // An unreadable channel limits nothing: its consumers are judged by the git tags.
    expect(
      channelOfferOf(loaded.snapshot, 'eks', {
        kind: 'helm',
        target: 'https://charts.acme.example#eks',
      }),
    ).toBeUndefined();
    expect(platform.snapshot.channelOffers).toBeUndefined();
  });

  it('leaves a platform whose channels offered nothing as it was', async () => {
    const loaded = await addChannelOffers(platform, async channels =>
      channels.map(channel => ({
        ...channel,
        releaseCount: 0,
        checkedAt,
        problem: { code: 'refused' as const, message: 'not allowed' },
      })),
    );
    expect(loaded).toBe(platform);
  });
});
