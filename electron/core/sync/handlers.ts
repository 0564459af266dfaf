import type { HandlerMap } from '../dispatcher.ts';
import { joinTeam, leaveTeam } from './joinTeam.ts';

export const teamHandlers: HandlerMap<'team.join' | 'team.status' | 'team.leave'> = {
  'team.join': (input, ctx) => joinTeam(ctx, input),
  'team.status': (_input, ctx) => ctx.team?.status() ?? null,
  'team.leave': (_input, ctx) => leaveTeam(ctx),
};
