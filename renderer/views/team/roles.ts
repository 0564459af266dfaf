// What each role may do (the README's table; the hub enforces it, the app hides or disables what the
// role cannot do and says why). A solo database is its owner's: everything is allowed.
import type { TeamRole } from '../../../shared/contract.ts';
import { can, whyNot, type Ability } from '../../../shared/teamRoles.ts';
import { useTeamStatus } from './queries.ts';

export { can, whyNot, type Ability };

export const roleLabel = (role: string) =>
  ({ owner: 'Owner', admin: 'Admin', member: 'Member', viewer: 'Viewer' })[role as TeamRole] ?? role;

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
