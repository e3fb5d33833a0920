import {
  ChannelSkewVerdict,
  ReleaseChannelKind,
  ServiceReleaseChannels,
} from './releaseChannels';

/**
 * Every skew verdict, from the one that needs no action to the one that needs it most (the rank
 * `judgeReleaseChannels` gives a service its worst channel by); the order of the
 * organisation page and its counts.
 *
 * @public
 */
export const channelSkewVerdicts: readonly ChannelSkewVerdict[] = [
  'in-sync',
  'unreachable',
  'lagging',
  'missing-publish',
];

/**
 * How much a skew verdict matters, for sorting: 0 for `in-sync`, highest for `missing-publish`.
 *
 * @public
 */
export function channelSkewSeverity(verdict: ChannelSkewVerdict): number {
  return Math.max(0, channelSkewVerdicts.indexOf(verdict));
}

/**
 * A service's release channels with its catalog owner, as the API lists them.
 *
 * @public
 */
export interface ServiceReleaseChannelsItem extends ServiceReleaseChannels {
  owner?: string;
  system?: string;
}

/**
 * A version seen on a channel, and when the portal first saw it there.
 *
 * @public
 */
export interface ChannelVersionSeen {
  kind: ReleaseChannelKind;
  target: string;
  version: string;
  versionAsPublished: string;
  /** ISO 8601, when the channel says the version was published. */
  publishedAt?: string;
  /** ISO 8601, when a reading first had this as the channel's latest version. */
  firstSeenAt: string;
}

/**
 * One entity's release channels, and the latest versions its channels have had (newest first).
 *
 * @public
 */
export interface EntityReleaseChannels extends ServiceReleaseChannelsItem {
  history: ChannelVersionSeen[];
}

/**
 * A filter and page of the catalog-wide list of services with release channels.
 *
 * @public
 */
export interface ReleaseChannelsQuery {
  verdict?: ChannelSkewVerdict[];
  owner?: string[];
  offset?: number;
  limit?: number;
}

/**
 * One page of services with release channels, worst verdict first, with counts by verdict of
 * every service the owner filter matches (whatever the verdict filter) and the owners to filter by.
 *
 * @public
 */
export interface ReleaseChannelsPage {
  items: ServiceReleaseChannelsItem[];
  totalCount: number;
  offset: number;
  limit: number;
  counts: Partial<Record<ChannelSkewVerdict, number>>;
  owners: string[];
}
