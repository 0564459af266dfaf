// The confirmation before a bulk delete is restored (issue 16 item 8): how many contacts will come
// back and how many cannot, and why, counted by the core's restore rules (bulkActions.restorePreview).
// Confirm stays disabled while it counts, and when nothing can come back.
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { BusyNote } from '../../components/BusyNote.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { plural } from '../../lib/format.ts';
import { bulkRestorePreviewQuery } from './queries.ts';

interface Props {
  /** The bulk delete to restore; null when closed. */
  actionId: string | null;
  onConfirm(id: string): Promise<void>;
  onClose(): void;
}

export function BulkRestoreDialog({ actionId, onConfirm, onClose }: Props) {
  const titleId = useId();
  return (
    <Dialog open={actionId !== null} onClose={onClose} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      {actionId && <Body key={actionId} id={actionId} titleId={titleId} onConfirm={onConfirm} onClose={onClose} />}
    </Dialog>
  );
}

function Body({ id, titleId, onConfirm, onClose }: { id: string; titleId: string; onConfirm(id: string): Promise<void>; onClose(): void }) {
  const preview = useQuery(bulkRestorePreviewQuery(id));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const p = preview.data;
  const confirmRef = useRef<HTMLButtonElement>(null);
  // Once counted, Enter confirms: focus moves to the button that says what it will do.
  useEffect(() => {
    if (p && p.restore > 0) confirmRef.current?.focus();
  }, [p]);
  const cannot = p ? p.cannot.reduce((n, c) => n + c.count, 0) : 0;
  const title = !p ? 'Restore this bulk delete?' : p.restore === 0 ? 'Nothing to restore' : `Restore ${plural(p.restore, 'contact')}?`;

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm(id);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <>
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent>
        {preview.isPending && <BusyNote text="Counting what will come back…" />}
        {preview.error && <Alert severity="error">Kyrios could not count what this would restore: {errorMessage(preview.error)}</Alert>}
        {p && (
          <>
            <Typography gutterBottom>
              {p.restore > 0 ? (
                <>
                  This brings back <strong>{plural(p.restore, 'contact')}</strong> with everything this deletion removed from them.
                </>
              ) : (
                'None of the contacts this deleted can come back now.'
              )}
            </Typography>
            {cannot > 0 && (
              <>
                <Typography sx={{ mt: 1.5 }}>
                  <strong>{plural(cannot, 'contact')}</strong> cannot come back:
                </Typography>
                <List dense aria-label="Contacts that cannot be restored">
                  {p.cannot.map((c) => (
                    <ListItem key={`${c.code}-${c.reason}`} disableGutters>
                      <ListItemText primary={`${plural(c.count, 'contact')}: ${c.reason}`} />
                    </ListItem>
                  ))}
                </List>
              </>
            )}
            {p.alreadyBack > 0 && (
              <Typography color="text.secondary" sx={{ mt: 1 }}>
                {plural(p.alreadyBack, 'contact')} {p.alreadyBack === 1 ? 'is' : 'are'} back already.
              </Typography>
            )}
          </>
        )}
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
          ref={confirmRef}
          disabled={!p || p.restore === 0 || busy}
          onClick={() => void confirm()}
          startIcon={busy ? <CircularProgress size={16} color="inherit" /> : undefined}
        >
          {p && p.restore > 0 ? `Restore ${plural(p.restore, 'contact')}` : 'Restore'}
        </Button>
      </DialogActions>
    </>
  );
}
