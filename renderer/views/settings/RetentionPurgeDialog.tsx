// Saving a shorter retention period purges, at once and for good, the deleted contacts it puts past
// the new period. This dialog says how many (settings.retentionPreview) and asks first. Cancel has the
// focus (the safe answer: Enter or Escape keep everything); the count is the dialog's description, so
// a screen reader reads it when the dialog opens.
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { useId } from 'react';
import { plural } from '../../lib/format.ts';

export interface RetentionPurgeQuestion {
  retentionDays: number;
  contacts: number;
  records: number;
}

export function RetentionPurgeDialog({
  question,
  onAnswer,
}: {
  question: RetentionPurgeQuestion | null;
  onAnswer(confirmed: boolean): void;
}) {
  const titleId = useId();
  const descriptionId = useId();
  if (!question) return null;
  const { retentionDays, contacts, records } = question;
  return (
    <Dialog open onClose={() => onAnswer(false)} aria-labelledby={titleId} aria-describedby={descriptionId} maxWidth="sm" fullWidth>
      <DialogTitle id={titleId}>Purge {plural(contacts, 'deleted contact')} for good?</DialogTitle>
      <DialogContent>
        <DialogContentText id={descriptionId} component="div">
          <p style={{ marginTop: 0 }}>
            Keeping deleted contacts for {plural(retentionDays, 'day')} removes <strong>{plural(contacts, 'deleted contact')}</strong>
            {records > 0 ? <> and {plural(records, 'deleted record')}</> : null} for good as soon as you save, with everything
            attached to them. They can no longer be restored.
          </p>
          <p style={{ marginBottom: 0 }}>To keep them, cancel and choose a longer period.</p>
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button autoFocus onClick={() => onAnswer(false)}>
          Cancel
        </Button>
        <Button color="error" variant="contained" onClick={() => onAnswer(true)}>
          Purge {plural(contacts, 'contact')} and save
        </Button>
      </DialogActions>
    </Dialog>
  );
}
