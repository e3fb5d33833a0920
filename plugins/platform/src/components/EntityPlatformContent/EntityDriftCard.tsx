import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity, useEntityRefLink } from '@backstage/plugin-catalog-react';
import {
  DriftRow,
  DriftVerdict,
} from '@platform-portal/plugin-platform-common';
import List from '@mui/material/List';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { platformApiRef } from '../../api';
import { VerdictChip, VerdictCounts, ReadableChip } from '../verdicts';
import {
  callStatusColor,
  CallStatusChip,
  countCallStatuses,
} from '../CallFindings';
import { RelativeTime } from '../RelativeTime';
import { ChipList, WrappingListItem } from '../layout/ChipList';
import { countOf } from '../layout/plural';
import { isPlatformReference, sortBySeverity } from './EntityPlatformContent';

/** How many calls are broken and how many face a breaking upgrade; nothing when none is. */
function CallCounts({ rows }: { rows: DriftRow[] }) {
  const counts = countCallStatuses(rows);
  const shown = [
    {
      status: 'broken' as const,
      label: countOf(counts.broken, 'broken call'),
    },
    {
      status: 'breaking-upgrade' as const,
      label: countOf(counts['breaking-upgrade'], 'breaking upgrade'),
    },
  ].filter(({ status }) => counts[status] > 0);
  if (shown.length === 0) {
    return null;
  }
  return (
    <ChipList label="Module calls">
      {shown.map(({ status, label }) => (
        <li key={status}>
          <ReadableChip
            size="small"
            variant="outlined"
            color={callStatusColor(status)}
            label={label}
            data-call-status={status}
          />
        </li>
      ))}
    </ChipList>
  );
}

/**
 * A compact summary of an entity's platform drift for its overview tab: references per verdict,
 * the three worst and when the repository was last scanned.
 */
export function EntityDriftCard(props: {
  /** The path of the entity's platform tab, relative to the entity page; `platform` by default. */
  contentPath?: string;
}) {
  const { contentPath = 'platform' } = props;
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const entityLink = useEntityRefLink();
  const platformApi = useApi(platformApiRef);
  const { value, loading, error } = useAsync(
    () => platformApi.getEntityDrift(entityRef),
    [platformApi, entityRef],
  );

  const deepLink = {
    title: 'View platform drift',
    link: `${entityLink(entity).replace(/\/$/, '')}/${contentPath}`,
  };

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!value?.repository) {
    body = (
      <Typography variant="body2">
        This entity's repository has not been scanned for platform modules. Its
        catalog entry needs a <code>github.com/project-slug</code> or a{' '}
        <code>url:</code> <code>backstage.io/source-location</code> annotation.
      </Typography>
    );
  } else {
    const rows = sortBySeverity(value.references.filter(isPlatformReference));
    const counts: Partial<Record<DriftVerdict, number>> = {};
    for (const row of rows) {
      counts[row.verdict] = (counts[row.verdict] ?? 0) + 1;
    }
    // A broken call matters even on the latest release, so it counts among the worst.
    const worst = rows
      .filter(row => row.severity > 0 || row.callStatus === 'broken')
      .slice(0, 3);
    body = (
      <Stack spacing={2}>
        {rows.length === 0 ? (
          <Typography variant="body2">
            No platform modules referenced in {value.repository.url}.
          </Typography>
        ) : (
          <VerdictCounts counts={counts} />
        )}
        <CallCounts rows={rows} />
        {worst.length > 0 && (
          <List dense disablePadding aria-label="Most drifted references">
            {worst.map(row => (
              <WrappingListItem key={row.id}>
                <Typography variant="body2" component="span">
                  <strong>{row.module ?? row.name}</strong>
                  {row.environment ? ` (${row.environment})` : ''}{' '}
                  {row.version ?? row.ref ?? 'unpinned'} → {row.latest ?? '?'}
                </Typography>
                <VerdictChip
                  verdict={row.verdict}
                  explanation={row.explanation}
                  releasesBehind={row.releasesBehind}
                />
                {row.callStatus && row.callStatus !== 'ok' && (
                  <CallStatusChip row={row} />
                )}
              </WrappingListItem>
            ))}
          </List>
        )}
        {rows.length > 0 && worst.length === 0 && (
          <Typography variant="body2">
            Every platform module is up to date.
          </Typography>
        )}
        <Typography variant="body2" color="text.secondary">
          {value.repository.scannedAt ? (
            <>
              Last scanned <RelativeTime value={value.repository.scannedAt} />
            </>
          ) : (
            'Not scanned yet'
          )}
          {value.repository.status === 'failed' &&
            ' · the last scan failed, previous results shown'}
        </Typography>
      </Stack>
    );
  }

  return (
    <InfoCard title="Platform drift" deepLink={deepLink}>
      {body}
    </InfoCard>
  );
}
