import { useEffect, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import RefreshIcon from '@mui/icons-material/Refresh';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  platformScanCreatePermission,
  ScanRun,
} from '@platform-portal/plugin-platform-common';
import { platformApiRef } from '../../api';
import { countOf } from '../layout/plural';
import { RelativeTime } from '../RelativeTime';
import { RateLimitWait } from './RateLimitWait';

const POLL_MS = 2000;

/** What the organisation's report holds: its platform references and their services. */
export interface OrganisationCounts {
  services: number;
  references: number;
}

function repositoriesDone(scan: ScanRun): number {
  return (
    scan.repositoriesScanned +
    scan.repositoriesSkipped +
    scan.repositoriesFailed
  );
}

/** The organisation's figures in words, and how many services' last scan failed. */
function describeCounts(
  counts: OrganisationCounts | undefined,
  unreadable: number,
): string {
  const parts = counts
    ? [
        countOf(counts.services, 'service'),
        countOf(counts.references, 'reference'),
      ]
    : [];
  if (unreadable > 0) {
    parts.push(
      `last scan failed for ${countOf(unreadable, 'service')} (marked below)`,
    );
  }
  return parts.join(', ');
}

function OrganisationLine(props: {
  scan: ScanRun;
  counts?: OrganisationCounts;
  unreadable: number;
}) {
  const { scan, counts, unreadable } = props;
  const figures = describeCounts(counts, unreadable);
  if (scan.status === 'running') {
    return (
      <>
        Scanning the organisation, started{' '}
        <RelativeTime value={scan.startedAt} />: {repositoriesDone(scan)} of{' '}
        {countOf(scan.repositoriesTotal ?? 0, 'repository', 'repositories')}{' '}
        read.
        <RateLimitWait scan={scan} />
      </>
    );
  }
  return (
    <>
      Last organisation-wide scan{' '}
      {scan.status === 'succeeded' ? '' : `${scan.status} `}
      <RelativeTime value={scan.finishedAt ?? scan.startedAt} />
      {figures && `: ${figures}`}
    </>
  );
}

/** The latest run covered one service: the organisation's figures, and that run beside them. */
function OneServiceLine(props: {
  scan: ScanRun & { entityRef: string };
  counts?: OrganisationCounts;
  unreadable: number;
}) {
  const { scan, counts, unreadable } = props;
  const figures = describeCounts(counts, unreadable);
  return (
    <>
      {figures && `Organisation: ${figures}. `}
      <Box component="span" sx={{ color: 'text.secondary' }}>
        {scan.status === 'running' ? 'Now scanning ' : 'Latest run: a scan of '}
        <EntityRefLink entityRef={scan.entityRef} defaultKind="component" />
        {scan.status === 'running' ? (
          <>
            …<RateLimitWait scan={scan} />
          </>
        ) : (
          <>
            {' '}
            only, <RelativeTime value={scan.finishedAt ?? scan.startedAt} />
          </>
        )}
      </Box>
    </>
  );
}

/**
 * The organisation's status line: when the last organisation-wide scan ran and what the report
 * holds, its progress while one runs, and "Scan now" for those who may start one. A run that
 * covered one service is named as such and its failure is left to that service's rows. Calls
 * `onScanFinished` when a run it saw running has ended.
 */
export function ScanStatusBar(props: {
  scan: ScanRun | null;
  counts?: OrganisationCounts;
  /** How many services' last scan failed; their rows say so. */
  unreadable?: number;
  onScanFinished: () => void;
}) {
  const { counts, unreadable = 0, onScanFinished } = props;
  const api = useApi(platformApiRef);
  const { allowed } = usePermission({
    permission: platformScanCreatePermission,
  });
  const [scan, setScan] = useState<ScanRun | null>(props.scan);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<Error>();
  const finished = useRef(onScanFinished);
  finished.current = onScanFinished;

  useEffect(() => setScan(props.scan), [props.scan]);

  useEffect(() => {
    if (scan?.status !== 'running') {
      return undefined;
    }
    const timer = setTimeout(async () => {
      try {
        const next = await api.getScan(scan.id);
        setScan(next);
        if (next.status !== 'running') {
          finished.current();
        }
      } catch (e) {
        setError(e as Error);
      }
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [api, scan]);

  const startScan = async () => {
    setStarting(true);
    setError(undefined);
    try {
      setScan(await api.startScan());
    } catch (e) {
      setError(e as Error);
    } finally {
      setStarting(false);
    }
  };

  const running = scan?.status === 'running';
  const organisationWide = !!scan && !scan.entityRef;
  const total = scan?.repositoriesTotal ?? 0;

  let line;
  if (!scan) {
    line = 'No scan has run yet.';
  } else if (scan.entityRef) {
    line = (
      <OneServiceLine
        scan={{ ...scan, entityRef: scan.entityRef }}
        counts={counts}
        unreadable={unreadable}
      />
    );
  } else {
    line = (
      <OrganisationLine scan={scan} counts={counts} unreadable={unreadable} />
    );
  }

  return (
    <Box component="section" aria-label="Scan status">
      <Stack direction="row" spacing={2} alignItems="center">
        <Typography variant="body2" role="status" sx={{ flexGrow: 1 }}>
          {line}
        </Typography>
        {allowed && (
          <Button
            variant="outlined"
            size="small"
            startIcon={<RefreshIcon />}
            onClick={startScan}
            disabled={starting || (running && organisationWide)}
            // As low as the line of text beside it.
            sx={{ whiteSpace: 'nowrap', flexShrink: 0, py: 0.25 }}
          >
            {running && organisationWide ? 'Scanning…' : 'Scan now'}
          </Button>
        )}
      </Stack>
      {running && organisationWide && (
        <LinearProgress
          sx={{ mt: 1 }}
          aria-label="Scan progress"
          variant={total ? 'determinate' : 'indeterminate'}
          value={total ? (100 * repositoriesDone(scan)) / total : undefined}
        />
      )}
      {organisationWide && scan.status === 'failed' && scan.error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          The last organisation-wide scan failed: {scan.error}
        </Alert>
      )}
      {error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {error.message}
        </Alert>
      )}
    </Box>
  );
}
