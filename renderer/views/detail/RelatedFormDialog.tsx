import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useId, useState, type FormEvent } from 'react';
import type { ChannelInput } from '../../../shared/contract.ts';
import type { RelatedKind } from '../../../shared/domain.ts';
import { call } from '../../api/client.ts';
import { errorMessage, fieldErrors } from '../../lib/errors.ts';
import { notify } from '../../stores/snackbarStore.ts';
import { initialValues, KIND_TITLES, RELATED_FIELDS, toInput, type FormValues } from './relatedFields.ts';

export interface RelatedFormTarget {
  kind: RelatedKind;
  contactId: string;
  /** Editing this record; absent when creating. */
  record?: { id: string } & Record<string, unknown>;
  /** For a new message: its conversation. */
  conversationId?: string;
}

export function RelatedFormDialog({ target, onClose }: { target: RelatedFormTarget | null; onClose(): void }) {
  return target ? <RelatedForm key={`${target.kind}-${target.record?.id ?? 'new'}`} target={target} onClose={onClose} /> : null;
}

function RelatedForm({ target, onClose }: { target: RelatedFormTarget; onClose(): void }) {
  const { kind, record } = target;
  const [values, setValues] = useState<FormValues>(() => initialValues(kind, record));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const title = `${record ? 'Edit' : 'Add'} ${KIND_TITLES[kind]}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setErrors({});
    try {
      const fields = toInput(kind, values, !record);
      if (record) {
        await call('related.update', { kind, id: record.id, ...fields } as ChannelInput<'related.update'>);
      } else {
        const extra = kind === 'message' ? { conversationId: target.conversationId } : {};
        await call('related.create', { kind, contactId: target.contactId, ...extra, ...fields } as ChannelInput<'related.create'>);
      }
      notify(`${KIND_TITLES[kind].charAt(0).toUpperCase()}${KIND_TITLES[kind].slice(1)} saved.`);
      onClose();
    } catch (err) {
      setErrors(fieldErrors(err));
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <DialogTitle id={titleId}>{title}</DialogTitle>
        <DialogContent>
          {error && (
            <Alert severity="error" sx={{ mb: 2 }}>
              {error}
            </Alert>
          )}
          <Stack spacing={2} sx={{ pt: 1 }}>
            {RELATED_FIELDS[kind].map((f, i) => {
              const value = values[f.name];
              const set = (v: string | boolean) => setValues((prev) => ({ ...prev, [f.name]: v }));
              if (f.type === 'checkbox') {
                return <FormControlLabel key={f.name} control={<Checkbox checked={Boolean(value)} onChange={(e) => set(e.target.checked)} />} label={f.label} />;
              }
              return (
                <TextField
                  key={f.name}
                  autoFocus={i === 0}
                  select={f.type === 'select'}
                  multiline={f.type === 'multiline'}
                  minRows={f.type === 'multiline' ? 3 : undefined}
                  type={f.type === 'number' ? 'number' : f.type === 'datetime' ? 'datetime-local' : 'text'}
                  label={f.label}
                  required={f.required}
                  value={String(value ?? '')}
                  onChange={(e) => set(e.target.value)}
                  error={Boolean(errors[f.name])}
                  helperText={errors[f.name]}
                  slotProps={f.type === 'datetime' ? { inputLabel: { shrink: true } } : f.type === 'number' ? { htmlInput: { min: 0, step: 'any' } } : undefined}
                >
                  {f.type === 'select' && !f.required && <MenuItem value="">Default</MenuItem>}
                  {f.options?.map((o) => (
                    <MenuItem key={o.value} value={o.value}>
                      {o.label}
                    </MenuItem>
                  ))}
                </TextField>
              );
            })}
          </Stack>
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" disabled={busy}>
            {record ? 'Save' : 'Add'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
