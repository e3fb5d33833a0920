import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { platformApiRef } from '../../api';
import { RelativeTime } from '../RelativeTime';
import { ChangeLink } from './UpgradeCampaignsCard';
import { UpgradeStateChip } from './UpgradeStateChip';

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
  const { value, loading, error } = useAsync(
    async () => {
      const changes = await platformApi.listUpgrades({ entityRef });
      return [...changes].sort((a, b) =>
        b.updatedAt.localeCompare(a.updatedAt),
      );
    },
    // reloadKey is not read, only followed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [platformApi, entityRef, reloadKey],
  );

  let body;
  if (loading && !value) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!value?.length) {
    body = (
      <Typography variant="body2" color="text.secondary">
        No upgrade was opened for this entity from the portal. Use Upgrade on a
        module that is behind to open one.
      </Typography>
    );
  } else {
    body = (
      <TableContainer>
        <Table size="small" aria-label="Upgrade changes">
          <TableHead>
            <TableRow>
              <TableCell>Module</TableCell>
              <TableCell>Release</TableCell>
              <TableCell>Environment</TableCell>
              <TableCell>State</TableCell>
              <TableCell>Change</TableCell>
              <TableCell>Updated</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {value.map(change => (
              <TableRow key={change.id}>
                <TableCell>{change.module}</TableCell>
                <TableCell>{change.version}</TableCell>
                <TableCell>{change.environment ?? 'All'}</TableCell>
                <TableCell>
                  <UpgradeStateChip state={change.state} />
                </TableCell>
                <TableCell sx={{ wordBreak: 'break-all' }}>
                  <ChangeLink change={change} />
                </TableCell>
                <TableCell>
                  <RelativeTime value={change.updatedAt} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
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
