import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import { platformApiRef, UpgradeCampaign, UpgradeChange } from '../../api';
import { RelativeTime } from '../RelativeTime';
import { ChangesTable } from './ChangesTable';
import { useReloadedAsync } from './useReloadedAsync';

/** "1 of 5 merged, 4 open": the campaign's progress in words. */
export function progressText(campaign: UpgradeCampaign): string {
  const { counts, total } = campaign;
  const rest = (['open', 'failed', 'closed'] as const)
    .filter(state => counts[state] > 0)
    .map(state => `${counts[state]} ${state}`);
  return [`${counts.merged} of ${total} merged`, ...rest].join(', ');
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
        columns={['service', 'environment', 'state', 'change']}
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
  const { value, placeholder } = useReloadedAsync(
    () => loadCampaigns(platformApi, module),
    [platformApi, module],
    reloadKey,
  );
  return (
    <InfoCard title="Upgrade campaigns">
      {placeholder ?? <Campaigns module={module} {...value} />}
    </InfoCard>
  );
}

function Campaigns(props: {
  module: string;
  campaigns?: Array<{ campaign: UpgradeCampaign; changes: UpgradeChange[] }>;
  single?: UpgradeChange[];
}) {
  const { module, campaigns = [], single = [] } = props;
  if (campaigns.length === 0 && single.length === 0) {
    return (
      <Typography variant="body1">
        No upgrade of {module} was started from the portal yet. Upgrade the
        services behind to start a campaign and follow it here.
      </Typography>
    );
  }
  return (
    <Stack spacing={4}>
      {campaigns.map(({ campaign, changes }) => (
        <Campaign key={campaign.id} campaign={campaign} changes={changes} />
      ))}
      {single.length > 0 && (
        <Box component="section" aria-label="Changes opened one at a time">
          <Typography variant="h6" component="h3" gutterBottom>
            Changes opened one at a time
          </Typography>
          <ChangesTable
            changes={single}
            label="Changes opened one at a time"
            columns={['service', 'release', 'environment', 'state', 'change']}
          />
        </Box>
      )}
    </Stack>
  );
}
