import { Link } from '@backstage/core-components';
import { ReleaseChannelStatus } from '@platform-portal/plugin-platform-common';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { BreakableText } from '../layout/BreakableText';
import { countOf } from '../layout/plural';
import { denseReadableCells } from '../layout/tableCells';
import { RelativeTime } from '../RelativeTime';
import { HeaderRow } from '../tables';
import { SkewVerdictChip } from './SkewVerdictChip';
import { channelKindLabels } from './skewPresentation';

function Latest({ channel }: { channel: ReleaseChannelStatus }) {
  if (!channel.latest) {
    return <>—</>;
  }
  const { versionAsPublished, version, url } = channel.latest;
  const text = (
    <Box component="code" sx={{ fontFamily: 'monospace' }}>
      {versionAsPublished || version}
    </Box>
  );
  return (
    <Stack>
      {url ? <Link to={url}>{text}</Link> : text}
      <Typography variant="caption" color="text.secondary">
        {countOf(channel.releaseCount, 'release')}
      </Typography>
    </Stack>
  );
}

/**
 * A service's release channels: each channel's latest version, when it was published, and its
 * skew verdict with the reason.
 */
export function ReleaseChannelsTable(props: {
  channels: ReleaseChannelStatus[];
  /** Leaves out the target column, for narrow cards. */
  compact?: boolean;
}) {
  const { channels, compact } = props;
  return (
    <TableContainer>
      <Table size="small" aria-label="Release channels" sx={denseReadableCells}>
        <HeaderRow columns={['Channel', 'Latest', 'Published', 'Verdict']} />
        <TableBody>
          {channels.map(channel => (
            <TableRow
              key={`${channel.kind}:${channel.target}`}
              data-testid="release-channel-row"
              data-kind={channel.kind}
            >
              <TableCell sx={{ verticalAlign: 'top' }}>
                <Stack>
                  <Typography variant="body2" fontWeight="bold">
                    {channelKindLabels[channel.kind] ?? channel.kind}
                  </Typography>
                  <Typography
                    variant="caption"
                    color="text.secondary"
                    title={channel.target}
                    sx={{
                      fontFamily: 'monospace',
                      ...(compact
                        ? {
                            display: 'block',
                            maxWidth: 220,
                            overflow: 'hidden',
                            textOverflow: 'ellipsis',
                            whiteSpace: 'nowrap',
                          }
                        : {}),
                    }}
                  >
                    <BreakableText>{channel.target}</BreakableText>
                  </Typography>
                </Stack>
              </TableCell>
              <TableCell sx={{ verticalAlign: 'top', whiteSpace: 'nowrap' }}>
                <Latest channel={channel} />
              </TableCell>
              <TableCell sx={{ verticalAlign: 'top', whiteSpace: 'nowrap' }}>
                {channel.latest?.publishedAt ? (
                  <RelativeTime value={channel.latest.publishedAt} />
                ) : (
                  '—'
                )}
              </TableCell>
              <TableCell sx={{ verticalAlign: 'top' }}>
                <Stack spacing={0.5} alignItems="flex-start">
                  <SkewVerdictChip
                    verdict={channel.verdict}
                    explanation={channel.explanation}
                  />
                  <Typography variant="caption" color="text.secondary">
                    {channel.explanation}
                  </Typography>
                </Stack>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
