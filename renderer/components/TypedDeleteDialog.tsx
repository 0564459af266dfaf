// The typed confirmation behind every destructive action: the button stays disabled until the field
// holds DELETE (case-sensitive, spaces around it ignored), so "delete" or "DELET" never removes
// anything, and the hint under the field says why what is typed does not confirm (typedConfirm.ts).
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useId, useState, type ReactNode } from 'react';
import { errorMessage } from '../lib/errors.ts';
import { confirmHint, confirms } from './typedConfirm.ts';

export const CONFIRM_WORD = 'DELETE';

interface Props {
  open: boolean;
  title: string;
  /** What will be removed, and what happens next. */
  children: ReactNode;
  confirmLabel?: string;
  /** Performs the action; a thrown error is shown in the dialog, which stays open. */
  onConfirm(): Promise<void>;
  onClose(): void;
  /** While the summary is still loading the confirm button stays disabled. */
  ready?: boolean;
}

export function TypedDeleteDialog({ open, title, children, confirmLabel = 'Delete', onConfirm, onClose, ready = true }: Props) {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();
  const canConfirm = ready && !busy && confirms(typed, CONFIRM_WORD);
  const hint = confirmHint(typed, CONFIRM_WORD);

  const reset = () => {
    setTyped('');
    setError(null);
    setBusy(false);
  };

  const confirm = async () => {
    if (!canConfirm) return;
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      reset();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={busy ? undefined : onClose}
      aria-labelledby={titleId}
      maxWidth="sm"
      fullWidth
      slotProps={{ transition: { onExited: reset } }}
    >
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent>
        {children}
        <TextField
          autoFocus
          fullWidth
          margin="normal"
          label={`Type ${CONFIRM_WORD} to confirm`}
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
          slotProps={{ htmlInput: { spellCheck: false, 'data-testid': 'confirm-delete-input' } }}
        />
        {error && (
          <Alert severity="error" sx={{ mt: 1 }}>
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
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
          {confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
