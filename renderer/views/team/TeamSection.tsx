// Settings > Team: join a hub, or, in a team, the hub, this device, the members and their roles;
// owners and admins invite and manage; everyone can leave (the data stays here as a solo database).
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { TeamStatus } from '../../../shared/contract.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { syncSummary } from '../../components/SyncStatus.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { plural } from '../../lib/format.ts';
import { useHash } from '../../lib/route.ts';
import { notify } from '../../stores/snackbarStore.ts';
import { SettingsSection } from '../settings/SettingsSection.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { InviteForm } from './InviteForm.tsx';
import { JoinTeamForm } from './JoinTeamForm.tsx';
import { MembersTable } from './MembersTable.tsx';
import { RemovedMembers } from './RemovedMembers.tsx';
import { leaveTeam, membersQuery, useTeamStatus } from './queries.ts';
import { can, roleLabel, whyNot } from './roles.ts';
import { TEAM_SECTION_ID } from './teamRoute.ts';

export function TeamSection() {
  const { data: status, isPending, error, refetch } = useTeamStatus();
  const hash = useHash();
  useEffect(() => {
    if (hash.includes('section=team')) document.getElementById(TEAM_SECTION_ID)?.scrollIntoView({ block: 'start' });
  }, [hash]);

  return (
    <Box id={TEAM_SECTION_ID}>
      <SettingsSection
        title="Team"
        description={
          status
            ? 'This computer keeps the whole CRM and works offline; changes go through the team’s hub to everyone.'
            : 'Share this CRM with your team through a Kyrios Hub. Every member keeps the whole CRM on their computer and works offline; changes reach everyone when there is a connection.'
        }
      >
        {isPending ? (
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }} role="status">
            <CircularProgress size={18} /> Loading the team…
          </Box>
        ) : error ? (
          <ErrorAlert error={error} onRetry={() => void refetch()} />
        ) : status ? (
          <TeamDetails status={status} />
        ) : (
          <JoinTeamForm />
        )}
      </SettingsSection>
    </Box>
  );
}

function TeamDetails({ status }: { status: TeamStatus }) {
  const members = useQuery(membersQuery);
  const [leaving, setLeaving] = useState(false);
  const role = members.data?.you.role ?? status.hub.role;
  const manager = can(role, 'manageMembers');
  const thisDevice = members.data?.members
    .flatMap((m) => m.devices)
    .find((d) => d.deviceId === members.data?.you.deviceId);

  return (
    <Box sx={{ display: 'grid', gap: 3 }}>
      <Box
        component="dl"
        sx={{ m: 0, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 3, rowGap: 0.75 }}
      >
        <Typography component="dt" sx={{ fontWeight: 600 }}>
          Hub
        </Typography>
        <Typography component="dd" sx={{ m: 0, wordBreak: 'break-all' }}>
          {status.hub.url}
        </Typography>
        <Typography component="dt" sx={{ fontWeight: 600 }}>
          You
        </Typography>
        <Typography component="dd" sx={{ m: 0 }} data-testid="team-you">
          {status.hub.memberName} · {roleLabel(role)}
        </Typography>
        <Typography component="dt" sx={{ fontWeight: 600 }}>
          This computer
        </Typography>
        <Typography component="dd" sx={{ m: 0 }}>
          {thisDevice?.name ?? '…'}
        </Typography>
        <Typography component="dt" sx={{ fontWeight: 600 }}>
          Sync
        </Typography>
        <Typography component="dd" sx={{ m: 0 }}>
          {syncSummary(status).label}
          {status.error ? ` — ${status.error}` : ''}
        </Typography>
      </Box>
      <TeamActionNeeded status={status} />

      <Box component="section" aria-labelledby="team-members-heading">
        <Typography variant="h3" id="team-members-heading" sx={{ fontSize: '1.05rem', fontWeight: 700, mb: 1 }}>
          Members
        </Typography>
        {members.isPending ? (
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }} role="status">
            <CircularProgress size={18} /> Asking the hub for the members…
          </Box>
        ) : members.error ? (
          <Alert
            severity={(members.error as { code?: string }).code === 'UNAVAILABLE' ? 'warning' : 'error'}
            action={
              <Button color="inherit" size="small" onClick={() => void members.refetch()}>
                Try again
              </Button>
            }
          >
            {errorMessage(members.error)}
          </Alert>
        ) : (
          <>
            <MembersTable data={members.data} />
            <RemovedMembers data={members.data} />
          </>
        )}
      </Box>

      <Box component="section" aria-labelledby="team-invite-heading">
        <Typography variant="h3" id="team-invite-heading" sx={{ fontSize: '1.05rem', fontWeight: 700, mb: 1 }}>
          Invite someone
        </Typography>
        {manager ? (
          <InviteForm myRole={role} />
        ) : (
          <Typography color="text.secondary">{whyNot(role, 'manageMembers')}</Typography>
        )}
      </Box>

      <Box>
        <Button color="error" variant="outlined" onClick={() => setLeaving(true)}>
          Leave the team
        </Button>
      </Box>
      <ConfirmDialog
        open={leaving}
        title="Leave the team?"
        confirmLabel="Leave the team"
        onClose={() => setLeaving(false)}
        onConfirm={async () => {
          const r = await leaveTeam();
          notify(
            r.unsentChanges > 0
              ? `You left the team. ${plural(r.unsentChanges, 'change')} made here never reached it.`
              : 'You left the team. The CRM on this computer is yours alone now.',
          );
        }}
      >
        Everything on this computer stays here as your own CRM; it stops receiving the team’s changes, and yours stop
        reaching the team.
        {status.pendingChanges > 0 && (
          <strong>
            {' '}
            {plural(status.pendingChanges, 'change')} made here have not reached the hub yet and never will.
          </strong>
        )}{' '}
        To come back, you need a new invite.
      </ConfirmDialog>
    </Box>
  );
}

/** Syncing stopped for a reason retrying cannot fix: say what the person must do (TeamStatus.action). */
function TeamActionNeeded({ status }: { status: TeamStatus }) {
  if (status.state !== 'error' || !status.action) return null;
  const alert = (
    <Alert severity="error" data-testid="team-action-needed">
      {status.action === 'update_kyrios'
        ? 'Update Kyrios to keep syncing: the team’s hub no longer works with this version. Your changes stay on this computer and are sent once Kyrios is updated.'
        : 'This computer can no longer open its team credential (the system’s keychain was reset or the database was moved). Ask an owner or admin for a new invite and join again below; nothing on this computer is lost, and your old device stays listed until they revoke it.'}
    </Alert>
  );
  // Joining again in place keeps everything here (the core's team.join, docs/sync.md).
  return status.action === 'rejoin' ? (
    <Box sx={{ display: 'grid', gap: 2 }}>
      {alert}
      <JoinTeamForm />
    </Box>
  ) : (
    alert
  );
}
