import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Snackbar from '@mui/material/Snackbar';
import { useSnackbarStore } from '../stores/snackbarStore.ts';

export function SnackbarHost() {
  const current = useSnackbarStore((s) => s.current);
  const close = useSnackbarStore((s) => s.close);
  return (
    <Snackbar
      key={current?.key}
      open={current !== null}
      autoHideDuration={current?.duration ?? 5000}
      onClose={(_e, reason) => {
        if (reason !== 'clickaway') close(current?.key);
      }}
      anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
    >
      {current ? (
        <Alert
          severity={current.severity}
          variant="filled"
          onClose={() => close(current.key)}
          action={
            current.action ? (
              <>
                <Button
                  color="inherit"
                  size="small"
                  variant="outlined"
                  onClick={() => {
                    close(current.key);
                    current.action?.run();
                  }}
                >
                  {current.action.label}
                </Button>
              </>
            ) : undefined
          }
          sx={{ alignItems: 'center', minWidth: 360 }}
        >
          {current.message}
        </Alert>
      ) : undefined}
    </Snackbar>
  );
}
