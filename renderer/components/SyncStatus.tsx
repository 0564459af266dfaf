// The sync state at a glance in the app bar (team mode only): synced / n changes waiting / offline since … /
// error with the reason. A click opens the details. Nothing here ever blocks work: offline, every change
// is kept and sent when the hub is back.
import CloudDoneOutlinedIcon from '@mui/icons-material/CloudDoneOutlined';
import CloudOffOutlinedIcon from '@mui/icons-material/CloudOffOutlined';
import CloudSyncOutlinedIcon from '@mui/icons-material/CloudSyncOutlined';
import CloudUploadOutlinedIcon from '@mui/icons-material/CloudUploadOutlined';
import ErrorOutlineIcon from '@mui/icons-material/ReportProblemOutlined';
import Button from '@mui/material/Button';
import { useId, useState } from 'react';
import type { TeamStatus } from '../../shared/contract.ts';
import { formatDateTime, plural } from '../lib/format.ts';
import { useTeamStatus } from '../views/team/queries.ts';
import { SyncStatusDetails } from './SyncStatusDetails.tsx';

/** The one line the app bar shows for a sync state. */
export function syncSummary(s: TeamStatus): { label: string; tone: 'success' | 'info' | 'warning' | 'error' } {
  const waiting = s.pendingChanges > 0 ? plural(s.pendingChanges, 'change') + ' waiting' : '';
  switch (s.state) {
    case 'offline':
      return {
        label: `Offline${s.lastSyncedAt ? ` since ${formatDateTime(s.lastSyncedAt)}` : ''}${waiting ? ` · ${waiting}` : ''}`,
        tone: 'warning',
      };
    case 'error':
      return { label: `Sync error${waiting ? ` · ${waiting}` : ''}`, tone: 'error' };
    case 'syncing':
      return {
        label:
          s.progress && s.progress.total > 0
            ? `Syncing… ${Math.min(100, Math.round((100 * s.progress.applied) / s.progress.total))}%`
            : 'Syncing…',
        tone: 'info',
      };
    default:
      return waiting ? { label: waiting, tone: 'info' } : { label: 'Synced', tone: 'success' };
  }
}

const ICONS = {
  offline: CloudOffOutlinedIcon,
  error: ErrorOutlineIcon,
  syncing: CloudSyncOutlinedIcon,
  synced: CloudDoneOutlinedIcon,
} as const;

export function SyncStatus() {
  const { data: status } = useTeamStatus();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const detailsId = useId();
  if (!status) return null; // solo: nothing to sync
  const { label, tone } = syncSummary(status);
  const Icon = status.state === 'synced' && status.pendingChanges > 0 ? CloudUploadOutlinedIcon : ICONS[status.state];
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        color={tone}
        startIcon={<Icon />}
        onClick={(e) => setAnchor(e.currentTarget)}
        aria-haspopup="dialog"
        aria-expanded={anchor ? true : undefined}
        aria-controls={anchor ? detailsId : undefined}
        aria-label={`Sync: ${label}. Show details`}
        data-testid="sync-status"
        data-state={status.state}
        sx={{ textTransform: 'none', whiteSpace: 'nowrap' }}
      >
        {label}
      </Button>
      <SyncStatusDetails id={detailsId} anchor={anchor} status={status} onClose={() => setAnchor(null)} />
    </>
  );
}
