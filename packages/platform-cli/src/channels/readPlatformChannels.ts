import {
  PlatformApiSchemas,
  ReleaseChannelReading,
  parseTagVersion,
} from '@platform-portal/plugin-platform-common';
import { PlatformSnapshot } from '@platform-portal/plugin-platform-node';
import {
  addChannelOffers,
  channelAvailability,
  createReleaseChannelReader,
  HelmReleaseSource,
  OciReleaseSource,
  ReleaseHttp,
  TerraformRegistrySource,
} from '@platform-portal/plugin-platform-engine';
import { AllowedHost, releaseHostsOf } from './allowHostOption';

/**
 * What one channel of a module offers, as `--channels` read it: the newest release it has, the
 * tagged releases newer than that it does not have yet, every version it lists, or why it could
 * not be read.
 */
export type ModuleChannelEntry = { module: string } & Omit<
  PlatformApiSchemas['ModuleChannel'],
  'checkedAt'
> & { versions?: string[] };

const CONCURRENT_READS = 4;

/** The Terraform registry, Helm and OCI sources, reaching only the allowed hosts. */
function createModuleChannelReader(allowed: readonly AllowedHost[]) {
  const http = new ReleaseHttp({ hosts: releaseHostsOf(allowed) });
  const oci = new OciReleaseSource({ http, publishTimes: false });
  return createReleaseChannelReader([
    new TerraformRegistrySource({ http }),
    new HelmReleaseSource({ http, oci }),
    oci,
  ]);
}

function releasesOf(snapshot: PlatformSnapshot, tagPattern: string) {
  return snapshot.tags.flatMap(tag => {
    const version = parseTagVersion(tag.name, tagPattern);
    return version === null
      ? []
      : [
          {
            version,
            tag: tag.name,
            commit: tag.commit,
            prerelease: version.includes('-'),
          },
        ];
  });
}

/**
 * Reads the channels of every module of the platform (`channels` in platform.yaml) from the
 * allowed hosts, and gives the snapshot the offers the verdicts use, the way the backend does.
 * A channel that cannot be read is listed with its problem and offers nothing: the references
 * that install from it are judged from the git tags alone.
 */
export async function readPlatformChannels(
  snapshot: PlatformSnapshot,
  allowed: readonly AllowedHost[],
): Promise<{ snapshot: PlatformSnapshot; channels: ModuleChannelEntry[] }> {
  const reader = createModuleChannelReader(allowed);
  const modules = snapshot.manifest.modules.filter(m => m.channels?.length);
  const everyChannel = modules.flatMap(module => module.channels!);
  // A few at a time: a manifest may list hundreds of channels, and each answer may take up to
  // the response limit in memory.
  const results: ReleaseChannelReading[] = [];
  let next = 0;
  await Promise.all(
    Array.from(
      { length: Math.min(CONCURRENT_READS, everyChannel.length) },
      async () => {
        while (next < everyChannel.length) {
          const index = next++;
          results[index] = await reader.read(everyChannel[index]);
        }
      },
    ),
  );
  // Keyed by the module's list of channels, which is what the engine asks for below.
  let start = 0;
  const readings = new Map<unknown, ReleaseChannelReading[]>(
    modules.map(({ channels }) => {
      start += channels!.length;
      return [channels, results.slice(start - channels!.length, start)];
    }),
  );
  const channels = modules.flatMap(module => {
    const read = readings.get(module.channels)!;
    const available = channelAvailability(
      releasesOf(snapshot, module.tagPattern),
      read,
    ).channels;
    return available.map(({ checkedAt: _, ...channel }, index) => ({
      module: module.name,
      ...channel,
      ...(read[index].versions && { versions: read[index].versions }),
    }));
  });
  // The engine adds the offers as the backend's scanner does; the CLI keeps no fingerprint.
  const withOffers = await addChannelOffers(
    { url: '', snapshot, fingerprint: '', modules: [], problems: [] },
    async declared => readings.get(declared)!,
  );
  return { snapshot: withOffers.snapshot, channels };
}
