// Restore confirmation: what comes back (restore.preview), which contacts cannot (conflicts, purged),
// then restore.contacts. What happened is said once: when everything came back, the dialog closes
// and the snackbar says so (with "Open contact" for one contact); when some could not, the dialog
// lists them and why (its Done button has the focus, so Enter closes it), and no snackbar repeats it.
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import { BusyNote } from '../../components/BusyNote.tsx';
import { useEffect, useId, useRef, useState } from 'react';
import type { ChannelResult } from '../../../shared/contract.ts';
import { call } from '../../api/client.ts';
import { RelatedCountsList } from '../../components/RelatedCountsList.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { displayName, plural, totalRelated } from '../../lib/format.ts';
import { announceRestored } from '../../lib/lifecycleActions.ts';
import { contactHref, navigate } from '../../lib/route.ts';
import { ConflictWaysOut } from './ConflictWaysOut.tsx';

/** Conflicts shown with their ways out (issue 16 item 4); more are listed by name and reason. */
const MAX_WAYS_OUT = 10;

type Preview = ChannelResult<'restore.preview'>;
type Result = ChannelResult<'restore.contacts'>;

interface Props {
  ids: string[] | null;
  names: Record<string, string>;
  onClose(): void;
  /** After a restore: `done` when the dialog closed by itself (everything came back). */
  onRestored(done: boolean): void;
}

export function RestoreDialog(props: Props) {
  return props.ids ? <RestoreDialogBody key={props.ids.join(',')} {...props} ids={props.ids} /> : null;
}

function RestoreDialogBody({ ids, names, onClose, onRestored }: Props & { ids: string[] }) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const done = useRef<HTMLButtonElement>(null);
  // The result replaces the Confirm button that had the focus: focus its Done button, not the dialog.
  useEffect(() => {
    if (result) done.current?.focus();
  }, [result]);

  useEffect(() => {
    let live = true;
    call('restore.preview', { ids }).then(
      (p) => live && setPreview(p),
      (err: unknown) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [ids]);

  const nameOf = (id: string) => {
    const c = preview?.contacts.find((x) => x.id === id);
    return c ? displayName(c) : (names[id] ?? 'A contact');
  };
  const blocked = new Set([...(preview?.conflicts.map((c) => c.id) ?? []), ...(preview?.purged ?? [])]);
  const restorable = preview ? preview.contacts.filter((c) => !blocked.has(c.id)) : [];

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await call('restore.contacts', { ids });
      if (r.skipped.length === 0) {
        const only = r.restored.length === 1 ? r.restored[0]! : undefined;
        announceRestored(r, only ? nameOf(only) : undefined);
        onRestored(true);
        onClose();
        return;
      }
      setResult(r);
      onRestored(false);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      <DialogTitle id={titleId}>{result ? 'Restore finished' : `Restore ${ids.length === 1 ? nameOf(ids[0]!) : plural(ids.length, 'contact')}?`}</DialogTitle>
      <DialogContent>
        {error && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {error}
          </Alert>
        )}
        {result ? (
          <>
            <Alert severity={result.skipped.length ? 'warning' : 'success'} role="status">
              <AlertTitle>Restored {plural(result.restored.length, 'contact')}</AlertTitle>
              {result.skipped.length > 0 ? `Skipped ${plural(result.skipped.length, 'contact')}; they stay in the Restore tab.` : 'Everything they had is back.'}
              {result.restored.length === 1 && (
                <Box sx={{ mt: 1 }}>
                  <Button size="small" variant="outlined" color="inherit" onClick={() => { onClose(); navigate(contactHref(result.restored[0]!)); }}>
                    Open {nameOf(result.restored[0]!)}
                  </Button>
                </Box>
              )}
            </Alert>
            {result.skipped.length > 0 && (
              <ul aria-label="Skipped contacts">
                {result.skipped.map((s) => (
                  <li key={s.id}>
                    <strong>{nameOf(s.id)}</strong>: {s.reason}
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : !preview ? (
          !error && <BusyNote text="Checking what will come back…" />
        ) : (
          <>
            <Typography gutterBottom>
              {restorable.length > 0 ? (
                <>
                  <strong>{plural(restorable.length, 'contact')}</strong> will come back
                  {totalRelated(preview.related) > 0 ? ' with everything that was deleted with them:' : '.'}
                </>
              ) : (
                'None of the selected contacts can be restored right now.'
              )}
            </Typography>
            {restorable.length > 0 && totalRelated(preview.related) > 0 && <RelatedCountsList counts={preview.related} label="Related records that will come back" />}
            {restorable.length > 0 && restorable.length <= 8 && (
              <Typography variant="body2" color="text.secondary" sx={{ mt: 1.5 }}>
                {restorable.map((c) => displayName(c)).join(', ')}
              </Typography>
            )}
            {preview.conflicts.length > 0 && (
              <Alert severity="warning" sx={{ mt: 2 }}>
                <AlertTitle>{plural(preview.conflicts.length, 'contact')} will be skipped</AlertTitle>
                Another live contact now holds the same email or phone. Open it, restore without the clashing field, or merge the
                deleted contact's records into it; otherwise these stay in the Restore tab.
                <ul style={{ margin: '8px 0 0', paddingLeft: 20 }}>
                  {preview.conflicts.map((c, i) => (
                    <li key={c.id}>
                      <strong>{nameOf(c.id)}</strong>: {c.reason}
                      {/* The ways out, for the first few: each asks the core who holds the field. */}
                      {i < MAX_WAYS_OUT && (
                        <ConflictWaysOut
                          id={c.id}
                          onDone={() => {
                            onRestored(true);
                            onClose();
                          }}
                        />
                      )}
                    </li>
                  ))}
                </ul>
              </Alert>
            )}
            {preview.purged.length > 0 && (
              <Alert severity="error" sx={{ mt: 2 }}>
                {plural(preview.purged.length, 'contact')} {preview.purged.length === 1 ? 'was' : 'were'} already purged and cannot be restored.
              </Alert>
            )}
          </>
        )}
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        {result ? (
          <Button variant="contained" onClick={onClose} ref={done}>
            Done
          </Button>
        ) : (
          <>
            <Button onClick={onClose} disabled={busy}>
              Cancel
            </Button>
            <Button
              variant="contained"
              onClick={() => void confirm()}
              disabled={busy || !preview || restorable.length === 0}
              startIcon={busy ? <CircularProgress size={16} color="inherit" /> : undefined}
            >
              Confirm
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
