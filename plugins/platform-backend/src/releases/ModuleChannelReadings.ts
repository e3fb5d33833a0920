import {
  ReleaseChannelDeclaration,
  ReleaseChannelReading,
} from '@platform-portal/plugin-platform-common';
import {
  ReleaseChannelReader,
  ReleaseChannelTargetRewrite,
} from '@platform-portal/plugin-platform-node';
import { LRUCache } from 'lru-cache';

/** As long as a service's release channels go unread between two scans by default. */
const DEFAULT_TTL_MS = 10 * 60_000;
/** A channel that could not be read is asked again sooner: the registry may be back. */
const DEFAULT_PROBLEM_TTL_MS = 60_000;

/**
 * What the channels of platform modules offer, read through the release channel reader (the same
 * sources, allow-list and credentials as services' release channels) and kept for a while, so that
 * neither the module page nor a scan asks a registry each time.
 *
 * @internal
 */
export class ModuleChannelReadings {
  private readonly cache: LRUCache<string, Promise<ReleaseChannelReading>>;

  constructor(
    private readonly options: {
      reader: ReleaseChannelReader;
      /** Where a declared channel is really read (the demo's local servers). */
      rewrite?: ReleaseChannelTargetRewrite;
      ttlMs?: number;
      problemTtlMs?: number;
    },
  ) {
    this.cache = new LRUCache({
      max: 1000,
      ttl: options.ttlMs ?? DEFAULT_TTL_MS,
    });
  }

  /** Each channel as last read, in the order given; reported under the target as declared. */
  async read(
    channels: readonly ReleaseChannelDeclaration[],
  ): Promise<ReleaseChannelReading[]> {
    return Promise.all(channels.map(channel => this.readOne(channel)));
  }

  private readOne(
    declaration: ReleaseChannelDeclaration,
  ): Promise<ReleaseChannelReading> {
    const key = `${declaration.kind}\0${declaration.target}`;
    const cached = this.cache.get(key);
    if (cached) {
      return cached;
    }
    const read = this.options.reader
      .read(this.options.rewrite?.(declaration) ?? declaration)
      .then(reading => {
        if (reading.problem) {
          this.cache.set(key, read, {
            ttl: this.options.problemTtlMs ?? DEFAULT_PROBLEM_TTL_MS,
          });
        }
        return { ...reading, target: declaration.target };
      });
    // Asked twice at once, a channel is still read once.
    this.cache.set(key, read);
    return read;
  }
}
