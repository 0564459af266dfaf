// "Restore from backup": what will happen, the typed RESTORE (exactly, case-sensitive), then the result
// naming the pre-restore backup that undoes it.
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useId, useState } from 'react';
import type { ChannelResult } from '../../../shared/contract.ts';
import type { BackupInfo } from '../../../shared/domain.ts';
import { BusyNote } from '../../components/BusyNote.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { notify } from '../../stores/snackbarStore.ts';
import { backupLabel } from './backupFormat.ts';
import { restoreBackup } from './queries.ts';

import { confirmHint, confirms } from '../../components/typedConfirm.ts';

export const RESTORE_WORD = 'RESTORE';

export function RestoreBackupDialog({ backup, onClose }: { backup: BackupInfo | null; onClose(): void }) {
  return backup ? <RestoreBackupBody key={backup.name} backup={backup} onClose={onClose} /> : null;
}

function RestoreBackupBody({ backup, onClose }: { backup: BackupInfo; onClose(): void }) {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ChannelResult<'backups.restore'> | null>(null);
  const titleId = useId();
  const descriptionId = useId();
  const canConfirm = !busy && confirms(typed, RESTORE_WORD);
  const hint = confirmHint(typed, RESTORE_WORD);
  const label = backupLabel(backup);
  const theBackup = `the ${label.charAt(0).toLowerCase()}${label.slice(1)}`;

  const confirm = async () => {
    if (!canConfirm) return;
    setBusy(true);
    setError(null);
    try {
      const r = await restoreBackup(backup.name);
      setResult(r);
      notify(`Restored from ${label}.`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} aria-labelledby={titleId} aria-describedby={descriptionId} maxWidth="sm" fullWidth>
      <DialogTitle id={titleId}>{result ? 'Restore finished' : 'Restore from this backup?'}</DialogTitle>
      <DialogContent>
        {result ? (
          <Alert severity="success" role="status" id={descriptionId}>
            <AlertTitle>Restored {theBackup}</AlertTitle>
            What you had just before is saved as the backup <strong>{result.preRestoreBackup}</strong>. Restore that one to undo this.
          </Alert>
        ) : (
          <>
            <DialogContentText id={descriptionId} component="div">
              <p style={{ marginTop: 0 }}>
                All your current data will be replaced by the data in <strong>{theBackup}</strong>: contacts
                and their records, deleted contacts waiting in the Restore tab, bulk actions and settings. What was added or changed since then
                will be gone.
              </p>
              <p style={{ marginBottom: 0 }}>
                First Kyrios checks the backup, then backs up the current database (a “Before a restore” backup), so you can undo this by
                restoring that one.
              </p>
            </DialogContentText>
            <TextField
              autoFocus
              fullWidth
              margin="normal"
              label={`Type ${RESTORE_WORD} to confirm`}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void confirm();
                }
              }}
              autoComplete="off"
              error={hint.wrong}
              helperText={hint.text}
              slotProps={{ htmlInput: { spellCheck: false, readOnly: busy, 'data-testid': 'confirm-restore-input' } }}
            />
            {busy && <BusyNote text="Checking the backup and backing up the current data, then restoring…" />}
            {error && (
              <Alert severity="error" sx={{ mt: 1 }}>
                {error}
              </Alert>
            )}
          </>
        )}
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        {result ? (
          <Button variant="contained" onClick={onClose} autoFocus>
            Done
          </Button>
        ) : (
          <>
            <Button onClick={onClose} disabled={busy}>
              Cancel
            </Button>
            <Button
              variant="contained"
              color="error"
              disabled={!canConfirm}
              onClick={() => void confirm()}
              startIcon={busy ? <CircularProgress size={16} color="inherit" /> : undefined}
            >
              {busy ? 'Restoring…' : 'Restore'}
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
