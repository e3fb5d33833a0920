import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { driftVerdicts } from '@platform-portal/plugin-platform-common';
import List from '@mui/material/List';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { platformApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { quietVerdicts, VerdictChip, VerdictCounts } from '../verdicts';
import { WrappingListItem } from '../layout/ChipList';
import { countOf } from '../layout/plural';
import { servicesWorstFirst, TeamService } from './groupServices';

/** How many services the card lists; the report has the rest. */
const SHOWN_SERVICES = 5;
/** The most rows read for the list of services; the counts come from the summary. */
const ROW_LIMIT = 500;

// Local paths and third-party actions are nothing a team acts on, as in the report's default.
const platformVerdicts = driftVerdicts.filter(v => !quietVerdicts.includes(v));

function ServiceList({ services }: { services: TeamService[] }) {
  return (
    <List dense disablePadding aria-label="Services, worst first">
      {services.map(service => (
        <WrappingListItem key={service.entityRef}>
          <Typography variant="body2" component="span">
            <EntityRefLink entityRef={service.entityRef} />
          </Typography>
          <VerdictChip verdict={service.worst} />
          <Typography variant="body2" component="span" color="text.secondary">
            {service.behind === 0
              ? `${countOf(service.references, 'reference')}, all up to date`
              : `${service.behind} of ${countOf(
                  service.references,
                  'reference',
                )} behind`}
          </Typography>
        </WrappingListItem>
      ))}
    </List>
  );
}

/**
 * A team's view of platform drift on its group page: the services it owns with their counts by
 * verdict, worst services first, and the drift report filtered to the team.
 */
export function EntityGroupDriftCard() {
  const { entity } = useEntity();
  const owner = stringifyEntityRef(entity);
  const rootRoute = useRouteRef(rootRouteRef);
  const platformApi = useApi(platformApiRef);
  const { value, loading, error } = useAsync(async () => {
    const filter = { owner: [owner], verdict: platformVerdicts };
    const [summary, page] = await Promise.all([
      platformApi.getSummary(filter),
      platformApi.getDrift({
        ...filter,
        sort: 'verdict',
        order: 'desc',
        limit: ROW_LIMIT,
      }),
    ]);
    return { summary, services: servicesWorstFirst(page.items) };
  }, [platformApi, owner]);

  const reportLink = `${rootRoute()}?${new URLSearchParams({ owner })}`;

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!value || value.summary.total === 0) {
    body = (
      <Typography variant="body2">
        No service owned by this team references a platform module, or none has
        been scanned yet. Services are scanned when their catalog entry names
        their repository.
      </Typography>
    );
  } else {
    const { summary, services } = value;
    const more = summary.services - Math.min(services.length, SHOWN_SERVICES);
    body = (
      <Stack spacing={2}>
        <Typography variant="body2">
          {`${countOf(summary.services, 'service')} of this team ${
            summary.services === 1 ? 'uses' : 'use'
          } platform modules: ${countOf(summary.total, 'reference')} in all.`}
        </Typography>
        <VerdictCounts counts={summary.byVerdict} />
        <ServiceList services={services.slice(0, SHOWN_SERVICES)} />
        {more > 0 && (
          <Typography variant="body2" color="text.secondary">
            and {countOf(more, 'more service')} in the drift report
          </Typography>
        )}
      </Stack>
    );
  }

  return (
    <InfoCard
      title="Platform drift of the team's services"
      deepLink={{ title: 'View in the drift report', link: reportLink }}
    >
      {body}
    </InfoCard>
  );
}
