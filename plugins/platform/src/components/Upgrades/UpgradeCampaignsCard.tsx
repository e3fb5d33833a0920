import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { platformApiRef, UpgradeCampaign, UpgradeChange } from '../../api';
import { RelativeTime } from '../RelativeTime';
import { UpgradeStateChip } from './UpgradeStateChip';

/** "1 of 5 merged, 4 open": the campaign's progress in words. */
export function progressText(campaign: UpgradeCampaign): string {
  const { counts, total } = campaign;
  const rest = (['open', 'failed', 'closed'] as const)
    .filter(state => counts[state] > 0)
    .map(state => `${counts[state]} ${state}`);
  return [`${counts.merged} of ${total} merged`, ...rest].join(', ');
}

/**
 * Where a change is: a link to its pull request or compare page; its branch when the host has
 * no web page for it (the demo's local repositories); why it failed when it did.
 */
export function ChangeLink({ change }: { change: UpgradeChange }) {
  if (change.url) {
    return (
      <Link to={change.url}>
        {change.pullRequest
          ? `Pull request #${change.pullRequest}`
          : `Branch ${change.branch}`}
      </Link>
    );
  }
  if (change.state === 'failed' || change.error) {
    return (
      <Typography variant="body2" color="text.secondary" component="span">
        {change.error ?? 'Nothing was pushed.'}
      </Typography>
    );
  }
  return (
    <Typography variant="body2" component="span">
      Branch{' '}
      <Box component="code" sx={{ fontFamily: 'monospace' }}>
        {change.branch}
      </Box>
    </Typography>
  );
}

function ChangesTable(props: {
  changes: UpgradeChange[];
  label: string;
  showRelease?: boolean;
}) {
  const { changes, label, showRelease } = props;
  return (
    <Table size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          <TableCell>Service</TableCell>
          {showRelease && <TableCell>Release</TableCell>}
          <TableCell>Environment</TableCell>
          <TableCell>State</TableCell>
          <TableCell>Change</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {changes.map(change => (
          <TableRow key={change.id}>
            <TableCell>
              <EntityRefLink entityRef={change.entityRef} />
            </TableCell>
            {showRelease && <TableCell>{change.version}</TableCell>}
            <TableCell>{change.environment ?? 'All'}</TableCell>
            <TableCell>
              <UpgradeStateChip state={change.state} />
            </TableCell>
            <TableCell sx={{ wordBreak: 'break-all' }}>
              <ChangeLink change={change} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Campaign(props: {
  campaign: UpgradeCampaign;
  changes: UpgradeChange[];
}) {
  const { campaign, changes } = props;
  const headingId = useId();
  const target = `${campaign.module} ${campaign.version}${
    campaign.environment ? ` in ${campaign.environment}` : ''
  }`;
  const text = progressText(campaign);
  return (
    <Box
      component="section"
      aria-labelledby={headingId}
      data-testid={`upgrade-campaign-${campaign.id}`}
    >
      <Typography variant="h6" component="h3" id={headingId}>
        Upgrade to {target}
      </Typography>
      <Typography variant="body2" color="text.secondary" gutterBottom>
        Started by{' '}
        <EntityRefLink entityRef={campaign.createdBy} defaultKind="user" />{' '}
        <RelativeTime value={campaign.createdAt} />
      </Typography>
      <Stack direction="row" spacing={2} alignItems="center" mb={1}>
        <LinearProgress
          variant="determinate"
          value={
            campaign.total ? (100 * campaign.counts.merged) / campaign.total : 0
          }
          aria-label={`Changes merged of the upgrade to ${target}`}
          aria-valuetext={text}
          sx={{ flexGrow: 1, height: 8, borderRadius: 1 }}
        />
        <Typography variant="body2" sx={{ whiteSpace: 'nowrap' }}>
          {text}
        </Typography>
      </Stack>
      <ChangesTable
        changes={changes}
        label={`Changes of the upgrade to ${target}`}
      />
    </Box>
  );
}

/** The module's changes grouped by campaign, each campaign's progress read from the backend. */
async function loadCampaigns(
  api: {
    listUpgrades: (query: { module: string }) => Promise<UpgradeChange[]>;
    getUpgradeCampaign: (
      id: string,
    ) => Promise<{ campaign: UpgradeCampaign; changes: UpgradeChange[] }>;
  },
  module: string,
) {
  const changes = await api.listUpgrades({ module });
  const ids = [...new Set(changes.flatMap(change => change.campaignId ?? []))];
  const campaigns = await Promise.all(
    ids.map(id => api.getUpgradeCampaign(id)),
  );
  campaigns.sort((a, b) =>
    b.campaign.createdAt.localeCompare(a.campaign.createdAt),
  );
  return {
    campaigns,
    single: changes.filter(change => !change.campaignId),
  };
}

/**
 * The upgrade campaigns of a module, newest first: target, who started it and when, progress,
 * and each change; then the changes opened one at a time. Loads again when `reloadKey` changes.
 */
export function UpgradeCampaignsCard(props: {
  module: string;
  reloadKey?: unknown;
}) {
  const { module, reloadKey } = props;
  const platformApi = useApi(platformApiRef);
  // The campaigns shown stay while they load again, after an upgrade was opened.
  const { value, loading, error } = useAsync(
    () => loadCampaigns(platformApi, module),
    // reloadKey is not read, only followed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [platformApi, module, reloadKey],
  );

  let body;
  if (loading && !value) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (
    !value ||
    (value.campaigns.length === 0 && value.single.length === 0)
  ) {
    body = (
      <Typography variant="body1">
        No upgrade of {module} was started from the portal yet. Upgrade the
        services behind to start a campaign and follow it here.
      </Typography>
    );
  } else {
    body = (
      <Stack spacing={4}>
        {value.campaigns.map(({ campaign, changes }) => (
          <Campaign key={campaign.id} campaign={campaign} changes={changes} />
        ))}
        {value.single.length > 0 && (
          <Box component="section" aria-label="Changes opened one at a time">
            <Typography variant="h6" component="h3" gutterBottom>
              Changes opened one at a time
            </Typography>
            <ChangesTable
              changes={value.single}
              label="Changes opened one at a time"
              showRelease
            />
          </Box>
        )}
      </Stack>
    );
  }
  return <InfoCard title="Upgrade campaigns">{body}</InfoCard>;
}
