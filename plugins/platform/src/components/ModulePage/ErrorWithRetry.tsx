import { ResponseErrorPanel } from '@backstage/core-components';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';

/** Why something could not be loaded, with the way to load it again. */
export function ErrorWithRetry(props: { error: Error; onRetry: () => void }) {
  return (
    <Stack spacing={2} alignItems="flex-start">
      <ResponseErrorPanel error={props.error} />
      <Button variant="outlined" onClick={props.onRetry}>
        Try again
      </Button>
    </Stack>
  );
}
