import { Link } from '@backstage/core-components';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { UpgradeChange } from '../../api';

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
