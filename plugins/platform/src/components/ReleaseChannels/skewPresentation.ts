import {
  ChannelSkewVerdict,
  RELEASE_CHANNEL_ANNOTATIONS,
  ReleaseChannelKind,
} from '@internal/plugin-platform-common';

/** How a skew verdict reads to people. */
export const skewLabels: Record<ChannelSkewVerdict, string> = {
  'in-sync': 'In sync',
  lagging: 'Lagging',
  'missing-publish': 'Missing publish',
  unreachable: 'Unreachable',
};

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
