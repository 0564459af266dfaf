// Create or edit a contact. The core validates; its field errors land under the fields, and a
// duplicate email or phone links to the contact that already holds it.
import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Grid from '@mui/material/Grid';
import Link from '@mui/material/Link';
import TextField from '@mui/material/TextField';
import { useId, useState, type FormEvent } from 'react';
import type { Contact } from '../../../shared/domain.ts';
import { call } from '../../api/client.ts';
import { asApiError, errorMessage, fieldErrors } from '../../lib/errors.ts';
import { contactHref, navigate } from '../../lib/route.ts';
import { notify } from '../../stores/snackbarStore.ts';
import { useTags } from './queries.ts';

type Fields = { firstName: string; lastName: string; email: string; phone: string; company: string; source: string; tags: string[] };

const fromContact = (c?: Contact | null): Fields => ({
  firstName: c?.firstName ?? '',
  lastName: c?.lastName ?? '',
  email: c?.email ?? '',
  phone: c?.phone ?? '',
  company: c?.company ?? '',
  source: c?.source ?? '',
  tags: c?.tags ?? [],
});

interface Props {
  open: boolean;
  contact?: Contact | null;
  onClose(): void;
  onSaved(c: Contact): void;
}

export function ContactFormDialog(props: Props) {
  // Remounting on open gives a fresh form each time.
  return props.open ? <ContactForm {...props} /> : null;
}

/** The tags chosen plus any typed in the field without Enter (commas separate several). */
export function withDraftTags(tags: string[], draft: string): string[] {
  const typed = draft.split(',').map((t) => t.trim()).filter(Boolean);
  return [...new Set([...tags, ...typed])];
}

function ContactForm({ contact, onClose, onSaved }: Props) {
  const [fields, setFields] = useState<Fields>(() => fromContact(contact));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<{ message: string; existingId?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const tagOptions = useTags().map((t) => t.tag);
  // A tag typed but not yet turned into a chip (no Enter) is still a tag: it is saved with the others.
  const [tagDraft, setTagDraft] = useState('');
  const titleId = useId();
  const set = (k: keyof Fields) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setError(null);
    const body = {
      firstName: fields.firstName.trim(),
      lastName: fields.lastName.trim(),
      email: fields.email.trim() || null,
      phone: fields.phone.trim() || null,
      company: fields.company.trim() || null,
      source: fields.source.trim() || null,
      tags: withDraftTags(fields.tags, tagDraft),
    };
    try {
      const saved = contact ? await call('contacts.update', { id: contact.id, ...body }) : await call('contacts.create', body);
      notify(contact ? 'Contact saved.' : 'Contact created.');
      onSaved(saved);
    } catch (err) {
      const apiErr = asApiError(err);
      setErrors(fieldErrors(err));
      setError({ message: errorMessage(err), existingId: apiErr.existingContactId });
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <DialogTitle id={titleId}>{contact ? 'Edit contact' : 'New contact'}</DialogTitle>
        <DialogContent>
          {error && (
            <Alert severity="error" sx={{ mb: 2 }}>
              {error.message}
              {error.existingId && (
                <>
                  {' '}
                  <Link
                    component="button"
                    type="button"
                    onClick={() => {
                      onClose();
                      navigate(contactHref(error.existingId!));
                    }}
                  >
                    Open the existing contact
                  </Link>
                </>
              )}
            </Alert>
          )}
          <Grid container spacing={2} sx={{ pt: 1 }}>
            <Grid size={{ xs: 12, sm: 6 }}>
              <TextField autoFocus fullWidth label="First name" value={fields.firstName} onChange={set('firstName')} error={!!errors.firstName} helperText={errors.firstName} />
            </Grid>
            <Grid size={{ xs: 12, sm: 6 }}>
              <TextField fullWidth label="Last name" value={fields.lastName} onChange={set('lastName')} error={!!errors.lastName} helperText={errors.lastName} />
            </Grid>
            <Grid size={{ xs: 12, sm: 6 }}>
              <TextField fullWidth type="email" label="Email" value={fields.email} onChange={set('email')} error={!!errors.email} helperText={errors.email} />
            </Grid>
            <Grid size={{ xs: 12, sm: 6 }}>
              <TextField fullWidth type="tel" label="Phone" value={fields.phone} onChange={set('phone')} error={!!errors.phone} helperText={errors.phone} />
            </Grid>
            <Grid size={{ xs: 12, sm: 6 }}>
              <TextField fullWidth label="Company" value={fields.company} onChange={set('company')} error={!!errors.company} helperText={errors.company} />
            </Grid>
            <Grid size={{ xs: 12, sm: 6 }}>
              <TextField fullWidth label="Source" value={fields.source} onChange={set('source')} error={!!errors.source} helperText={errors.source} />
            </Grid>
            <Grid size={12}>
              <Autocomplete
                multiple
                freeSolo
                options={tagOptions}
                value={fields.tags}
                inputValue={tagDraft}
                onInputChange={(_e, v) => setTagDraft(v)}
                onChange={(_e, tags) => setFields((f) => ({ ...f, tags: [...new Set(tags.map((t) => t.trim()).filter(Boolean))] }))}
                renderValue={(value, getItemProps) =>
                  value.map((option, index) => {
                    const { key, ...itemProps } = getItemProps({ index });
                    return <Chip key={key} size="small" label={option} {...itemProps} />;
                  })
                }
                renderInput={(params) => (
                  <TextField {...params} label="Tags" helperText={errors.tags ?? 'Press Enter after each tag (one still typed is saved too).'} error={!!errors.tags} />
                )}
              />
            </Grid>
          </Grid>
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" disabled={busy}>
            {contact ? 'Save' : 'Create contact'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
