// What each role may do (the README's table; the hub enforces it, the app hides or disables what the
// role cannot do and says why). A solo database is its owner's: everything is allowed.
import type { TeamRole } from '../../../shared/contract.ts';
import { useTeamStatus } from './queries.ts';

export type Ability = 'edit' | 'purge' | 'retention' | 'restoreOthersBulk' | 'manageMembers';

const MANAGERS: readonly string[] = ['owner', 'admin'];

export function can(role: string, ability: Ability): boolean {
  if (ability === 'edit') return role !== 'viewer';
  return MANAGERS.includes(role);
}

/** Why the role cannot do it, as the tooltip or helper text says it. */
export function whyNot(role: string, ability: Ability): string {
  if (role === 'viewer') return 'You are a viewer in this team: viewers can look but not change anything.';
  const what: Record<Ability, string> = {
    edit: 'change contacts',
    purge: 'delete contacts permanently',
    retention: 'change the retention period',
    restoreOthersBulk: 'restore a bulk action made by someone else',
    manageMembers: 'invite people or manage members',
  };
  return `Only the team's owners and admins can ${what[ability]}; you are a ${role}.`;
}

export const roleLabel = (role: string) => ({ owner: 'Owner', admin: 'Admin', member: 'Member', viewer: 'Viewer' })[role as TeamRole] ?? role;

/**
 * The role of the person using this app: from team.status in team mode, 'owner' when solo (and while the
 * status is loading, so a solo user never sees controls flicker).
 */
export function useRole(): string {
  const { data } = useTeamStatus();
  return data?.hub.role ?? 'owner';
}

/** `{ allowed, reason }` for one ability of the current role. */
export function usePermission(ability: Ability): { allowed: boolean; reason: string } {
  const role = useRole();
  const allowed = can(role, ability);
  return { allowed, reason: allowed ? '' : whyNot(role, ability) };
}

/**
 * Why this user may not restore a bulk action made by `createdBy` ('' when they may): members restore
 * only their own; owners and admins anyone's; viewers none.
 */
export function useBulkRestoreBlock(createdBy: string): string {
  const { data } = useTeamStatus();
  if (!data) return '';
  const role = data.hub.role;
  if (!can(role, 'edit')) return whyNot(role, 'edit');
  if (createdBy === data.hub.memberName || can(role, 'restoreOthersBulk')) return '';
  return `${createdBy} made this bulk action: ${whyNot(role, 'restoreOthersBulk').replace(/^O/, 'o')}`;
}
