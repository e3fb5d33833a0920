import { useEffect, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import RefreshIcon from '@mui/icons-material/Refresh';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  platformScanCreatePermission,
  ScanRun,
} from '@internal/plugin-platform-common';
import { platformApiRef } from '../../api';
import { RelativeTime } from '../RelativeTime';

const POLL_MS = 2000;

function describe(scan: ScanRun): string {
  const done =
    scan.repositoriesScanned +
    scan.repositoriesSkipped +
    scan.repositoriesFailed;
  const parts = [
    `${scan.repositoriesScanned} scanned`,
    `${scan.repositoriesSkipped} unchanged`,
    `${scan.repositoriesFailed} failed`,
  ];
  if (scan.status === 'running') {
    return `Scanning: ${done} of ${
      scan.repositoriesTotal ?? '?'
    } repositories (${parts.join(', ')})`;
  }
  return `${parts.join(', ')} of ${
    scan.repositoriesTotal ?? done
  } repositories`;
}

/**
 * The latest scan: when it ran, what it did, its progress while it runs, and "Scan now" for
 * those who may start one. Calls `onScanFinished` when a run it saw running has ended.
 */
export function ScanStatusBar(props: {
  scan: ScanRun | null;
  onScanFinished: () => void;
}) {
  const { onScanFinished } = props;
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
  const total = scan?.repositoriesTotal ?? 0;
  const done = scan
    ? scan.repositoriesScanned +
      scan.repositoriesSkipped +
      scan.repositoriesFailed
    : 0;

  return (
    <Box component="section" aria-label="Scan status" sx={{ mb: 2 }}>
      <Stack direction="row" spacing={2} alignItems="center">
        <Box sx={{ flexGrow: 1 }}>
          {scan ? (
            <Typography variant="body2" role="status">
              {running ? (
                <>
                  Scan started <RelativeTime value={scan.startedAt} />.{' '}
                </>
              ) : (
                <>
                  Last scan{scan.entityRef ? ` of ${scan.entityRef}` : ''}{' '}
                  {scan.status === 'failed' ? 'failed' : 'finished'}{' '}
                  <RelativeTime value={scan.finishedAt ?? scan.startedAt} />:{' '}
                </>
              )}
              {describe(scan)}
            </Typography>
          ) : (
            <Typography variant="body2" role="status">
              No scan has run yet.
            </Typography>
          )}
        </Box>
        {allowed && (
          <Button
            variant="outlined"
            size="small"
            startIcon={<RefreshIcon />}
            onClick={startScan}
            disabled={starting || running}
          >
            {running ? 'Scanning…' : 'Scan now'}
          </Button>
        )}
      </Stack>
      {running && (
        <LinearProgress
          sx={{ mt: 1 }}
          aria-label="Scan progress"
          variant={total ? 'determinate' : 'indeterminate'}
          value={total ? (100 * done) / total : undefined}
        />
      )}
      {scan?.status === 'failed' && scan.error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          The last scan failed: {scan.error}
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
