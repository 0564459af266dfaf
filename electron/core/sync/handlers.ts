import type { HandlerMap } from '../dispatcher.ts';
import { joinTeam, leaveTeam } from './joinTeam.ts';
import { devicesOf } from './devicesOf.ts';
import { listNeedsReview } from './needsReviewList.ts';
import { invite, listMembers, removeMember, revokeDevice, setRole } from './teamAdmin.ts';

export const teamHandlers: HandlerMap<
  | 'team.join'
  | 'team.status'
  | 'team.leave'
  | 'team.members'
  | 'team.invite'
  | 'team.setRole'
  | 'team.removeMember'
  | 'team.revokeDevice'
  | 'contacts.needsReview'
  | 'team.devicesOf'
> = {
  'team.join': (input, ctx) => joinTeam(ctx, input),
  'team.status': (_input, ctx) => ctx.team?.status() ?? null,
  'team.leave': (_input, ctx) => leaveTeam(ctx),
  'team.members': (_input, ctx) => listMembers(ctx),
  'team.invite': (input, ctx) => invite(ctx, input),
  'team.setRole': (input, ctx) => setRole(ctx, input),
  'team.removeMember': (input, ctx) => removeMember(ctx, input),
  'team.revokeDevice': (input, ctx) => revokeDevice(ctx, input),
  'contacts.needsReview': (_input, ctx) => listNeedsReview(ctx.db),
  'team.devicesOf': (input, ctx) => devicesOf(ctx.db, input.table, input.ids),
};
