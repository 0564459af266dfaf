// The ways out of a restore conflict (issue 16 item 4), under each contact the Restore dialog cannot
// bring back as it is: the live contact holding its email or phone, named and linked (open it), a
// restore without the clashing field (kept in a note on it), and a merge of its records into that
// contact. Each opens a preview with the counts from restore.conflict, and offers Undo afterwards.
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Link from '@mui/material/Link';
import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { RestoreConflict } from '../../../shared/domain.ts';
import { call } from '../../api/client.ts';
import { RelatedCountsList } from '../../components/RelatedCountsList.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { plural, totalRelated } from '../../lib/format.ts';
import { contactHref } from '../../lib/route.ts';
import { notify, useSnackbarStore } from '../../stores/snackbarStore.ts';

type Way = { kind: 'without' } | { kind: 'merge'; into: { id: string; name: string } };

const FIELD = { email: 'email', phone: 'phone number' } as const;
const fieldsText = (c: RestoreConflict) => c.withoutField.fields.map((f) => FIELD[f]).join(' and ');

async function undo(undoId: string) {
  try {
    const { undone } = await call('restore.undoWayOut', { undoId });
    notify(undone === 'merge' ? 'Merge undone: the records are back with the deleted contact.' : 'Undone: the contact is back in the Restore tab as it was.', 'info');
  } catch (err) {
    notify(errorMessage(err), 'error');
  }
}

export function ConflictWaysOut({ id, onDone }: { id: string; onDone(): void }) {
  const conflict = useQuery({ queryKey: ['restore', 'conflict', id], queryFn: () => call('restore.conflict', { id }), staleTime: 0 });
  const [way, setWay] = useState<Way | null>(null);
  const c = conflict.data;
  if (conflict.error) return <Typography variant="body2">{errorMessage(conflict.error)}</Typography>;
  if (!c) return <CircularProgress size={16} aria-label="Looking up who holds it" />;
  return (
    <Box data-testid="conflict-ways-out" sx={{ mt: 0.5 }}>
      {c.clashes.map((x) => (
        <Typography key={x.field} variant="body2">
          Its {FIELD[x.field]} is held by{' '}
          <Link href={contactHref(x.holder.id)} color="inherit" sx={{ fontWeight: 600 }}>
            {x.holder.name}
          </Link>
          .
        </Typography>
      ))}
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, mt: 0.75 }}>
        <Button size="small" variant="outlined" color="inherit" onClick={() => setWay({ kind: 'without' })}>
          Restore without its {fieldsText(c)}…
        </Button>
        {c.merge.map((m) => (
          <Button key={m.into.id} size="small" variant="outlined" color="inherit" onClick={() => setWay({ kind: 'merge', into: m.into })}>
            Merge its records into {m.into.name}…
          </Button>
        ))}
      </Box>
      <WayOutDialog conflict={c} way={way} onClose={() => setWay(null)} onDone={onDone} />
    </Box>
  );
}

function WayOutDialog({ conflict: c, way, onClose, onDone }: { conflict: RestoreConflict; way: Way | null; onClose(): void; onDone(): void }) {
  const titleId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const merge = way?.kind === 'merge' ? c.merge.find((m) => m.into.id === way.into.id) : undefined;
  const related = merge ? merge.related : c.withoutField.related;

  const confirm = async () => {
    if (!way) return;
    setBusy(true);
    setError(null);
    try {
      if (way.kind === 'without') {
        const r = await call('restore.withoutField', { id: c.id });
        useSnackbarStore.getState().show({
          message: `Restored ${c.name} without its ${fieldsText(c)}, kept in a note on it.`,
          action: { label: 'Undo', run: () => void undo(r.undoId) },
        });
      } else {
        const r = await call('restore.mergeInto', { id: c.id, into: way.into.id });
        useSnackbarStore.getState().show({
          message: `Merged ${plural(totalRelated(r.moved), 'record')} of ${c.name} into ${way.into.name}.`,
          action: { label: 'Undo', run: () => void undo(r.undoId) },
        });
      }
      setBusy(false);
      onClose();
      onDone();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <Dialog open={way !== null} onClose={busy ? undefined : onClose} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      <DialogTitle id={titleId}>
        {way?.kind === 'merge' ? `Merge the records of ${c.name} into ${way.into.name}?` : `Restore ${c.name} without its ${fieldsText(c)}?`}
      </DialogTitle>
      <DialogContent>
        {way?.kind === 'merge' ? (
          <Typography gutterBottom>
            Moves <strong>{plural(totalRelated(related), 'related record')}</strong> to {way.into.name}. {c.name} stays deleted, in the
            Restore tab. You can undo this afterwards.
          </Typography>
        ) : (
          <Typography gutterBottom>
            Brings back {c.name} with <strong>{plural(totalRelated(related), 'related record')}</strong>, without its {fieldsText(c)}. A note on{' '}
            {c.name} keeps what was removed. You can undo this afterwards.
          </Typography>
        )}
        {totalRelated(related) > 0 && <RelatedCountsList counts={related} label={way?.kind === 'merge' ? 'Records that will move' : 'Records that will come back'} />}
        {way?.kind === 'without' && (
          <Box component="figure" sx={{ m: 0, mt: 2 }}>
            <Typography component="figcaption" variant="body2" color="text.secondary">
              The note it will have:
            </Typography>
            <Box component="pre" sx={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit', bgcolor: 'action.hover', p: 1.5, borderRadius: 1, m: 0, mt: 0.5 }}>
              {c.withoutField.note}
            </Box>
          </Box>
        )}
        {error && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button variant="contained" onClick={() => void confirm()} disabled={busy} autoFocus startIcon={busy ? <CircularProgress size={16} color="inherit" /> : undefined}>
          {way?.kind === 'merge' ? `Merge into ${way.into.name}` : `Restore without ${fieldsText(c)}`}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
