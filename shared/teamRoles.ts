// What each role in a team may do (issue 15; the README's table). The hub enforces it on every push; the
// member's core refuses the same things up front (electron/core/sync/roleGuard.ts) and the app hides or
// disables them (renderer/views/team/roles.ts), all with these words. A solo database is its owner's.

export type Ability = 'edit' | 'purge' | 'retention' | 'restoreOthersBulk' | 'manageMembers';

const MANAGERS: readonly string[] = ['owner', 'admin'];

export function can(role: string, ability: Ability): boolean {
  if (ability === 'edit') return role !== 'viewer';
  return MANAGERS.includes(role);
}

const WHAT: Record<Ability, string> = {
  edit: 'change contacts',
  purge: 'delete contacts permanently',
  retention: 'change the retention period',
  restoreOthersBulk: 'restore a bulk action made by someone else',
  manageMembers: 'invite people or manage members',
};

/** Why the role cannot do it, as the app and the core's FORBIDDEN say it. */
export function whyNot(role: string, ability: Ability): string {
  if (role === 'viewer') return 'You are a viewer in this team: viewers can look but not change anything.';
  return `Only the team's owners and admins can ${WHAT[ability]}; you are a ${role}.`;
}
