import { useApi } from '@backstage/frontend-plugin-api';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { platformApiRef } from '../../api';
import { ChangeColumn, ChangesTable } from './ChangesTable';
import { useReloadedAsync } from './useReloadedAsync';

/**
 * The upgrade changes the portal opened for one entity, newest first, with their state and a link
 * to each. Loads again when `reloadKey` changes (after a scan, or after the dialog opened one).
 */
export function EntityUpgradeChanges(props: {
  entityRef: string;
  reloadKey?: unknown;
}) {
  const { entityRef, reloadKey } = props;
  const platformApi = useApi(platformApiRef);
  const { value, placeholder } = useReloadedAsync(
    async () => {
      const changes = await platformApi.listUpgrades({ entityRef });
      return [...changes].sort((a, b) =>
        b.updatedAt.localeCompare(a.updatedAt),
      );
    },
    [platformApi, entityRef],
    reloadKey,
  );

  const columns: ChangeColumn[] = [
    'module',
    'release',
    'environment',
    'state',
    'change',
    'updated',
  ];
  let body = placeholder;
  if (!body && value?.length) {
    body = (
      <ChangesTable changes={value} label="Upgrade changes" columns={columns} />
    );
  } else if (!body) {
    body = (
      <Typography variant="body2" color="text.secondary">
        No upgrade was opened for this entity from the portal. Use Upgrade on a
        module that is behind to open one.
      </Typography>
    );
  }
  return (
    <Stack
      spacing={1}
      component="section"
      aria-labelledby="entity-upgrade-changes"
    >
      <Typography variant="h6" component="h3" id="entity-upgrade-changes">
        Upgrade changes
      </Typography>
      {body}
    </Stack>
  );
}
