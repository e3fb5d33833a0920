import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import { platformApiRef } from '@platform-portal/plugin-platform';
// eslint-disable-next-line @backstage/no-undeclared-imports -- comes with @platform-portal/plugin-platform; the app's package.json is to list it
import { driftVerdicts } from '@platform-portal/plugin-platform-common';
import type { DriftPage } from '@platform-portal/plugin-platform-common';
// eslint-disable-next-line @backstage/no-undeclared-imports -- comes with @platform-portal/plugin-platform; the app's package.json is to list it
import useAsync from 'react-use/esm/useAsync';

/** The most rows the API answers in one page. */
export const TEAM_DRIFT_LIMIT = 500;

/** One platform module reference of one service, as the drift API answers it. */
export type TeamDriftRow = DriftPage['items'][number];

/** The platform module references of the services the signed-in user's teams own. */
export interface TeamDrift {
  /** The user and their groups, as the catalog's ownership refs. */
  owners: string[];
  /** Whether the rows are those of every team, not only the user's. */
  everyone: boolean;
  rows: TeamDriftRow[];
  /** Rows the API has in all; more than `rows` when they did not fit one page. */
  totalCount: number;
}

// Local paths and third-party actions are no platform modules: nothing for a team to act on.
const actionable = driftVerdicts.filter(v => v !== 'local' && v !== 'external');

/**
 * The references of the services the user's teams own; of every team's services with
 * `everyone`, which a platform team, whose modules every team uses, looks at too.
 */
export function useTeamDrift(options: { everyone?: boolean } = {}) {
  const everyone = options.everyone ?? false;
  const identityApi = useApi(identityApiRef);
  const platformApi = useApi(platformApiRef);
  return useAsync(async (): Promise<TeamDrift> => {
    const { ownershipEntityRefs: owners } =
      await identityApi.getBackstageIdentity();
    if (owners.length === 0 && !everyone) {
      return { owners, everyone, rows: [], totalCount: 0 };
    }
    const page = await platformApi.getDrift({
      owner: everyone ? undefined : owners,
      verdict: [...actionable],
      sort: 'entity',
      order: 'asc',
      limit: TEAM_DRIFT_LIMIT,
    });
    return {
      owners,
      everyone,
      rows: page.items,
      totalCount: page.totalCount,
    };
  }, [identityApi, platformApi, everyone]);
}
