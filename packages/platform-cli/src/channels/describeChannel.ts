import { PlatformModuleChannelKind } from '@platform-portal/plugin-platform-common';
import { ModuleChannelEntry } from './readPlatformChannels';

const labels: Record<PlatformModuleChannelKind, string> = {
  'terraform-registry': 'Terraform registry',
  helm: 'Helm repository',
  oci: 'OCI registry',
};

/**
 * One channel of a module in a sentence: which tagged release it lacks, or why it was not read
 * and what the verdicts rest on instead.
 */
export function describeChannel(channel: ModuleChannelEntry): string {
  const where = `${
    labels[channel.kind as PlatformModuleChannelKind] ?? channel.kind
  } ${channel.target}`;
  if (channel.problem) {
    return `${where} was not read (${channel.problem.message}); its consumers are judged from the git tags`;
  }
  if (channel.latest === undefined) {
    return `${where} offers no release yet`;
  }
  const [newest, ...more] = channel.notYetOffered;
  if (newest === undefined) {
    return `${where} offers every tagged release up to ${channel.latest}`;
  }
  return `${newest} is tagged, the ${where} offers ${channel.latest}${
    more.length ? ` (${more.length} more tagged not there yet)` : ''
  }`;
}
