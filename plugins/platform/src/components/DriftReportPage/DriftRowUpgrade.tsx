import { useState } from 'react';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { parseEntityRef } from '@backstage/catalog-model';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  DriftRow,
  DriftVerdict,
  platformUpgradeCreatePermission,
  promotionLagWords,
} from '@platform-portal/plugin-platform-common';
import { UpgradeDialog } from '../Upgrades';

/** Verdicts of a release pinned behind the latest one: an upgrade moves them on. */
const BEHIND: readonly DriftVerdict[] = [
  'patch-behind',
  'minor-behind',
  'major-behind',
  'deprecated',
  'unsupported',
];

/** Whether the row pins a release of its module older than the latest one. */
export function isBehindLatest(row: DriftRow): boolean {
  return (
    !!row.module &&
    !!row.version &&
    !!row.latest &&
    row.version !== row.latest &&
    BEHIND.includes(row.verdict)
  );
}

function serviceName(entityRef: string): string {
  try {
    return parseEntityRef(entityRef).name;
  } catch {
    return entityRef;
  }
}

/**
 * "prod behind staging (2.1.1) since 2026-11-30": the earlier environment that pins a newer
 * release, and the day (UTC) of the first scan that saw the lag, when it was recorded.
 */
export function promotionLagText(row: DriftRow): string | undefined {
  const lag = row.promotionLag;
  return lag
    ? `${row.environment ?? 'this environment'} ${promotionLagWords(lag)}`
    : undefined;
}

/** The open upgrade change a row waits for, as a link to its pull request or branch. */
function OpenUpgradeLink({ row }: { row: DriftRow }) {
  const change = row.openUpgrade;
  if (!change) {
    return null;
  }
  const text = `Upgrade to ${change.version} open`;
  return change.url ? (
    <Link
      href={change.url}
      target="_blank"
      rel="noopener noreferrer"
      title={`Branch ${change.branch}`}
    >
      {text}
    </Link>
  ) : (
    <Typography
      variant="body2"
      component="span"
      title={`Branch ${change.branch}`}
    >
      {text} ({change.branch})
    </Typography>
  );
}

/**
 * "Upgrade" on a row behind the latest release, for users who may upgrade the service (the
 * backend checks again): opens the upgrade dialog for the row's service, module and environment.
 */
function UpgradeButton(props: { row: DriftRow; onCreated?: () => void }) {
  const { row, onCreated } = props;
  const [open, setOpen] = useState(false);
  const { allowed } = usePermission({
    permission: platformUpgradeCreatePermission,
    resourceRef: row.entityRef,
  });
  if (!allowed || !row.module) {
    return null;
  }
  const where = row.environment ? ` (${row.environment})` : '';
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        onClick={() => setOpen(true)}
        aria-label={`Upgrade ${row.module} in ${serviceName(
          row.entityRef,
        )}${where}`}
      >
        Upgrade
      </Button>
      {open && (
        <UpgradeDialog
          open
          onClose={() => setOpen(false)}
          module={row.module}
          version={row.latest}
          entityRefs={[row.entityRef]}
          environment={row.environment}
          onCreated={onCreated}
        />
      )}
    </>
  );
}

/** The row's upgrade: the change open for it, and the button that starts one. */
export function DriftRowUpgrade(props: {
  row: DriftRow;
  onCreated?: () => void;
}) {
  const { row, onCreated } = props;
  const behind = isBehindLatest(row);
  if (!row.openUpgrade && !behind) {
    return <>—</>;
  }
  return (
    <Stack
      direction="row"
      spacing={1}
      alignItems="center"
      useFlexGap
      flexWrap="wrap"
    >
      <OpenUpgradeLink row={row} />
      {behind && <UpgradeButton row={row} onCreated={onCreated} />}
    </Stack>
  );
}
