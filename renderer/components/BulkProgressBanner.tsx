// Live progress of the bulk actions this window started, right where the user started them.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { useEffect } from 'react';
import { formatCount } from '../lib/format.ts';
import { jobText } from '../lib/jobToasts.ts';
import { navigate } from '../lib/route.ts';
import { isActive, useBulkActionsStore, type TrackedAction } from '../stores/bulkActionsStore.ts';

export function BulkProgressBanner() {
  const tracked = useBulkActionsStore((s) => s.tracked);
  return (
    <>
      {tracked.filter((a) => !a.quiet).map((a) => (
        <TrackedRow key={a.id} action={a} />
      ))}
    </>
  );
}

function TrackedRow({ action: a }: { action: TrackedAction }) {
  const active = isActive(a);
  const value = a.total > 0 ? Math.round((a.processed / a.total) * 100) : 0;

  // A finished action's banner goes away by itself after a few seconds.
  useEffect(() => {
    if (active) return;
    const t = setTimeout(() => useBulkActionsStore.getState().untrack(a.id), 8_000);
    return () => clearTimeout(t);
  }, [active, a.id]);

  const severity = a.status === 'failed' ? 'error' : a.status === 'cancelled' ? 'warning' : active ? 'info' : 'success';
  return (
    <Alert
      severity={severity}
      sx={{ mb: 2, '& .MuiAlert-message': { flexGrow: 1 } }}
      onClose={active ? undefined : () => useBulkActionsStore.getState().untrack(a.id)}
      action={
        active ? (
          <Button color="inherit" size="small" onClick={() => navigate('#/bulk')}>
            View in Bulk Actions
          </Button>
        ) : undefined
      }
    >
      <Typography role="status" variant="body2" sx={{ fontWeight: 600 }}>
        {/* The action's own numbers, worded as its snackbar words them. */}
        {jobText(a.type, a).text}
      </Typography>
      <Box sx={{ mt: 1 }}>
        <LinearProgress
          variant="determinate"
          value={a.status === 'complete' ? 100 : value}
          aria-label={`Bulk ${a.type} progress`}
          aria-valuetext={`${formatCount(a.processed)} of ${formatCount(a.total)} contacts`}
          color={severity === 'info' ? 'primary' : severity}
          sx={{ height: 6, borderRadius: 3 }}
        />
      </Box>
    </Alert>
  );
}
