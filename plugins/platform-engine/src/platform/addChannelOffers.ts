import { createHash } from 'node:crypto';
import {
  ChannelOffer,
  PlatformModuleChannel,
  ReleaseChannelReading,
} from '@platform-portal/plugin-platform-common';
import { PlatformSnapshot } from '@platform-portal/plugin-platform-node';
import { LoadedPlatform } from './loadPlatform';

/**
 * The platform with what each module's channels offer (`channels` in platform.yaml), read by
 * `read`; a channel that could not be read is left out, so that its consumers are judged against
 * the git tags alone. The fingerprint changes with the offers, since the verdicts depend on them.
 *
 * @public
 */
export async function addChannelOffers(
  platform: LoadedPlatform,
  read: (
    channels: readonly PlatformModuleChannel[],
  ) => Promise<ReleaseChannelReading[]>,
): Promise<LoadedPlatform> {
  const channelOffers: Record<string, ChannelOffer[]> = {};
  for (const module of platform.snapshot.manifest.modules) {
    if (!module.channels?.length) {
      continue;
    }
    const offers = (await read(module.channels)).flatMap(reading =>
      reading.problem || !reading.versions
        ? []
        : [
            {
              kind: reading.kind,
              target: reading.target,
              versions: reading.versions,
            },
          ],
    );
    if (offers.length) {
      channelOffers[module.name] = offers;
    }
  }
  if (!Object.keys(channelOffers).length) {
    return platform;
  }
  return {
    ...platform,
    snapshot: { ...platform.snapshot, channelOffers },
    fingerprint: createHash('sha256')
      .update(platform.fingerprint)
      .update(JSON.stringify(channelOffers))
      .digest('hex'),
  };
}

/**
 * What a channel of a module offered, when it was read; the input of `computeDrift` for a
 * reference that installs the module from that channel.
 *
 * @public
 */
export function channelOfferOf(
  snapshot: PlatformSnapshot,
  module: string,
  channel: PlatformModuleChannel,
): ChannelOffer | undefined {
  return snapshot.channelOffers?.[module]?.find(
    offer => offer.kind === channel.kind && offer.target === channel.target,
  );
}
