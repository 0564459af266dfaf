// Owners and admins invite: choose the role, make a single-use code, copy it and send it to the person.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import type { TeamRole } from '../../../shared/contract.ts';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { notify } from '../../stores/snackbarStore.ts';
import { inviteMember } from './queries.ts';
import { roleLabel } from './roles.ts';

export function InviteForm({ myRole }: { myRole: string }) {
  const [role, setRole] = useState<TeamRole>('member');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [invite, setInvite] = useState<{ code: string; role: string; expiresAt: number } | null>(null);
  // Only an owner can invite another owner (the hub says so too).
  const roles: TeamRole[] = myRole === 'owner' ? ['owner', 'admin', 'member', 'viewer'] : ['admin', 'member', 'viewer'];

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      setInvite(await inviteMember({ role }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const copy = async () => {
    if (!invite) return;
    try {
      await navigator.clipboard.writeText(invite.code);
      notify('Invite code copied.');
    } catch {
      notify('Copy the code by selecting it: this window may not use the clipboard.', 'info');
    }
  };

  return (
    <Box sx={{ display: 'grid', gap: 2, maxWidth: 640 }}>
      <Box sx={{ display: 'flex', gap: 1.5, alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <TextField
          select
          label="Role of the new member"
          value={role}
          onChange={(e) => setRole(e.target.value as TeamRole)}
          size="small"
          sx={{ minWidth: 220 }}
          helperText="What they will be allowed to do."
        >
          {roles.map((r) => (
            <MenuItem key={r} value={r}>
              {roleLabel(r)}
            </MenuItem>
          ))}
        </TextField>
        <Button variant="contained" onClick={create} disabled={busy}>
          {busy ? 'Creating…' : 'Create invite'}
        </Button>
      </Box>
      {error != null && <Alert severity="error">{errorMessage(error)}</Alert>}
      {invite && (
        <Box sx={{ display: 'grid', gap: 1 }}>
          <TextField
            label={`Invite code (${roleLabel(invite.role)})`}
            value={invite.code}
            multiline
            slotProps={{ htmlInput: { readOnly: true, spellCheck: false, 'data-testid': 'new-invite-code' } }}
            helperText={`Works once, until ${formatDateTime(invite.expiresAt)}. Send it privately: whoever holds it can join.`}
          />
          <Box>
            <Button variant="outlined" onClick={copy}>
              Copy code
            </Button>
          </Box>
        </Box>
      )}
    </Box>
  );
}
