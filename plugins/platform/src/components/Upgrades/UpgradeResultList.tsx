import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { UpgradeResult } from '../../api';
import { ChangeLink } from './ChangeLink';
import { UpgradeStateChip } from './UpgradeStateChip';
import { entityName, plural } from './upgradeText';

/** What opening the upgrade did, per service: a link to its change, or why nothing was pushed. */
export function UpgradeResultList({ result }: { result: UpgradeResult }) {
  const opened = result.results.filter(r => r.change && !r.refused).length;
  const refused = result.results.length - opened;
  return (
    <Stack spacing={2}>
      <Alert severity={refused ? 'warning' : 'success'} role="status">
        {plural(opened, 'change')} opened
        {refused ? `; nothing pushed to ${plural(refused, 'service')}` : ''}
        {result.campaign
          ? `. The campaign follows all ${result.campaign.total} on the module page.`
          : '.'}
      </Alert>
      <Box component="ul" sx={{ m: 0, pl: 0, listStyle: 'none' }}>
        {result.results.map(item => (
          <Box
            component="li"
            key={item.entityRef}
            sx={{ py: 1, borderBottom: 1, borderColor: 'divider' }}
          >
            <Stack direction="row" spacing={1} alignItems="center">
              <Typography variant="subtitle1" component="span">
                {entityName(item.entityRef)}
              </Typography>
              {item.change && <UpgradeStateChip state={item.change.state} />}
              {item.change && (item.change.url || !item.refused) && (
                <ChangeLink change={item.change} />
              )}
            </Stack>
            {item.refused && (
              <Typography variant="body2" color="text.secondary">
                Nothing pushed: {item.refused}
              </Typography>
            )}
          </Box>
        ))}
      </Box>
    </Stack>
  );
}
