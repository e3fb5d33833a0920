import {
  ReactNode,
  useCallback,
  useDeferredValue,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Collapse from '@mui/material/Collapse';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import DownloadIcon from '@mui/icons-material/Download';
import ExpandLessIcon from '@mui/icons-material/ExpandLess';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
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
  DriftFilter,
  DriftSummary,
  driftVerdicts,
  LatestScanResponse,
  RepositoryStatus,
  TrendPoint,
} from '@platform-portal/plugin-platform-common';
import { platformApiRef } from '../../api';
import { PlatformTabs } from '../PlatformTabs';
import { RequiredModulesSection } from '../RequiredModules';
import { countOf } from '../layout/plural';
import { useRememberedOpen } from '../layout/useRememberedOpen';
import {
  driftVerdictLook,
  quietVerdicts,
  ReadableChip,
  VerdictCountFilter,
  verdictLabels,
} from '../verdicts';
import { DriftCharts } from './DriftCharts';
import { DriftFilters } from './DriftFilters';
import { DriftTable } from './DriftTable';
import { ScanStatusBar } from './ScanStatusBar';
import { useDriftRows } from './useDriftRows';
import { useShownEntities } from './useShownEntities';
import { useSummaryReader } from './useSummaryReader';
import {
  clearedFilters,
  DriftSearch,
  hasFilters,
  toFilter,
  useDriftSearch,
} from './useDriftSearch';
import { visuallyHidden } from '../layout/visuallyHidden';

const TREND_DAYS = 30;

/** The organisation's platform references: every verdict but those that ask nothing. */
const ORGANISATION_FILTER: DriftFilter = {
  verdict: driftVerdicts.filter(verdict => !quietVerdicts.includes(verdict)),
};
const NO_TRENDS: TrendPoint[] = [];
/** Below this window height the charts start collapsed, so that the table's rows show. */
const CHARTS_OPEN_FROM_HEIGHT = 1000;

function VerdictCounts(props: {
  summary: DriftSummary;
  search: DriftSearch;
  onChange: (change: Partial<DriftSearch>) => void;
  children?: ReactNode;
}) {
  const { summary, search, onChange, children } = props;
  const theme = useTheme();
  const shown = driftVerdicts.filter(
    verdict =>
      (summary.byVerdict[verdict] ?? 0) > 0 &&
      (search.all || !quietVerdicts.includes(verdict)),
  );
  return (
    <Box sx={{ mt: 1 }}>
      <VerdictCountFilter
        label="Counts by verdict"
        heading={`${countOf(summary.total, 'reference')} in ${countOf(
          summary.services,
          'service',
        )}${hasFilters(search) ? ' match' : ''}`}
        counts={shown.map(verdict => ({
          value: verdict,
          label: verdictLabels[verdict],
          count: summary.byVerdict[verdict] ?? 0,
          look: driftVerdictLook(verdict, theme),
        }))}
        selected={search.verdict}
        onChange={verdict => onChange({ verdict })}
      >
        {summary.promotionLag && summary.promotionLag.references > 0 && (
          <ReadableChip
            size="small"
            label={`Behind an earlier environment: ${countOf(
              summary.promotionLag.services,
              'service',
            )}, ${countOf(
              summary.promotionLag.references,
              'reference',
            )} across the organisation`}
            variant={search.promotion.length ? 'filled' : 'outlined'}
            onClick={() =>
              onChange({
                promotion: search.promotion.length ? [] : ['lagging'],
              })
            }
            aria-pressed={search.promotion.length > 0}
          />
        )}
        {summary.requiredModules && (
          <ReadableChip
            size="small"
            label={`Required modules missing or outdated: ${countOf(
              summary.requiredModules.services,
              'service',
            )} across the organisation`}
            variant={search.required ? 'filled' : 'outlined'}
            onClick={() => onChange({ required: !search.required })}
            aria-pressed={search.required}
          />
        )}
        {children}
      </VerdictCountFilter>
    </Box>
  );
}

