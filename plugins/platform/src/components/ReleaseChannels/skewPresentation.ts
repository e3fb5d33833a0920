import {
  ChannelSkewVerdict,
  RELEASE_CHANNEL_ANNOTATIONS,
  ReleaseChannelKind,
} from '@platform-portal/plugin-platform-common';

/** How a skew verdict reads to people. */
export const skewLabels: Record<ChannelSkewVerdict, string> = {
  'in-sync': 'In sync',
  lagging: 'Lagging',
  'missing-publish': 'Missing publish',
  unreachable: 'Unreachable',
};

/**
 * How a channel, or a service, reads when it exists but nothing has been released on any of the
 * service's channels yet (a new project): no skew verdict applies.
 */
export const notYetPublishedLabel = 'Not yet published';

/** How each kind of channel is named on the page. */
export const channelKindLabels: Record<ReleaseChannelKind, string> = {
  'github-releases': 'GitHub Releases',
  'git-tags': 'Git tags',
  oci: 'Container image',
  helm: 'Helm chart',
  'terraform-registry': 'Terraform registry',
  pypi: 'PyPI',
  npm: 'npm',
};

/** Whether an entity's annotations declare at least one release channel. */
export function declaresReleaseChannels(
  annotations: Record<string, string> | undefined,
): boolean {
  return Object.values(RELEASE_CHANNEL_ANNOTATIONS).some(
    annotation => !!annotations?.[annotation]?.trim(),
  );
}
