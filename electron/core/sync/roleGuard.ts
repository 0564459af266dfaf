import type { ChannelName, ParsedInput } from '../../../shared/contract.ts';
import { can, whyNot, type Ability } from '../../../shared/teamRoles.ts';
import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatcher.ts';
import { AppError } from '../errors.ts';
import { readTeam } from './teamState.ts';
import { sendRetention } from './teamRetention.ts';

// In team mode, the member's own core refuses what their role may not do, before anything changes here
// (FORBIDDEN, in the words the app shows): the hub would refuse the push anyway, but only after the change
// was made locally, sent and rolled back. Solo databases are their owner's: nothing is checked.

/** The ability each channel needs, by what the call would change (a function when it depends on the input). */
const NEEDS: Partial<
  Record<ChannelName, Ability | ((input: never, ctx: CoreContext, memberName: string) => Ability | null)>
> = {
  'contacts.create': 'edit',
  'contacts.update': 'edit',
  'related.create': 'edit',
  'related.update': 'edit',
  'related.delete': 'edit',
  'contacts.delete': 'edit',
  'contacts.deleteOne': 'edit',
  'restore.contacts': 'edit',
  'restore.deletion': 'edit',
  'restore.purge': 'purge',
  'lifecycle.purgeExpired': 'purge',
  'bulkActions.cancel': 'edit',
  'import.start': 'edit',
  'sample.load': 'edit',
  'bulkActions.restore': (input: ParsedInput<'bulkActions.restore'>, ctx, memberName) => {
    const createdBy = ctx.db.prepare('SELECT created_by FROM bulk_actions WHERE id = ?').pluck().get(input.id) as
      string | undefined;
    return createdBy === undefined || createdBy === memberName ? 'edit' : 'restoreOthersBulk';
  },
  // The profile name and the phone region are this computer's own; the retention period is the team's.
  'settings.update': (input: ParsedInput<'settings.update'>) =>
    input.retentionDays !== undefined ? 'retention' : null,
};

/** The handlers, each refusing first what the member's role may not do. */
export function guardRoles(handlers: Handlers): Handlers {
  const guarded = { ...handlers } as Record<string, (input: unknown, ctx: CoreContext) => unknown>;
  for (const [channel, need] of Object.entries(NEEDS)) {
    const handler = guarded[channel]!;
    guarded[channel] = (input, ctx) => {
      const team = readTeam(ctx.db);
      if (team) {
        // What a member does is recorded under the name the team knows them by (the Restore tab's "Deleted
        // by", Bulk Actions, the audit log, and who may restore a bulk action): it follows the member.
        const rename =
          channel === 'settings.update' ? (input as ParsedInput<'settings.update'>).profileName : undefined;
        if (rename !== undefined && rename !== team.member_name) {
          throw new AppError(
            'CONFLICT',
            `In a team, what you do is recorded under the name you joined with (${team.member_name}). To use another name, leave the team and join it again with that name.`,
          );
        }
        const ability = typeof need === 'function' ? need(input as never, ctx, team.member_name) : need;
        if (ability && !can(team.role, ability)) throw new AppError('FORBIDDEN', whyNot(team.role, ability));
        // The retention period is the team's: the hub takes it first (sync/teamRetention.ts).
        const days =
          channel === 'settings.update' ? (input as ParsedInput<'settings.update'>).retentionDays : undefined;
        if (days !== undefined) return sendRetention(ctx, days).then(() => handler(input, ctx));
      }
      return handler(input, ctx);
    };
  }
  return guarded as Handlers;
}
