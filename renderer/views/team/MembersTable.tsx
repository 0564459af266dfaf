// The team's members, their roles and devices. Owners and admins change roles, remove members and revoke
// a device (a lost or stolen laptop); everyone else sees the list, and the controls say why they are off.
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { visuallyHidden } from '@mui/utils';
import { useState } from 'react';
import { TEAM_ROLES, type TeamMembers, type TeamRole } from '../../../shared/contract.ts';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { notify } from '../../stores/snackbarStore.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { removeMember, revokeDevice, setRole } from './queries.ts';
import { can, roleLabel, whyNot } from './roles.ts';

type Member = TeamMembers['members'][number];
type Pending =
  { kind: 'remove'; member: Member } | { kind: 'revoke'; member: Member; device: Member['devices'][number] } | null;

export function MembersTable({ data }: { data: TeamMembers }) {
  const myRole = data.you.role;
  const manager = can(myRole, 'manageMembers');
  const [pending, setPending] = useState<Pending>(null);
  // removed members are listed apart (RemovedMembers), never managed
  const current = data.members.filter((m) => m.removedAt === null);
  // An admin does not manage owners (the hub refuses it); nobody changes their own row here.
  const managed = (m: Member) => manager && !m.you && (m.role !== 'owner' || myRole === 'owner');
  const why = (m: Member) =>
    !manager
      ? whyNot(myRole, 'manageMembers')
      : m.you
        ? 'This is you: another owner or admin changes your role.'
        : 'Only an owner can change an owner.';

  const changeRole = async (m: Member, role: TeamRole) => {
    try {
      await setRole({ memberId: m.memberId, role });
      notify(`${m.name} is now ${roleLabel(role).toLowerCase()}.`);
    } catch (err) {
      notify(errorMessage(err), 'error');
    }
  };

  return (
    <>
      <Table size="small" aria-label="Team members">
        <TableHead>
          <TableRow>
            <TableCell>Member</TableCell>
            <TableCell>Role</TableCell>
            <TableCell>Devices</TableCell>
            <TableCell>
              <Box component="span" sx={visuallyHidden}>
                Actions
              </Box>
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {current.map((m) => (
            <TableRow key={m.memberId} data-testid={`member-${m.name}`}>
              <TableCell>
                {m.name} {m.you && <Chip size="small" label="you" sx={{ ml: 0.5 }} />}
              </TableCell>
              <TableCell>
                {managed(m) ? (
                  <TextField
                    select
                    size="small"
                    value={m.role}
                    onChange={(e) => void changeRole(m, e.target.value as TeamRole)}
                    slotProps={{ htmlInput: { 'aria-label': `Role of ${m.name}` } }}
                  >
                    {TEAM_ROLES.filter((r) => r !== 'owner' || myRole === 'owner').map((r) => (
                      <MenuItem key={r} value={r}>
                        {roleLabel(r)}
                      </MenuItem>
                    ))}
                  </TextField>
                ) : (
                  <Tooltip title={why(m)}>
                    <span tabIndex={0} aria-label={`${roleLabel(m.role)}. ${why(m)}`}>
                      {roleLabel(m.role)}
                    </span>
                  </Tooltip>
                )}
              </TableCell>
              <TableCell>
                <Box component="ul" sx={{ m: 0, p: 0, listStyle: 'none', display: 'grid', gap: 0.5 }}>
                  {m.devices.map((d) => (
                    <Box
                      component="li"
                      key={d.deviceId}
                      sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}
                    >
                      <Typography
                        variant="body2"
                        component="span"
                        sx={{ textDecoration: d.revoked ? 'line-through' : undefined }}
                      >
                        {d.name}
                        {d.deviceId === data.you.deviceId ? ' (this computer)' : ''}
                      </Typography>
                      <Typography variant="caption" color="text.secondary" component="span">
                        {d.revoked ? 'revoked' : d.lastSeenAt ? `seen ${formatDateTime(d.lastSeenAt)}` : 'not seen yet'}
                      </Typography>
                      {managed(m) && !d.revoked && (
                        <Button
                          size="small"
                          color="error"
                          onClick={() => setPending({ kind: 'revoke', member: m, device: d })}
                          aria-label={`Revoke ${d.name}`}
                        >
                          Revoke
                        </Button>
                      )}
                    </Box>
                  ))}
                </Box>
              </TableCell>
              <TableCell align="right">
                {managed(m) && (
                  <Button
                    size="small"
                    color="error"
                    onClick={() => setPending({ kind: 'remove', member: m })}
                    aria-label={`Remove ${m.name}`}
                  >
                    Remove
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <ConfirmDialog
        open={pending?.kind === 'remove'}
        title={`Remove ${pending?.member.name ?? ''} from the team?`}
        confirmLabel="Remove"
        onClose={() => setPending(null)}
        onConfirm={async () => {
          if (pending?.kind !== 'remove') return;
          await removeMember({ memberId: pending.member.memberId });
          notify(`${pending.member.name} was removed from the team.`);
        }}
      >
        Their devices stop syncing at once. What they already hold stays on their computers; what they did stays in the
        team’s history under their name. They can come back only with a new invite.
      </ConfirmDialog>
      <ConfirmDialog
        open={pending?.kind === 'revoke'}
        title={pending?.kind === 'revoke' ? `Revoke ${pending.device.name}?` : 'Revoke the device?'}
        confirmLabel="Revoke"
        onClose={() => setPending(null)}
        onConfirm={async () => {
          if (pending?.kind !== 'revoke') return;
          await revokeDevice({ memberId: pending.member.memberId, deviceId: pending.device.deviceId });
          notify(`${pending.device.name} can no longer sync with the team.`);
        }}
      >
        For a lost or stolen computer: it can no longer send or receive the team’s changes. The copy of the CRM already
        on it stays there (the disk’s encryption protects it). {pending?.member.name} can join again from that computer
        with a new invite.
      </ConfirmDialog>
    </>
  );
}
