import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  ChannelSkewVerdict,
  channelSkewVerdicts,
  ReleaseChannelsPage as ReleaseChannelsPageData,
  RELEASE_CHANNEL_ANNOTATIONS,
} from '@platform-portal/plugin-platform-common';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import { useTheme } from '@mui/material/styles';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { platformApiRef } from '../../api';
import { PlatformPageFrame } from '../PlatformPageFrame';
import { RelativeTime } from '../RelativeTime';
import { countOf, formatCount } from '../layout/plural';
import { denseReadableCells } from '../layout/tableCells';
import { useEntityTitles } from '../layout/useEntityTitles';
import { HeaderRow, OwnerLink, SearchPagination } from '../tables';
import { skewVerdictLook, VerdictCountFilter, VerdictMark } from '../verdicts';
import { SkewVerdictChip } from './SkewVerdictChip';
import { channelKindLabels, skewLabels } from './skewPresentation';

const PAGE_SIZES = [25, 50, 100];
/** Worst first, as the list is sorted. */
const VERDICT_ORDER = [...channelSkewVerdicts].reverse();
const SERVICE_COLUMNS = [
  'Service',
  'Owner',
  'Verdict',
  'Newest release',
  'Channels',
  'Checked',
];

interface Search {
  verdict: ChannelSkewVerdict[];
  owner: string;
  page: number;
  pageSize: number;
}

/** The page's view, kept in the URL so that a link shares it. */
function useSearch(): [Search, (change: Partial<Search>) => void] {
  const [params, setParams] = useSearchParams();
  const search = useMemo((): Search => {
    const pageSize = Number(params.get('pageSize'));
    const page = Number(params.get('page'));
    return {
      verdict: params
        .getAll('verdict')
        .filter((v): v is ChannelSkewVerdict =>
          channelSkewVerdicts.includes(v as ChannelSkewVerdict),
        ),
      owner: params.get('owner') ?? '',
      page: Number.isInteger(page) && page > 0 ? page : 0,
      pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : PAGE_SIZES[0],
    };
  }, [params]);
  const update = useCallback(
    (change: Partial<Search>) => {
      const next = { ...search, page: 0, ...change };
      const out = new URLSearchParams();
      next.verdict.forEach(v => out.append('verdict', v));
      if (next.owner) {
        out.set('owner', next.owner);
      }
      if (next.page) {
        out.set('page', String(next.page));
      }
      if (next.pageSize !== PAGE_SIZES[0]) {
        out.set('pageSize', String(next.pageSize));
      }
      setParams(out, { replace: true });
    },
    [search, setParams],
  );
  return [search, update];
}

function Counts(props: {
  data: ReleaseChannelsPageData;
  search: Search;
  onChange: (change: Partial<Search>) => void;
}) {
  const { data, search, onChange } = props;
  const theme = useTheme();
  const total = Object.values(data.counts).reduce((a, b) => a + (b ?? 0), 0);
  const skewed = total - (data.counts['in-sync'] ?? 0);
  return (
    <VerdictCountFilter
      label="Services by verdict"
      heading={`${formatCount(skewed)} of ${countOf(
        total,
        'service',
      )} with release channels ${skewed === 1 ? 'shows' : 'show'} skew`}
      counts={VERDICT_ORDER.filter(verdict => data.counts[verdict]).map(
        verdict => ({
          value: verdict,
          label: skewLabels[verdict],
          count: data.counts[verdict] ?? 0,
          look: skewVerdictLook(verdict, theme),
        }),
      )}
      selected={search.verdict}
      onChange={verdict => onChange({ verdict })}
    />
  );
}

