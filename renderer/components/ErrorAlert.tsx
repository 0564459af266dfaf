import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import { canRetry, errorMessage } from '../lib/errors.ts';

/**
 * An error from the core (its message says what to do). Try again shows only where it can help: not
 * for an answer such as NOT_FOUND or VALIDATION, which a second call would repeat.
 */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <Alert
      severity="error"
      sx={{ my: 2 }}
      action={
        onRetry && canRetry(error) ? (
          <Button color="inherit" size="small" onClick={onRetry}>
            Try again
          </Button>
        ) : undefined
      }
    >
      {errorMessage(error)}
    </Alert>
  );
}
