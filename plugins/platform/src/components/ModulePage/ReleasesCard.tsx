import {
  InfoCard,
  Link,
  MarkdownContent,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ModuleReleases, platformApiRef } from '../../api';
import { ReadableChip } from '../verdicts/ReadableChip';
import { ErrorWithRetry } from './ErrorWithRetry';
import { ChannelAvailability, ReleaseChannelChips } from './ModuleChannels';

type Release = ModuleReleases['releases'][number];
type Major = ModuleReleases['majors'][number];

const dateFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeZone: 'UTC',
});

/** A day, as people read it, and as machines do in `dateTime`. */
function Day(props: { value: string }) {
  const date = new Date(props.value);
  if (Number.isNaN(date.getTime())) {
    return <>{props.value}</>;
  }
  return (
    <time dateTime={date.toISOString()} title={date.toUTCString()}>
      {dateFormat.format(date)}
    </time>
  );
}

const statusChips: Record<
  Major['status'],
  { label: string; color: 'success' | 'warning' | 'error' | 'default' }
> = {
  supported: { label: 'Supported', color: 'success' },
  deprecated: { label: 'Deprecated', color: 'warning' },
  unsupported: { label: 'Unsupported', color: 'error' },
  prerelease: { label: 'Prerelease only', color: 'default' },
};

/** What the support of a major comes to, in words: until when, or since when not. */
function SupportText({ major }: { major: Major }) {
  if (major.status === 'unsupported') {
    return (
      <>
        Support ended
        {major.endOfSupport && (
          <>
            {' '}
            on <Day value={major.endOfSupport} />
          </>
        )}
        {major.endedBy && <>, when {major.endedBy} was released</>}
      </>
    );
  }
  if (major.status === 'deprecated') {
    const ahead =
      major.deprecatedSince && Date.parse(major.deprecatedSince) > Date.now();
    return (
      <>
        {major.deprecatedSince ? (
          <>
            Deprecated {ahead ? 'from' : 'since'}{' '}
            <Day value={major.deprecatedSince} />
          </>
        ) : (
          'Deprecated'
        )}
        {major.deprecation && <>: {major.deprecation}</>}
      </>
    );
  }
  if (major.status === 'prerelease') {
    return <>Not released yet</>;
  }
  return <>Supported</>;
}

function MajorHeader(props: { major: Major; columns: number }) {
  const { major } = props;
  const chip = statusChips[major.status];
  return (
    <TableRow>
      <TableCell
        component="th"
        scope="rowgroup"
        colSpan={props.columns}
        sx={{ bgcolor: 'action.hover' }}
      >
        <Stack
          direction="row"
          spacing={1.5}
          alignItems="center"
          flexWrap="wrap"
          useFlexGap
        >
          <Typography variant="subtitle1" component="span" fontWeight="bold">
            {major.major}.x
          </Typography>
          <ReadableChip size="small" label={chip.label} color={chip.color} />
          <Typography variant="body2" component="span">
            <SupportText major={major} />
          </Typography>
          {major.upgradeNotes &&
            (major.upgradeNotes.url ? (
              <Link to={major.upgradeNotes.url}>
                Upgrade notes for {major.major}.x
              </Link>
            ) : (
              <Typography variant="body2" component="span">
                Upgrade notes: <code>{major.upgradeNotes.path}</code>
              </Typography>
            ))}
        </Stack>
      </TableCell>
    </TableRow>
  );
}

function ReleaseRow(props: {
  release: Release;
  latest?: string;
  channels?: ModuleReleases['channels'];
}) {
  const { release, latest, channels } = props;
  return (
    <TableRow>
      <TableCell component="th" scope="row" sx={{ whiteSpace: 'nowrap' }}>
        <Stack direction="row" spacing={1} alignItems="center">
          <span>{release.version}</span>
          {release.version === latest && (
            <ReadableChip size="small" variant="outlined" label="Latest" />
          )}
          {release.prerelease && (
            <ReadableChip size="small" variant="outlined" label="Prerelease" />
          )}
        </Stack>
      </TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>
        {release.date ? <Day value={release.date} /> : 'Not known'}
      </TableCell>
      {channels && (
        <TableCell>
          <ReleaseChannelChips release={release} channels={channels} />
        </TableCell>
      )}
      <TableCell>
        {release.notes ? (
          <Box
            sx={{
              '& p': { my: 0.5 },
              '& ul': { my: 0.5, pl: 3 },
              overflowWrap: 'anywhere',
            }}
          >
            <MarkdownContent content={release.notes} dialect="gfm" />
          </Box>
        ) : (
          <Typography variant="body2" color="text.secondary">
            No notes
          </Typography>
        )}
      </TableCell>
    </TableRow>
  );
}

/** The releases of a module by major, newest first, as the API answers them. */
export function ReleasesTable(props: {
  releases: ModuleReleases;
  latest?: string;
}) {
  const { releases, latest } = props;
  if (releases.releases.length === 0) {
    return (
      <Typography variant="body1">
        {releases.module} has no release yet: tag one to see it here.
      </Typography>
    );
  }
  const { channels } = releases;
  return (
    <>
      {channels && <ChannelAvailability channels={channels} />}
      <Table size="small" aria-label={`Releases of ${releases.module}`}>
        <TableHead>
          <TableRow>
            {[
              'Version',
              'Released',
              ...(channels ? ['Channels'] : []),
              'Notes',
            ].map(column => (
              <TableCell key={column} component="th" scope="col">
                {column}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        {releases.majors.map(major => (
          // One row group per major, headed by its support.
          <TableBody key={major.major}>
            <MajorHeader major={major} columns={channels ? 4 : 3} />
            {releases.releases
              .filter(r => Number.parseInt(r.version, 10) === major.major)
              .map(release => (
                <ReleaseRow
                  key={release.version}
                  release={release}
                  latest={latest}
                  channels={channels}
                />
              ))}
          </TableBody>
        ))}
      </Table>
    </>
  );
}

function supportSubheader(releases: ModuleReleases): string {
  const { supportedMajors } = releases;
  if (supportedMajors === undefined) {
    return 'Newest first. Every major is supported.';
  }
  return `Newest first. A major is supported until ${
    supportedMajors === 1
      ? 'a newer major is'
      : `${supportedMajors} newer majors are`
  } released.`;
}

/**
 * The module's releases with their dates and notes, by major with its support: the notes are
 * the annotated tag's message, else the release's section of the module's CHANGELOG.md.
 */
export function ReleasesCard(props: {
  module: string;
  platform?: string;
  latest?: string;
}) {
  const { module, platform, latest } = props;
  const api = useApi(platformApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getModuleReleases(module, platform),
    [api, module, platform],
  );
  return (
    <InfoCard
      title="Releases"
      subheader={value ? supportSubheader(value) : undefined}
    >
      {error && <ErrorWithRetry error={error} onRetry={retry} />}
      {!error && loading && !value && <Progress />}
      {!error && value && <ReleasesTable releases={value} latest={latest} />}
    </InfoCard>
  );
}