function ServicesTable(props: {
  data: ReleaseChannelsPageData;
  search: Search;
  onChange: (change: Partial<Search>) => void;
}) {
  const { data, search, onChange } = props;
  const theme = useTheme();
  return (
    <>
      <TableContainer>
        <Table
          size="small"
          aria-label="Services and their release channels"
          sx={denseReadableCells}
        >
          <HeaderRow columns={SERVICE_COLUMNS} />
          <TableBody>
            {data.items.map(service => (
              <TableRow
                key={service.entityRef}
                hover
                data-testid="release-channels-row"
              >
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  <EntityRefLink
                    entityRef={service.entityRef}
                    defaultKind="component"
                  />
                </TableCell>
                <TableCell>
                  <OwnerLink owner={service.owner} />
                </TableCell>
                <TableCell>
                  <SkewVerdictChip verdict={service.verdict} />
                </TableCell>
                <TableCell>
                  <Box component="code" sx={{ fontFamily: 'monospace' }}>
                    {service.newestVersion ?? '—'}
                  </Box>
                </TableCell>
                <TableCell>
                  <Stack
                    direction="row"
                    spacing={1}
                    useFlexGap
                    flexWrap="wrap"
                    component="ul"
                    sx={{ listStyle: 'none', m: 0, p: 0 }}
                  >
                    {service.channels.map(channel => {
                      const look = skewVerdictLook(channel.verdict, theme);
                      return (
                        <li key={`${channel.kind}:${channel.target}`}>
                          <Tooltip
                            title={`${skewLabels[channel.verdict]}: ${
                              channel.explanation
                            }`}
                            describeChild
                          >
                            <Chip
                              size="small"
                              variant="outlined"
                              icon={
                                <VerdictMark
                                  shape={look.shape}
                                  color={look.color}
                                />
                              }
                              sx={{ borderColor: look.color }}
                              tabIndex={0}
                              data-verdict={channel.verdict}
                              label={`${channelKindLabels[channel.kind]} ${
                                channel.latest?.versionAsPublished ??
                                (channel.problem ? '?' : '—')
                              }`}
                            />
                          </Tooltip>
                        </li>
                      );
                    })}
                  </Stack>
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {service.checkedAt ? (
                    <RelativeTime value={service.checkedAt} />
                  ) : (
                    '—'
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <SearchPagination
        count={data.totalCount}
        search={search}
        pageSizes={PAGE_SIZES}
        onChange={onChange}
      />
    </>
  );
}

/**
 * Release channels across the organisation: every service that declares channels, the ones whose
 * channels disagree first, with filters by verdict and owner kept in the URL.
 */
export function ReleaseChannelsPage() {
  const api = useApi(platformApiRef);
  const [search, update] = useSearch();
  const queryKey = JSON.stringify(search);
  const { value, loading, error } = useAsyncRetry(() => {
    const { verdict, owner, page, pageSize } = JSON.parse(queryKey) as Search;
    return api.listReleaseChannels({
      verdict,
      owner: owner ? [owner] : undefined,
      offset: page * pageSize,
      limit: pageSize,
    });
  }, [api, queryKey]);

  const owners = useEntityTitles(value?.owners ?? [], 'group');
  const ownerOptions = useMemo(
    () => [...(value?.owners ?? [])].sort(owners.compare),
    [value?.owners, owners],
  );

  let body;
  if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!value) {
    body = <Progress />;
  } else if (
    value.totalCount === 0 &&
    !search.owner &&
    !search.verdict.length
  ) {
    body = (
      <EmptyState
        missing="data"
        title="No service declares release channels yet"
        description={
          <>
            A service lists where it is released with one annotation per channel
            in its <code>catalog-info.yaml</code> (for example{' '}
            <code>{RELEASE_CHANNEL_ANNOTATIONS['git-tags']}</code> or{' '}
            <code>{RELEASE_CHANNEL_ANNOTATIONS.helm}</code>). Channels are read
            shortly after the backend starts and then on the scan schedule.
          </>
        }
      />
    );
  } else {
    body = (
      <>
        <Paper
          variant="outlined"
          component="section"
          aria-label="Summary"
          sx={{ px: 2, py: 1, mb: 1.5 }}
        >
          <Counts data={value} search={search} onChange={update} />
        </Paper>
        <Paper variant="outlined" sx={{ p: 2 }}>
          <Stack direction="row" alignItems="center" spacing={2} sx={{ mb: 1 }}>
            <Typography variant="h6" component="h2" sx={{ flexGrow: 1 }}>
              Services and their release channels
            </Typography>
            <TextField
              select
              size="small"
              label="Owner"
              value={search.owner}
              onChange={event => update({ owner: event.target.value })}
              sx={{ minWidth: 240 }}
              InputLabelProps={{ shrink: true }}
              SelectProps={{ displayEmpty: true }}
            >
              <MenuItem value="">All owners</MenuItem>
              {ownerOptions.map(owner => (
                <MenuItem key={owner} value={owner}>
                  {owners.titleOf(owner)}
                </MenuItem>
              ))}
            </TextField>
          </Stack>
          {value.totalCount === 0 ? (
            <Box sx={{ py: 4, textAlign: 'center' }}>
              <Typography variant="body1" gutterBottom>
                No services match these filters.
              </Typography>
              <Button onClick={() => update({ verdict: [], owner: '' })}>
                Clear filters
              </Button>
            </Box>
          ) : (
            <Box sx={{ opacity: loading ? 0.6 : 1 }} aria-busy={loading}>
              <ServicesTable data={value} search={search} onChange={update} />
            </Box>
          )}
        </Paper>
      </>
    );
  }

  return (
    <PlatformPageFrame
      title="Release channels"
      subtitle="Where each service is released, and whether its channels agree"
      selected="release-channels"
    >
      {body}
    </PlatformPageFrame>
  );
}
