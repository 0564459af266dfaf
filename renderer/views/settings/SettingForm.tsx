// One setting, one field, one Save: the core validates, and its message shows under the field.
// Save never turns disabled (that would drop keyboard focus); a second press while saving is ignored.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import TextField from '@mui/material/TextField';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ChannelInput } from '../../../shared/contract.ts';
import type { Settings } from '../../../shared/domain.ts';
import { errorMessage, fieldErrors } from '../../lib/errors.ts';
import { notify } from '../../stores/snackbarStore.ts';
import { saveSettings } from './queries.ts';

interface Props {
  field: keyof Settings;
  label: string;
  /** The saved value: when it changes (a restore, another window) the draft follows it. */
  saved: string;
  helperText: string;
  type?: 'text' | 'number';
  autoComplete?: string;
  htmlInput?: Record<string, unknown>;
  toPatch(draft: string): ChannelInput<'settings.update'>;
  /** Checked before anything is sent: what is wrong with the draft, in words, or null (then the core checks it too). */
  check?(draft: string): string | null;
  savedMessage(s: Settings): string;
  /** Shown under the field while the draft would change something that matters (e.g. purge sooner). */
  warning?(draft: string): ReactNode;
  /**
   * Asked before saving: resolves to the patch to save (e.g. with the purge the user confirmed), or
   * null when the user cancelled (nothing is saved, the draft stays).
   */
  confirmSave?(patch: ChannelInput<'settings.update'>): Promise<ChannelInput<'settings.update'> | null>;
}

export function SettingForm({
  field,
  label,
  saved,
  helperText,
  type = 'text',
  autoComplete = 'off',
  htmlInput,
  toPatch,
  savedMessage,
  warning,
  confirmSave,
  check,
}: Props) {
  const [draft, setDraft] = useState(saved);
  const [base, setBase] = useState(saved);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  if (base !== saved) {
    setBase(saved);
    setDraft(saved);
  }
  const note = warning?.(draft);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const problem = check?.(draft) ?? null;
    if (problem) {
      // A half-typed or empty value is never sent: the field says what it needs.
      setError(null);
      setFieldError(problem);
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setFieldError(null);
    try {
      const patch = confirmSave ? await confirmSave(toPatch(draft)) : toPatch(draft);
      if (patch === null) {
        input.current?.focus(); // cancelled: back to the field, nothing saved
        return;
      }
      const s = await saveSettings(patch);
      notify(savedMessage(s));
    } catch (err) {
      const forField = fieldErrors(err)[field];
      if (forField) {
        setFieldError(forField);
        input.current?.focus(); // the message is the field's description: a screen reader reads it now
      } else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box component="form" noValidate onSubmit={(e) => void submit(e)} sx={{ maxWidth: 560 }}>
      <Box sx={{ display: 'flex', gap: 1.5, alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <TextField
          label={label}
          type={type}
          value={draft}
          onChange={(e) => {
            setDraft(e.target.value);
            setFieldError(null);
          }}
          error={fieldError !== null}
          helperText={fieldError ? `${fieldError.replace(/\.$/, '')}. ${helperText}` : helperText}
          autoComplete={autoComplete}
          inputRef={input}
          sx={{ flex: '1 1 260px' }}
          slotProps={{ htmlInput: { 'data-testid': `setting-${field}`, ...htmlInput } }}
        />
        <Button
          type="submit"
          variant="contained"
          aria-busy={busy || undefined}
          startIcon={busy ? <CircularProgress size={16} color="inherit" /> : undefined}
          sx={{ mt: 1 }}
        >
          Save
        </Button>
      </Box>
      {note && (
        <Alert severity="warning" role="status" sx={{ mt: 1.5 }}>
          {note}
        </Alert>
      )}
      {error && (
        <Alert severity="error" sx={{ mt: 1.5 }}>
          {error}
        </Alert>
      )}
    </Box>
  );
}
