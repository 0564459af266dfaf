import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { useId, useState } from 'react';
import type { RelatedKind } from '../../../shared/domain.ts';
import { call } from '../../api/client.ts';
import { errorMessage } from '../../lib/errors.ts';
import { notify } from '../../stores/snackbarStore.ts';
import { KIND_TITLES } from './relatedFields.ts';

export interface RecordToDelete {
  kind: RelatedKind;
  id: string;
  label: string;
}

/** Deleting one related record: a plain confirmation, and a warning that it stays deleted. */
export function ConfirmRecordDelete({ target, onClose }: { target: RecordToDelete | null; onClose(): void }) {
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  if (!target) return null;
  const what = KIND_TITLES[target.kind];
  const confirm = async () => {
    setBusy(true);
    try {
      await call('related.delete', { kind: target.kind, id: target.id });
      notify(`Deleted the ${what}.`);
      onClose();
    } catch (err) {
      notify(errorMessage(err), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={busy ? undefined : onClose} aria-labelledby={titleId} maxWidth="xs" fullWidth>
      <DialogTitle id={titleId}>Delete this {what}?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          “{target.label}” will be deleted{target.kind === 'conversation' ? ' with its messages' : ''}. Restoring the contact later does not
          bring it back.
        </DialogContentText>
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button color="error" variant="contained" onClick={() => void confirm()} disabled={busy}>
          Delete {what}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
