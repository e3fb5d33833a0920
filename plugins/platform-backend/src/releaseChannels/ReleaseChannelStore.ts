import {
  EntityReleaseChannels,
  ReleaseChannelsPage,
  ReleaseChannelsQuery,
  ServiceReleaseChannels,
} from '@platform-portal/plugin-platform-common';

/**
 * A service's judged channels as the monitor writes them, with its catalog owner and system.
 *
 * @internal
 */
export interface ServiceReleaseChannelsInput extends ServiceReleaseChannels {
  owner?: string;
  system?: string;
  /** When the channels were read; `checkedAt` of the service when absent. */
  checkedAt?: string;
}

/**
 * Where the platform plugin keeps release channel readings: the current reading per service and
 * channel, and the history of latest versions each channel has had.
 *
 * @internal
 */
export interface ReleaseChannelStore {
  /** Replaces a service's current channels atomically and adds new latest versions to the history. */
  replaceService(service: ServiceReleaseChannelsInput): Promise<void>;
  /**
   * Forgets the current channels of every service not in the list (no longer in the catalog, or
   * no longer declaring channels); their history stays.
   */
  retainServices(entityRefs: string[]): Promise<void>;
  listServices(query: ReleaseChannelsQuery): Promise<ReleaseChannelsPage>;
  /** Undefined when the entity has no channels on record. */
  getService(
    entityRef: string,
    options?: { historyLimit?: number },
  ): Promise<EntityReleaseChannels | undefined>;
}
