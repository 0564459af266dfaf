// Joining a hub: paste the invite an owner or admin sent, give the name the team will see. Errors say
// what to do (a used or expired invite: ask for a new one; the hub out of reach: check the address).
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { errorMessage, fieldErrors } from '../../lib/errors.ts';
import { plural } from '../../lib/format.ts';
import { notify } from '../../stores/snackbarStore.ts';
import { useSetting } from '../settings/queries.ts';
import { joinTeam } from './queries.ts';

export function JoinTeamForm() {
  const profileName = useSetting('profileName');
  const [inviteCode, setInviteCode] = useState('');
  const [memberName, setMemberName] = useState<string | null>(null);
  const [deviceName, setDeviceName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const name = memberName ?? profileName;
  const fields = fieldErrors(error);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const device = deviceName.trim();
      const r = await joinTeam({
        inviteCode: inviteCode.trim(),
        memberName: name.trim(),
        ...(device ? { deviceName: device } : {}),
      });
      const dupes = r.duplicates.length
        ? ` ${plural(r.duplicates.length, 'contact')} share an email or phone with the team's: see Needs review.`
        : '';
      notify(
        `You joined the team as ${r.role}.${r.uploaded ? ` ${plural(r.uploaded, 'contact')} from this computer sent to the team.` : ''}${dupes}`,
      );
      setInviteCode('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box
      component="form"
      onSubmit={submit}
      noValidate
      aria-label="Join a team"
      sx={{ display: 'grid', gap: 2, maxWidth: 640 }}
    >
      <TextField
        label="Invite code"
        value={inviteCode}
        onChange={(e) => setInviteCode(e.target.value)}
        multiline
        minRows={2}
        required
        error={Boolean(fields.inviteCode)}
        helperText={
          fields.inviteCode ?? 'Paste the whole code an owner or admin of the team sent you (it starts with kyr1.).'
        }
        slotProps={{ htmlInput: { spellCheck: false, 'data-testid': 'invite-code' } }}
      />
      <TextField
        label="Your name"
        value={name}
        onChange={(e) => setMemberName(e.target.value)}
        required
        autoComplete="name"
        error={Boolean(fields.memberName)}
        helperText={fields.memberName ?? 'How the team sees you: “Deleted by …” in everyone’s Restore tab.'}
        slotProps={{ htmlInput: { maxLength: 80 } }}
      />
      <TextField
        label="This computer’s name (optional)"
        value={deviceName}
        onChange={(e) => setDeviceName(e.target.value)}
        error={Boolean(fields.deviceName)}
        helperText={
          fields.deviceName ??
          'E.g. “Ana’s laptop”: the team sees it beside what you do, and an admin can revoke it if it is lost.'
        }
        slotProps={{ htmlInput: { maxLength: 80 } }}
      />
      {error != null && Object.keys(fields).length === 0 && <Alert severity="error">{errorMessage(error)}</Alert>}
      <Box>
        <Button type="submit" variant="contained" disabled={busy || inviteCode.trim() === '' || name.trim() === ''}>
          {busy ? 'Joining…' : 'Join the team'}
        </Button>
      </Box>
    </Box>
  );
}
