import { BreakableText } from '../layout/BreakableText';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  DriftRow,
  EntityDrift,
  platformEntityScanPermission,
  platformUpgradeCreatePermission,
  promotionLagWords,
  RepositoryStatus,
  ScanProblem,
} from '@platform-portal/plugin-platform-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { ReactNode, useCallback, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useMountedState from 'react-use/esm/useMountedState';
import { platformApiRef } from '../../api';
import { moduleRouteRef } from '../../routes';
import { CallDetails, CallStatusChip } from '../CallFindings';
import { RelativeTime } from '../RelativeTime';
import { EntityReleaseChannelsSection } from '../ReleaseChannels';
import { EntityRequiredModules } from '../RequiredModules';
import { EntityUpgradeChanges, UpgradeDialog } from '../Upgrades';
import { RepositoryLink } from './RepositoryLink';
import { quietVerdicts, VerdictChip, ReadableChip } from '../verdicts';
import { WrappingRow } from '../layout/WrappingRow';

const POLL_INTERVAL_MS = 1000;

// Short values that are unreadable broken over lines; the call's findings wrap instead.
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

/** Whether a row is a reference to a platform module (not `external` or `local`). */
export function isPlatformReference(row: DriftRow): boolean {
  return !quietVerdicts.includes(row.verdict);
}

/** Most severe first; then by module, environment and place in the repository. */
export function sortBySeverity(rows: DriftRow[]): DriftRow[] {
  return [...rows].sort(
    (a, b) =>
      b.severity - a.severity ||
      (a.module ?? a.name).localeCompare(b.module ?? b.name) ||
      (a.environment ?? '').localeCompare(b.environment ?? '') ||
      a.file.localeCompare(b.file) ||
      a.line - b.line,
  );
}

