import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import { ReactNode } from 'react';
import { apiErrorMessage } from './apiErrorMessage';

/** A card's error in place of its content: what failed, the server's reason, and a retry. */
export function RetryAlert(props: {
  title: ReactNode;
  error: Error;
  onRetry: () => void;
}) {
  return (
    <Alert
      severity="error"
      action={
        <Button color="inherit" size="small" onClick={props.onRetry}>
          Try again
        </Button>
      }
    >
      <AlertTitle>{props.title}</AlertTitle>
      {apiErrorMessage(props.error)}
    </Alert>
  );
}
