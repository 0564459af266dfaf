// The details behind the app bar's sync state: the hub, who this is, what waits, when it last synced and
// what went wrong, with the way to Settings > Team.
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Popover from '@mui/material/Popover';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import type { TeamStatus } from '../../shared/contract.ts';
import { formatDateTime, plural } from '../lib/format.ts';
import { navigate } from '../lib/route.ts';
import { TEAM_SETTINGS_HASH } from '../views/team/teamRoute.ts';
import { roleLabel } from '../views/team/roles.ts';

const STATE_TEXT: Record<TeamStatus['state'], string> = {
  synced: 'Up to date with the hub.',
  syncing: 'Sending and receiving changes…',
  offline: 'The hub cannot be reached. Keep working: your changes are kept here and sent when it is back.',
  error: 'The last sync failed. Your changes are kept here.',
};

export function SyncStatusDetails({
  id,
  anchor,
  status,
  onClose,
}: {
  id: string;
  anchor: HTMLElement | null;
  status: TeamStatus;
  onClose: () => void;
}) {
  const titleId = useId();
  return (
    <Popover
      id={id}
      open={Boolean(anchor)}
      anchorEl={anchor}
      onClose={onClose}
      anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
      transformOrigin={{ vertical: 'top', horizontal: 'right' }}
      slotProps={{ paper: { role: 'dialog', 'aria-labelledby': titleId, sx: { p: 2, maxWidth: 380 } } }}
    >
      <Typography id={titleId} variant="subtitle1" component="h2" sx={{ fontWeight: 700 }}>
        Team sync
      </Typography>
      <Typography variant="body2" sx={{ mb: 1.5 }}>
        {STATE_TEXT[status.state]}
      </Typography>
      {status.error && (
        <Typography variant="body2" color="error" sx={{ mb: 1.5 }} data-testid="sync-error">
          {status.error}
        </Typography>
      )}
      <Box
        component="dl"
        sx={{ m: 0, display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: 2, rowGap: 0.5, fontSize: 14 }}
      >
        <dt>Hub</dt>
        <Box component="dd" sx={{ m: 0, wordBreak: 'break-all' }}>
          {status.hub.url}
        </Box>
        <dt>You</dt>
        <Box component="dd" sx={{ m: 0 }}>
          {status.hub.memberName} ({roleLabel(status.hub.role)})
        </Box>
        <dt>Waiting</dt>
        <Box component="dd" sx={{ m: 0 }}>
          {status.pendingChanges === 0 ? 'nothing' : `${plural(status.pendingChanges, 'change')} to send`}
        </Box>
        <dt>Last synced</dt>
        <Box component="dd" sx={{ m: 0 }}>
          {status.lastSyncedAt ? formatDateTime(status.lastSyncedAt) : 'not yet'}
        </Box>
        {status.progress && (
          <>
            <dt>Receiving</dt>
            <Box component="dd" sx={{ m: 0 }}>
              {status.progress.applied.toLocaleString()} of {status.progress.total.toLocaleString()} changes
            </Box>
          </>
        )}
      </Box>
      <Button
        size="small"
        sx={{ mt: 1.5 }}
        onClick={() => {
          onClose();
          navigate(TEAM_SETTINGS_HASH);
        }}
      >
        Team settings
      </Button>
    </Popover>
  );
}
