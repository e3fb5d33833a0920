import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  EntityReleaseChannels,
  isServiceNotYetPublished,
  RELEASE_CHANNEL_ANNOTATIONS,
} from '@platform-portal/plugin-platform-common';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { platformApiRef } from '../../api';
import { RelativeTime } from '../RelativeTime';
import { ReleaseChannelsTable } from './ReleaseChannelsTable';
import { SkewVerdictChip } from './SkewVerdictChip';
import { channelKindLabels, declaresReleaseChannels } from './skewPresentation';

function useEntityReleaseChannels(reloadKey?: unknown) {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const platformApi = useApi(platformApiRef);
  const state = useAsync(
    () =>
      platformApi.getEntityReleaseChannels(entityRef).catch(error => {
        // The backend knows no service of this name yet (not discovered, or not a service):
        // that is "no channels on record", which the empty state explains.
        if ((error as { statusCode?: number })?.statusCode === 404) {
          return undefined;
        }
        throw error;
      }),
    [platformApi, entityRef, reloadKey],
  );
  return {
    ...state,
    declares: declaresReleaseChannels(entity.metadata.annotations),
  };
}

function HowToDeclare() {
  return (
    <>
      Declare each channel the service publishes to with an annotation in its{' '}
      <code>catalog-info.yaml</code>, for example{' '}
      <code>{RELEASE_CHANNEL_ANNOTATIONS['git-tags']}</code> with the repository
      URL or <code>{RELEASE_CHANNEL_ANNOTATIONS.helm}</code> with{' '}
      <code>https://charts.example.com/#my-chart</code>. Channels are read on
      the scan schedule.
    </>
  );
}

function Summary({ value }: { value: EntityReleaseChannels }) {
  return (
    <Stack
      direction="row"
      spacing={1.5}
      alignItems="center"
      flexWrap="wrap"
      useFlexGap
      aria-label="Release channel summary"
      component="section"
    >
      <SkewVerdictChip
        verdict={value.verdict}
        notYetPublished={isServiceNotYetPublished(value)}
      />
      <Typography variant="body2" component="span">
        {value.newestVersion ? (
          <>
            Newest release <strong>{value.newestVersion}</strong>
          </>
        ) : (
          'No release published yet'
        )}
      </Typography>
      {value.checkedAt && (
        <Typography variant="body2" color="text.secondary" component="span">
          Checked <RelativeTime value={value.checkedAt} />
        </Typography>
      )}
    </Stack>
  );
}

function History({ value }: { value: EntityReleaseChannels }) {
  if (!value.history.length) {
    return null;
  }
  return (
    <Box>
      <Typography variant="h6" component="h3" gutterBottom>
        Versions seen
      </Typography>
      <Table size="small" aria-label="Versions seen on the channels">
        <TableHead>
          <TableRow>
            <TableCell>Channel</TableCell>
            <TableCell>Version</TableCell>
            <TableCell>Published</TableCell>
            <TableCell>First seen</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {value.history.map(entry => (
            <TableRow key={`${entry.kind}:${entry.target}:${entry.version}`}>
              <TableCell>
                {channelKindLabels[entry.kind] ?? entry.kind}
              </TableCell>
              <TableCell>
                <Box component="code" sx={{ fontFamily: 'monospace' }}>
                  {entry.versionAsPublished}
                </Box>
              </TableCell>
              <TableCell>
                {entry.publishedAt ? (
                  <RelativeTime value={entry.publishedAt} />
                ) : (
                  '—'
                )}
              </TableCell>
              <TableCell>
                <RelativeTime value={entry.firstSeenAt} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

function body(
  state: ReturnType<typeof useEntityReleaseChannels>,
  variant: 'card' | 'section',
): ReactNode {
  const { value, loading, error, declares } = state;
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value || value.channels.length === 0) {
    const title = declares
      ? 'The release channels have not been read yet'
      : 'This service declares no release channels';
    const description = declares ? (
      'They are read shortly after the backend starts and then on the scan schedule.'
    ) : (
      <HowToDeclare />
    );
    return variant === 'section' ? (
      <EmptyState missing="field" title={title} description={description} />
    ) : (
      <Typography variant="body2">
        <strong>{title}.</strong> {description}
      </Typography>
    );
  }
  return (
    <Stack spacing={2}>
      <Summary value={value} />
      <ReleaseChannelsTable
        channels={value.channels}
        compact={variant === 'card'}
      />
      {variant === 'section' && <History value={value} />}
    </Stack>
  );
}

/**
 * A card for a component's overview: each release channel with its latest version, when it was
 * published, a link, and whether the channels agree.
 */
export function EntityReleaseChannelsCard() {
  const state = useEntityReleaseChannels();
  return <InfoCard title="Release channels">{body(state, 'card')}</InfoCard>;
}

/**
 * The release channel section of a component's Platform tab: the channels as on the card, and
 * the versions seen on them over time.
 */
export function EntityReleaseChannelsSection(props: {
  /** Loads the channels again when it changes (after a scan, which reads them too). */
  reloadKey?: unknown;
}) {
  const state = useEntityReleaseChannels(props.reloadKey);
  // The section appears once per page, so a fixed id is unique.
  const headingId = 'platform-release-channels-heading';
  return (
    <Stack spacing={2} component="section" aria-labelledby={headingId}>
      <Typography variant="h5" component="h2" id={headingId}>
        Release channels
      </Typography>
      {body(state, 'section')}
    </Stack>
  );
}
