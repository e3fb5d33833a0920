import { ReleaseChannelKind } from '@platform-portal/plugin-platform-common';
import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { ModuleReleases } from '../../api';
import { channelKindLabels } from '../ReleaseChannels/skewPresentation';
import { ReadableChip } from '../verdicts/ReadableChip';

type ModuleChannel = NonNullable<ModuleReleases['channels']>[number];
type Release = ModuleReleases['releases'][number];

/** A module's OCI channel holds charts or packages, not the service images the label names. */
export function moduleChannelLabel(kind: ReleaseChannelKind): string {
  return kind === 'oci' ? 'OCI registry' : channelKindLabels[kind];
}

/** What one channel offers of the module, in a sentence. */
export function channelSentence(channel: ModuleChannel): string {
  const label = moduleChannelLabel(channel.kind);
  if (channel.problem) {
    return `${label} ${channel.target} could not be read: ${channel.problem.message}`;
  }
  if (channel.latest === undefined) {
    return `${label} ${channel.target} offers no release yet`;
  }
  if (channel.notYetOffered.length) {
    const [newest] = channel.notYetOffered;
    const more = channel.notYetOffered.length - 1;
    return `${newest} is tagged, the ${label.toLowerCase()} ${
      channel.target
    } offers ${channel.latest}${
      more > 0
        ? ` (${more} more tagged release${more === 1 ? '' : 's'} not there yet)`
        : ''
    }`;
  }
  return `${label} ${channel.target} offers every release up to ${channel.latest}`;
}

function channelSeverity(channel: ModuleChannel) {
  if (channel.problem) {
    return 'error';
  }
  return channel.notYetOffered.length || channel.latest === undefined
    ? 'warning'
    : 'success';
}

/** Per channel the module is published to, whether it has the module's newest tagged release. */
export function ChannelAvailability(props: { channels: ModuleChannel[] }) {
  return (
    <Stack spacing={1} sx={{ mb: 2 }} aria-label="Channels">
      {props.channels.map(channel => (
        <Alert
          key={`${channel.kind} ${channel.target}`}
          severity={channelSeverity(channel)}
          variant="outlined"
        >
          {channelSentence(channel)}
        </Alert>
      ))}
    </Stack>
  );
}

/** The channels that offer a release, and those it is tagged for but not in yet. */
export function ReleaseChannelChips(props: {
  release: Release;
  channels: ModuleChannel[];
}) {
  const { release, channels } = props;
  const offeredBy = new Set(release.channels ?? []);
  return (
    <Stack direction="row" spacing={0.5} flexWrap="wrap" useFlexGap>
      {channels.map(channel => {
        if (offeredBy.has(channel.kind)) {
          return (
            <ReadableChip
              key={channel.kind}
              size="small"
              color="success"
              variant="outlined"
              label={moduleChannelLabel(channel.kind)}
            />
          );
        }
        if (channel.notYetOffered.includes(release.version)) {
          return (
            <ReadableChip
              key={channel.kind}
              size="small"
              color="warning"
              variant="outlined"
              label={`Not in ${moduleChannelLabel(channel.kind)} yet`}
            />
          );
        }
        return null;
      })}
      {channels.every(c => !offeredBy.has(c.kind)) &&
        !channels.some(c => c.notYetOffered.includes(release.version)) && (
          <Typography variant="body2" color="text.secondary">
            None
          </Typography>
        )}
    </Stack>
  );
}
