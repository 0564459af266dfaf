// Server state of team mode: the sync state (team.status, kept fresh by its push event), the members
// (team.members, asked of the hub) and the administration calls. The role decides what the UI offers
// (roles.ts); the hub enforces it whatever the UI does.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ChannelInput, TeamMembers, TeamStatus } from '../../../shared/contract.ts';
import { api, call } from '../../api/client.ts';
import { queryClient } from '../../lib/queryClient.ts';

export const teamKeys = {
  all: ['team'] as const,
  status: ['team', 'status'] as const,
  members: ['team', 'members'] as const,
};

export const teamStatusQuery = queryOptions({
  queryKey: teamKeys.status,
  queryFn: () => call('team.status', {}),
  // The core pushes every change of the sync state (startTeamUpdates below).
  staleTime: Infinity,
});

/** The sync state, or null for a solo database (undefined while loading). */
export const useTeamStatus = () => useQuery(teamStatusQuery);

export const membersQuery = queryOptions({
  queryKey: teamKeys.members,
  queryFn: () => call('team.members', {}),
  retry: false,
});

/**
 * team.status events into the cache; the members list follows a change of this member's role. An event
 * is newer than any team.status call still under way (that call's answer was read before the event was
 * sent), so the call is cancelled first: landing after the event, its older state would stay on screen
 * until the next change (a join's refetch answered "Syncing…" after the event said "Synced").
 */
export function startTeamUpdates(): () => void {
  return api.on('team.status', (status) => {
    void queryClient.cancelQueries({ queryKey: teamKeys.status }).then(() => {
      const before = queryClient.getQueryData<TeamStatus | null>(teamKeys.status);
      queryClient.setQueryData(teamKeys.status, status as TeamStatus);
      if (before && before.hub.role !== status.hub.role)
        void queryClient.invalidateQueries({ queryKey: teamKeys.members });
    });
  });
}

const putMembers = (m: TeamMembers) => queryClient.setQueryData(teamKeys.members, m);

export async function joinTeam(input: ChannelInput<'team.join'>) {
  const result = await call('team.join', input);
  await queryClient.invalidateQueries({ queryKey: teamKeys.all });
  return result;
}

export async function leaveTeam() {
  const result = await call('team.leave', {});
  queryClient.setQueryData(teamKeys.status, null);
  queryClient.removeQueries({ queryKey: teamKeys.members });
  return result;
}

export const inviteMember = (input: ChannelInput<'team.invite'>) => call('team.invite', input);
export const setRole = async (input: ChannelInput<'team.setRole'>) => putMembers(await call('team.setRole', input));
export const removeMember = async (input: ChannelInput<'team.removeMember'>) =>
  putMembers(await call('team.removeMember', input));
export const revokeDevice = async (input: ChannelInput<'team.revokeDevice'>) =>
  putMembers(await call('team.revokeDevice', input));