/** The first 7 characters of a commit SHA, as git shows them. */
export function shortSha(sha: string): string {
  return /^[0-9a-f]{40}$/i.test(sha) ? sha.slice(0, 7) : sha;
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/**
 * Starts a scan of one entity, follows it until it is no longer running and then calls `onDone`
 * (also when the scan failed: the repository status then says why).
 */
function useScanNow(entityRef: string, onDone: () => void) {
  const platformApi = useApi(platformApiRef);
  const isMounted = useMountedState();
  const [scanning, setScanning] = useState(false);
  const [error, setError] = useState<Error>();

  const start = useCallback(async () => {
    setScanning(true);
    setError(undefined);
    try {
      let current = await platformApi.startScan({ entityRef });
      if (!current) {
        // No repository to scan: only the release channels were read again.
        onDone();
        return;
      }
      while (current.status === 'running') {
        await sleep(POLL_INTERVAL_MS);
        if (!isMounted()) {
          return;
        }
        current = await platformApi.getScan(current.id);
      }
      if (!isMounted()) {
        return;
      }
      if (current.status === 'failed') {
        setError(new Error(current.error ?? 'The scan failed.'));
      } else if (current.status === 'interrupted') {
        // Another instance found the backend running it stopped; it scans the service again.
        setError(
          new Error(
            current.error ??
              'The backend running it stopped; the portal scans this service again',
          ),
        );
      }
      onDone();
    } catch (e) {
      if (isMounted()) {
        setError(e as Error);
      }
    } finally {
      if (isMounted()) {
        setScanning(false);
      }
    }
  }, [platformApi, entityRef, isMounted, onDone]);

  return { start, scanning, error };
}

function ScanNow(props: {
  scan: ReturnType<typeof useScanNow>;
  allowed: boolean;
}) {
  const { scan, allowed } = props;
  if (!allowed) {
    return null;
  }
  return (
    <Button
      variant="outlined"
      size="small"
      onClick={scan.start}
      disabled={scan.scanning}
    >
      {scan.scanning ? 'Scanning…' : 'Scan now'}
    </Button>
  );
}

function ScanProgress({ scan }: { scan: ReturnType<typeof useScanNow> }) {
  // The live region stays mounted so that screen readers announce the scan starting.
  return (
    <>
      <Box role="status" aria-live="polite">
        {scan.scanning && (
          <>
            <Typography variant="body2" gutterBottom>
              Scanning the repository…
            </Typography>
            <LinearProgress aria-label="Scan progress" />
          </>
        )}
      </Box>
      {!scan.scanning && scan.error && (
        <Alert severity="error">
          The scan did not complete: {scan.error.message}
        </Alert>
      )}
    </>
  );
}

function RepositoryStatusChip({
  status,
}: {
  status: RepositoryStatus['status'];
}) {
  switch (status) {
    case 'ok':
      return <ReadableChip size="small" color="success" label="OK" />;
    case 'failed':
      return <ReadableChip size="small" color="error" label="Failed" />;
    default:
      return <ReadableChip size="small" variant="outlined" label="Pending" />;
  }
}

function RepositoryLine({ repository }: { repository: RepositoryStatus }) {
  return (
    <Stack spacing={1}>
      <WrappingRow
        spacing={2}
        aria-label="Repository status"
        component="section"
      >
        <RepositoryLink url={repository.url} />
        <Typography variant="body2" color="text.secondary" component="span">
          {repository.scannedAt ? (
            <>
              Scanned <RelativeTime value={repository.scannedAt} />
            </>
          ) : (
            'Not scanned yet'
          )}
        </Typography>
        {repository.commit && (
          <Typography variant="body2" color="text.secondary" component="span">
            {repository.branch ? `${repository.branch} @ ` : 'Commit '}
            <Box
              component="code"
              title={repository.commit}
              sx={{ fontFamily: 'monospace' }}
            >
              {shortSha(repository.commit)}
            </Box>
          </Typography>
        )}
        <RepositoryStatusChip status={repository.status} />
      </WrappingRow>
      {repository.status === 'failed' && (
        <Alert severity="error">
          The last scan of this repository failed
          {repository.error
            ? `: ${repository.error.replace(/\.$/, '')}.`
            : '.'}{' '}
          The previous results are shown.
        </Alert>
      )}
    </Stack>
  );
}

function Pinned({ row }: { row: DriftRow }) {
  if (!row.ref && !row.version) {
    return <>Not pinned</>;
  }
  const ref = row.ref ? shortSha(row.ref) : undefined;
  return (
    <Stack>
      <Box component="code" title={row.ref} sx={{ fontFamily: 'monospace' }}>
        {ref ?? row.version}
      </Box>
      {ref && row.version && ref !== row.version && (
        <Typography variant="caption" color="text.secondary">
          {row.version}
        </Typography>
      )}
    </Stack>
  );
}

function Location(props: {
  file: string;
  line?: number;
  scmUrl?: string;
}): JSX.Element {
  const text = props.line ? `${props.file}:${props.line}` : props.file;
  const code = (
    <Box component="code" sx={{ fontFamily: 'monospace' }}>
      <BreakableText>{text}</BreakableText>
    </Box>
  );
  return props.scmUrl ? <Link to={props.scmUrl}>{code}</Link> : code;
}

function ReferencesTable(props: {
  rows: DriftRow[];
  onUpgrade?: (row: DriftRow) => void;
}) {
  const { rows, onUpgrade } = props;
  const moduleRoute = useRouteRef(moduleRouteRef);
  const upgradable = !!onUpgrade && rows.some(isBehind);

  const moduleCell = (row: DriftRow): ReactNode => {
    if (!row.module) {
      return row.name;
    }
    const query = row.platform
      ? `?${new URLSearchParams({ platform: row.platform })}`
      : '';
    return (
      <Link to={`${moduleRoute({ name: row.module })}${query}`}>
        {row.module}
      </Link>
    );
  };

  return (
    <TableContainer>
      <Table size="small" aria-label="Platform module references">
        <TableHead>
          <TableRow>
            <TableCell sx={NO_WRAP}>Module</TableCell>
            <TableCell sx={NO_WRAP}>Environment</TableCell>
            <TableCell sx={NO_WRAP}>Pinned</TableCell>
            <TableCell sx={NO_WRAP}>Latest</TableCell>
            <TableCell sx={NO_WRAP}>Verdict</TableCell>
            <TableCell>Call</TableCell>
            <TableCell>Where</TableCell>
            {upgradable && <TableCell>Action</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(row => (
            <TableRow key={row.id} data-testid={`reference-${row.id}`}>
              <TableCell sx={NO_WRAP}>{moduleCell(row)}</TableCell>
              <TableCell sx={{ minWidth: 110 }}>
                <Stack>
                  <Box component="span" sx={NO_WRAP}>
                    {row.environment ?? '—'}
                  </Box>
                  {/* The environment is named above: the lag says what it is behind, wrapping. */}
                  {row.promotionLag && (
                    <Typography variant="caption" color="text.secondary">
                      {promotionLagWords(row.promotionLag)}
                    </Typography>
                  )}
                </Stack>
              </TableCell>
              <TableCell sx={NO_WRAP}>
                <Pinned row={row} />
              </TableCell>
              <TableCell sx={NO_WRAP}>{row.latest ?? '—'}</TableCell>
              <TableCell sx={NO_WRAP}>
                <VerdictChip
                  verdict={row.verdict}
                  explanation={row.explanation}
                  releasesBehind={row.releasesBehind}
                />
              </TableCell>
              <TableCell sx={{ minWidth: 280 }}>
                <CallStatusChip row={row} tooltip={false} />
                <CallDetails row={row} />
              </TableCell>
              <TableCell>
                <Location file={row.file} line={row.line} scmUrl={row.scmUrl} />
              </TableCell>
              {upgradable && (
                <TableCell sx={NO_WRAP}>
                  {isBehind(row) && (
                    <Button
                      variant="outlined"
                      size="small"
                      onClick={() => onUpgrade?.(row)}
                      aria-label={`Upgrade ${row.module}${
                        row.environment ? ` in ${row.environment}` : ''
                      } to ${row.latest}`}
                    >
                      Upgrade
                    </Button>
                  )}
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

const behindVerdicts: DriftRow['verdict'][] = [
  'patch-behind',
  'minor-behind',
  'major-behind',
  'unsupported',
  'deprecated',
];

/** Whether a reference pins a release of its module older than the latest. */
export function isBehind(row: DriftRow): boolean {
  return (
    !!row.module &&
    !!row.latest &&
    !!row.version &&
    row.version !== row.latest &&
    behindVerdicts.includes(row.verdict)
  );
}

/** What an upgrade started from a row covers: its module, and its environment when it matters. */
export interface UpgradeTarget {
  module: string;
  version?: string;
  environment?: string;
}

/**
 * The upgrade a row opens: the row's environment only when the entity pins the module at
 * different releases in different environments (staging ahead of prod), so that each can move
 * on its own; otherwise every reference of the module at once.
 */
export function upgradeTargetOf(
  row: DriftRow,
  rows: DriftRow[],
): UpgradeTarget {
  const versions = new Set(
    rows
      .filter(other => other.module === row.module)
      .map(other => other.version),
  );
  return {
    module: row.module!,
    version: row.latest,
    environment: versions.size > 1 ? row.environment : undefined,
  };
}

function Problems({ problems }: { problems: ScanProblem[] }) {
  return (
    <InfoCard title="Problems found while scanning">
      <Stack component="ul" spacing={1} sx={{ m: 0, pl: 2 }}>
        {problems.map((problem, index) => (
          <Typography
            component="li"
            variant="body2"
            key={`${problem.file}:${problem.line ?? ''}:${index}`}
          >
            <Location file={problem.file} line={problem.line} />
            {' — '}
            {problem.message}
          </Typography>
        ))}
      </Stack>
    </InfoCard>
  );
}

function References(props: {
  drift: EntityDrift;
  repository: RepositoryStatus;
  onUpgrade?: (target: UpgradeTarget) => void;
}) {
  const { drift, repository, onUpgrade } = props;
  const [showAll, setShowAll] = useState(false);
  const sorted = sortBySeverity(drift.references);
  const platformRows = sorted.filter(isPlatformReference);
  const quietCount = sorted.length - platformRows.length;
  const rows = showAll ? sorted : platformRows;

  if (sorted.length === 0) {
    return (
      <EmptyState
        missing="data"
        title={`No platform modules referenced in ${repository.url}`}
        description="The scanner read this repository and found no reference to a module, workflow or chart of a platform."
      />
    );
  }
  return (
    <Stack spacing={1}>
      {quietCount > 0 && (
        <FormControlLabel
          control={
            <Switch
              checked={showAll}
              onChange={(_, checked) => setShowAll(checked)}
            />
          }
          label={`Show references that are not to platform modules (${quietCount})`}
        />
      )}
      {rows.length > 0 ? (
        <ReferencesTable
          rows={rows}
          onUpgrade={
            onUpgrade && (row => onUpgrade(upgradeTargetOf(row, sorted)))
          }
        />
      ) : (
        <Typography variant="body1">
          No platform modules referenced in {repository.url}; only{' '}
          {quietCount === 1
            ? 'one reference to something else'
            : `${quietCount} references to other things`}
          .
        </Typography>
      )}
    </Stack>
  );
}

/**
 * The "Platform" tab of an entity: the platform modules its repository references, how far
 * behind each is, and problems found while scanning.
 */
export function EntityPlatformContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const platformApi = useApi(platformApiRef);
  // Owners may scan their own entities; the catalog judges ownership for the permission backend.
  const { allowed } = usePermission({
    permission: platformEntityScanPermission,
    resourceRef: entityRef,
  });
  const { value, loading, error, retry } = useAsyncRetry(
    () => platformApi.getEntityDrift(entityRef),
    [platformApi, entityRef],
  );
  // A scan reads the entity's release channels too; the section loads them again after it.
  const [scansDone, setScansDone] = useState(0);
  const onScanDone = useCallback(() => {
    retry();
    setScansDone(count => count + 1);
  }, [retry]);
  const scan = useScanNow(entityRef, onScanDone);
  // Owners and the platform team may open upgrades; the backend checks again per entity.
  const { allowed: mayUpgrade } = usePermission({
    permission: platformUpgradeCreatePermission,
    resourceRef: entityRef,
  });
  const [upgrade, setUpgrade] = useState<UpgradeTarget>();
  const [upgradesOpened, setUpgradesOpened] = useState(0);

  let body: ReactNode;
  if (loading && !value) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!value?.repository) {
    body = (
      <EmptyState
        missing="field"
        title="This entity is not scanned for platform modules"
        description={
          <>
            The scanner finds a service's repository from its catalog entry. Add
            a <code>github.com/project-slug</code> annotation (for example{' '}
            <code>acme/payments-api</code>) or a{' '}
            <code>backstage.io/source-location</code> annotation of the form{' '}
            <code>url:https://…</code> to its <code>catalog-info.yaml</code>;
            the next scan will pick it up.
          </>
        }
        action={<ScanNow scan={scan} allowed={allowed} />}
      />
    );
  } else {
    body = (
      <Stack spacing={3}>
        <RepositoryLine repository={value.repository} />
        <EntityRequiredModules findings={value.requiredModules} />
        <References
          drift={value}
          repository={value.repository}
          onUpgrade={mayUpgrade ? setUpgrade : undefined}
        />
        {value.problems.length > 0 && <Problems problems={value.problems} />}
        <EntityUpgradeChanges
          entityRef={entityRef}
          reloadKey={`${scansDone}/${upgradesOpened}`}
        />
      </Stack>
    );
  }

  return (
    <Stack spacing={2}>
      <Stack direction="row" alignItems="center" spacing={2}>
        <Typography variant="h5" component="h2" sx={{ flexGrow: 1 }}>
          Platform modules
        </Typography>
        {value?.repository && <ScanNow scan={scan} allowed={allowed} />}
      </Stack>
      <ScanProgress scan={scan} />
      {body}
      <Box sx={{ pt: 2 }}>
        <EntityReleaseChannelsSection reloadKey={scansDone} />
      </Box>
      {upgrade && (
        <UpgradeDialog
          open
          onClose={() => setUpgrade(undefined)}
          module={upgrade.module}
          version={upgrade.version}
          environment={upgrade.environment}
          entityRefs={[entityRef]}
          onCreated={() => setUpgradesOpened(count => count + 1)}
        />
      )}
    </Stack>
  );
}