/** Why each service's repository could not be read, by entity ref. */
function failuresOf(
  repositories: RepositoryStatus[] | undefined,
  latest: LatestScanResponse | undefined,
): ReadonlyMap<string, string> {
  const failures = new Map<string, string>();
  for (const repository of repositories ?? []) {
    if (repository.status === 'failed') {
      failures.set(
        repository.entityRef,
        repository.error ?? 'the repository could not be read',
      );
    }
  }
  // A failed scan of one service belongs to that service, whatever failed.
  const scan = latest?.scan;
  if (scan?.entityRef && scan.status === 'failed') {
    failures.set(scan.entityRef, scan.error ?? 'the scan failed');
  }
  return failures;
}

/** A callback that keeps its identity and always calls the latest `callback`. */
function useStableCallback(callback: () => void): () => void {
  const latest = useRef(callback);
  latest.current = callback;
  return useCallback(() => latest.current(), []);
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
 * The organisation-wide drift report, laid out for a laptop: the status line and counts by
 * verdict in one compact bar, the charts behind a toggle (remembered; closed by default on short
 * windows), then the filters and the service × module table with its CSV export.
 */
function DriftReport() {
  const api = useApi(platformApiRef);
  const [search, update] = useDriftSearch();
  const filterKey = JSON.stringify(toFilter(search));
  const chartsId = useId();
  const [chartsOpen, setChartsOpen] = useRememberedOpen(
    'driftReport.chartsOpen',
    () => window.innerHeight >= CHARTS_OPEN_FROM_HEIGHT,
  );

  const readSummary = useSummaryReader(api);
  // The requests the first view waits for go first: a browser opens six connections to the
  // backend at once, and queues the rest.
  const summary = useAsyncRetry(
    () => readSummary(JSON.parse(filterKey)),
    [readSummary, filterKey],
  );
  // The organisation's figures for the status line, whatever the filters.
  const organisation = useAsyncRetry(
    () => readSummary(ORGANISATION_FILTER),
    [readSummary],
  );
  const latest = useAsyncRetry(() => api.getLatestScan(), [api]);
  const rows = useDriftRows(api, search);
  const facets = useAsyncRetry(() => api.getFacets(), [api]);
  // Only the failed ones are shown: tens of thousands of statuses would be megabytes to read.
  const repositories = useAsyncRetry(
    () => api.listRepositories({ status: ['failed'] }),
    [api],
  );
  const trends = useAsyncRetry(
    () => api.getTrends({ days: TREND_DAYS }),
    [api],
  );
  const { owners, services, page, nameOwnerOptions } = useShownEntities(
    facets.value?.owners,
    rows,
    search,
  );
  const { download, error: downloadError, busy } = useDownload();
  const failures = useMemo(
    () => failuresOf(repositories.value, latest.value),
    [repositories.value, latest.value],
  );

  const reload = useStableCallback(() => {
    latest.retry();
    facets.retry();
    repositories.retry();
    trends.retry();
    summary.retry();
    organisation.retry();
    rows.retry();
  });

  // The charts follow the counts and the rows, drawn at a lower priority: the first view shows,
  // and answers a click, without waiting for them.
  const chartSummary = useDeferredValue(summary.value);
  const hasRows = !!page?.totalCount;
  // The same element while nothing it shows changes, so that the memoised filters keep theirs.
  const exportButton = useMemo(
    () => (
      <Button
        startIcon={<DownloadIcon />}
        onClick={() => download(search)}
        disabled={busy || !hasRows}
        sx={{ whiteSpace: 'nowrap', ml: 'auto' }}
      >
        Export CSV
      </Button>
    ),
    [download, search, busy, hasRows],
  );

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
    const hasCharts = !!summary.value && summary.value.total > 0;
    body = (
      <>
        {hasCharts && (
          <Collapse in={chartsOpen} id={chartsId} unmountOnExit>
            <Box component="section" aria-label="Charts" sx={{ mb: 1.5 }}>
              <DriftCharts
                summary={chartSummary}
                trends={trends.value ?? NO_TRENDS}
                trendDays={TREND_DAYS}
              />
            </Box>
          </Collapse>
        )}
        {search.required && (
          <RequiredModulesSection owner={search.owner} module={search.module} />
        )}
        <Paper variant="outlined" sx={{ px: 2, pt: 1 }}>
          <Typography
            variant="h6"
            component="h2"
            // The table names itself; the heading is for moving through the page by headings.
            sx={visuallyHidden}
          >
            Services and platform modules
          </Typography>
          <DriftFilters
            search={search}
            facets={facets.value}
            owners={owners}
            onOwnerOptionsOpen={nameOwnerOptions}
            onChange={update}
            actions={exportButton}
          />
          {downloadError && (
            <Alert severity="error" sx={{ mb: 1 }}>
              Export failed: {downloadError.message}
            </Alert>
          )}
          {rows.ownerRefOrder && (
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
              Too many rows to sort by the owners&apos; names here: they are in
              the order of the owners&apos; catalog references.
            </Typography>
          )}
          {rows.loading && !page && <Progress />}
          {noRowsAtAll && (
            <EmptyState
              missing="content"
              title="No platform module references found"
              description="The last scan found no references to platform modules in the discovered services. Check that services have a source location and that platform.platforms names the platform repository."
            />
          )}
          {!noRowsAtAll && page && page.totalCount === 0 && (
            <Box sx={{ py: 4, textAlign: 'center' }}>
              <Typography variant="body1" gutterBottom>
                No rows match these filters.
              </Typography>
              <Button onClick={() => update(clearedFilters)}>
                Clear filters
              </Button>
            </Box>
          )}
          {page && page.totalCount > 0 && (
            <Box
              sx={{ opacity: rows.loading ? 0.6 : 1 }}
              aria-busy={rows.loading}
            >
              <DriftTable
                page={page}
                owners={owners}
                services={services}
                search={search}
                onChange={update}
                failures={failures}
                onUpgradeCreated={reload}
              />
            </Box>
          )}
        </Paper>
      </>
    );
  }

  return (
    <>
      {!error && latest.value && (
        <Paper
          variant="outlined"
          component="section"
          aria-label="Summary"
          sx={{ px: 2, py: 1, mb: 1.5 }}
        >
          <ScanStatusBar
            scan={latest.value.scan}
            counts={
              organisation.value && {
                services: organisation.value.services,
                references: organisation.value.total,
              }
            }
            unreadable={failures.size}
            onScanFinished={reload}
          />
          {summary.value && latest.value.scan && (
            <VerdictCounts
              summary={summary.value}
              search={search}
              onChange={update}
            >
              {summary.value.total > 0 && (
                <Button
                  size="small"
                  onClick={() => setChartsOpen(!chartsOpen)}
                  aria-expanded={chartsOpen}
                  aria-controls={chartsId}
                  endIcon={chartsOpen ? <ExpandLessIcon /> : <ExpandMoreIcon />}
                  sx={{ ml: 'auto', whiteSpace: 'nowrap', py: 0 }}
                >
                  {chartsOpen ? 'Hide charts' : 'Show charts'}
                </Button>
              )}
            </VerdictCounts>
          )}
        </Paper>
      )}
      {body}
    </>
  );
}

/**
 * The page around the report. The report's state lives below the header and the tabs, so that
 * they do not render again as each of the report's requests answers (the tabs measure the page
 * on every render).
 */
export function DriftReportPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Platform drift"
        subtitle="Which platform module versions each service pins, and how far behind they are"
      />
      <Content>
        <PlatformTabs selected="drift" />
        <DriftReport />
      </Content>
    </Page>
  );
}
