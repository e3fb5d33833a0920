import { useCallback, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import DownloadIcon from '@mui/icons-material/Download';
import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  DriftSummary,
  DriftVerdict,
  driftVerdicts,
} from '@internal/plugin-platform-common';
import { platformApiRef } from '../../api';
import { PlatformTabs } from '../PlatformTabs';
import {
  quietVerdicts,
  verdictColor,
  verdictLabels,
  ReadableChip,
} from '../verdicts';
import { DriftCharts } from './DriftCharts';
import { DriftFilters } from './DriftFilters';
import { DriftTable } from './DriftTable';
import { ScanStatusBar } from './ScanStatusBar';
import {
  clearedFilters,
  DriftSearch,
  hasFilters,
  toFilter,
  toQuery,
  useDriftSearch,
} from './useDriftSearch';

const TREND_DAYS = 30;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function VerdictCounts(props: {
  summary: DriftSummary;
  search: DriftSearch;
  onChange: (change: Partial<DriftSearch>) => void;
}) {
  const { summary, search, onChange } = props;
  const shown = driftVerdicts.filter(
    verdict =>
      (summary.byVerdict[verdict] ?? 0) > 0 &&
      (search.all || !quietVerdicts.includes(verdict)),
  );
  const toggle = (verdict: DriftVerdict) =>
    onChange({
      verdict: search.verdict.includes(verdict)
        ? search.verdict.filter(v => v !== verdict)
        : [...search.verdict, verdict],
    });
  return (
    <Stack
      direction="row"
      spacing={1}
      useFlexGap
      flexWrap="wrap"
      alignItems="center"
      sx={{ mb: 2 }}
      aria-label="Counts by verdict"
    >
      <Typography variant="h6" component="p" sx={{ mr: 1 }}>
        {summary.total} references in {summary.services} services
      </Typography>
      {summary.promotionLag && summary.promotionLag.references > 0 && (
        <ReadableChip
          label={`Behind an earlier environment: ${plural(
            summary.promotionLag.services,
            'service',
          )}, ${plural(
            summary.promotionLag.references,
            'reference',
          )} across the organisation`}
          color="warning"
          variant={search.promotion.length ? 'filled' : 'outlined'}
          onClick={() =>
            onChange({ promotion: search.promotion.length ? [] : ['lagging'] })
          }
          aria-pressed={search.promotion.length > 0}
        />
      )}
      {shown.map(verdict => (
        <ReadableChip
          key={verdict}
          label={`${verdictLabels[verdict]}: ${summary.byVerdict[verdict]}`}
          color={verdictColor(verdict)}
          variant={search.verdict.includes(verdict) ? 'filled' : 'outlined'}
          onClick={() => toggle(verdict)}
          aria-pressed={search.verdict.includes(verdict)}
        />
      ))}
    </Stack>
  );
}

function useDownload() {
  const api = useApi(platformApiRef);
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const download = useCallback(
    async (search: DriftSearch) => {
      setBusy(true);
      setError(undefined);
      try {
        const blob = await api.exportDrift(toFilter(search));
        const url = URL.createObjectURL(blob);
        const anchor = document.createElement('a');
        anchor.href = url;
        anchor.download = 'platform-drift.csv';
        document.body.appendChild(anchor);
        anchor.click();
        anchor.remove();
        URL.revokeObjectURL(url);
      } catch (e) {
        setError(e as Error);
      } finally {
        setBusy(false);
      }
    },
    [api],
  );
  return { download, error, busy };
}

/**
 * The organisation-wide drift report: counts and charts, filters kept in the URL, the
 * service × module table, CSV export and the scan status.
 */
export function DriftReportPage() {
  const api = useApi(platformApiRef);
  const [search, update] = useDriftSearch();
  const filterKey = JSON.stringify(toFilter(search));
  const queryKey = JSON.stringify(toQuery(search));

  const latest = useAsyncRetry(() => api.getLatestScan(), [api]);
  const facets = useAsyncRetry(() => api.getFacets(), [api]);
  const trends = useAsyncRetry(
    () => api.getTrends({ days: TREND_DAYS }),
    [api],
  );
  const summary = useAsyncRetry(
    () => api.getSummary(JSON.parse(filterKey)),
    [api, filterKey],
  );
  const rows = useAsyncRetry(
    () => api.getDrift(JSON.parse(queryKey)),
    [api, queryKey],
  );
  const { download, error: downloadError, busy } = useDownload();

  const reload = useCallback(() => {
    latest.retry();
    facets.retry();
    trends.retry();
    summary.retry();
    rows.retry();
  }, [latest, facets, trends, summary, rows]);

  const error = latest.error ?? summary.error ?? rows.error;
  let body;
  if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (latest.loading && !latest.value) {
    body = <Progress />;
  } else if (!latest.value?.scan) {
    body = (
      <EmptyState
        missing="data"
        title="No scan has run yet"
        description="The first scan runs a few seconds after the backend starts and then on its schedule. Users with the platform.scan.create permission can start one now."
      />
    );
  } else {
    const noRowsAtAll =
      summary.value && summary.value.total === 0 && !hasFilters(search);
    body = (
      <>
        {summary.value && (
          <VerdictCounts
            summary={summary.value}
            search={search}
            onChange={update}
          />
        )}
        {summary.value && summary.value.total > 0 && (
          <DriftCharts summary={summary.value} trends={trends.value ?? []} />
        )}
        <Paper variant="outlined" sx={{ p: 2 }}>
          <Stack direction="row" alignItems="center" sx={{ mb: 1 }}>
            <Typography variant="h6" component="h2" sx={{ flexGrow: 1 }}>
              Services and platform modules
            </Typography>
            <Button
              startIcon={<DownloadIcon />}
              onClick={() => download(search)}
              disabled={busy || !rows.value?.totalCount}
            >
              Export CSV
            </Button>
          </Stack>
          {downloadError && (
            <Alert severity="error" sx={{ mb: 1 }}>
              Export failed: {downloadError.message}
            </Alert>
          )}
          <DriftFilters
            search={search}
            facets={facets.value}
            onChange={update}
          />
          {rows.loading && !rows.value && <Progress />}
          {noRowsAtAll && (
            <EmptyState
              missing="content"
              title="No platform module references found"
              description="The last scan found no references to platform modules in the discovered services. Check that services have a source location and that platform.platforms names the platform repository."
            />
          )}
          {!noRowsAtAll && rows.value && rows.value.totalCount === 0 && (
            <Box sx={{ py: 4, textAlign: 'center' }}>
              <Typography variant="body1" gutterBottom>
                No rows match these filters.
              </Typography>
              <Button onClick={() => update(clearedFilters)}>
                Clear filters
              </Button>
            </Box>
          )}
          {rows.value && rows.value.totalCount > 0 && (
            <Box
              sx={{ opacity: rows.loading ? 0.6 : 1 }}
              aria-busy={rows.loading}
            >
              <DriftTable
                page={rows.value}
                search={search}
                onChange={update}
                onUpgradeCreated={reload}
              />
            </Box>
          )}
        </Paper>
      </>
    );
  }

  return (
    <Page themeId="tool">
      <Header
        title="Platform drift"
        subtitle="Which platform module versions each service pins, and how far behind they are"
      />
      <Content>
        <PlatformTabs selected="drift" />
        {!error && latest.value && (
          <ScanStatusBar scan={latest.value.scan} onScanFinished={reload} />
        )}
        {body}
      </Content>
    </Page>
  );
}
