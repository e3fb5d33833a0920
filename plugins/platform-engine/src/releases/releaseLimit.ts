import { ReleaseChannelError } from '@platform-portal/plugin-platform-node';

/**
 * Versions a channel may list. Far more than any real channel publishes (an OCI source keeps
 * 50,000 tags); reading and sorting more would hold the event loop for seconds a channel's server
 * could ask for with one large answer.
 */
export const MAX_RELEASES = 50_000;

/** Refuses a channel that lists more than {@link MAX_RELEASES} versions, before they are read. */
export function checkReleaseCount(count: number): void {
  if (count > MAX_RELEASES) {
    throw new ReleaseChannelError(
      'refused',
      `the channel lists ${count} versions; more than ${MAX_RELEASES} are not read`,
    );
  }
}
