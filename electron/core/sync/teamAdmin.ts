import type { z } from 'zod';
import { AppError } from '../errors.ts';
import type { CoreContext } from '../context.ts';
import type { ParsedInput, TeamMembers } from '../../../shared/contract.ts';
import { CreateInviteResponse, HUB_PATHS, MembersResponse } from '../../../shared/sync/protocol.ts';
import { CREDENTIAL_UNREADABLE, readToken } from './credentialVault.ts';
import { hubCall, type HubEndpoint } from './hubClient.ts';
import { fromHubError } from './joinTeam.ts';
import { readTeam, type TeamRow } from './teamState.ts';

// Team administration from a member's machine (issue 15): the member's core calls the hub with this
// device's credential; the hub decides who may do what (owners and admins manage members and invites)
// and this side only turns its answers into the app's typed errors. Nothing here changes local data
// except the member's own role, which follows what the hub says.

function teamOf(ctx: CoreContext): { team: TeamRow; endpoint: HubEndpoint } {
  const team = readTeam(ctx.db);
  if (!team) throw new AppError('NOT_FOUND', 'This database belongs to no team: join a hub first (Settings → Team).');
  if (ctx.team?.networkCut)
    throw new AppError(
      'UNAVAILABLE',
      'The hub cannot be reached now. Your work here goes on; try this again when you are online.',
    );
  const token = readToken(ctx, team.device_token);
  // a credential this machine cannot open any more: say what to do rather than send none
  if (token === '') throw new AppError('UNAUTHORIZED', CREDENTIAL_UNREADABLE);
  return { team, endpoint: { url: team.hub_url, fingerprint: team.cert_fingerprint, token } };
}

/** Says a refusal the way a person acts on it: who may do it, and what to do instead. */
function explain(err: unknown, what: string): AppError {
  const e = fromHubError(err);
  if (e.code === 'FORBIDDEN') return new AppError('FORBIDDEN', `You cannot ${what}: ${e.message}`);
  if (e.code === 'UNAUTHORIZED')
    return new AppError('UNAUTHORIZED', `${e.message} (This device was revoked or removed from the team.)`);
  if (e.code === 'UNAVAILABLE')
    return new AppError('UNAVAILABLE', `You cannot ${what} while the hub is out of reach. ${e.message}`);
  return e;
}

async function ask<S extends z.ZodType>(
  ctx: CoreContext,
  what: string,
  schema: S,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<{ team: TeamRow; answer: z.output<S> }> {
  const { team, endpoint } = teamOf(ctx);
  try {
    return { team, answer: await hubCall(endpoint, schema, method, path, body) };
  } catch (err) {
    throw explain(err, what);
  }
}

/** The members list as the app shows it, marking this member and this device; keeps the local role in step. */
function present(ctx: CoreContext, team: TeamRow, members: z.output<typeof MembersResponse>['members']): TeamMembers {
  const me = members.find((m) => m.memberId === team.member_id);
  if (me && me.role !== team.role) {
    ctx.db.prepare('UPDATE sync_state SET role = ? WHERE id = 1').run(me.role);
    const status = ctx.team?.status();
    if (status) ctx.events.emit('team.status', status);
  }
  return {
    hub: { url: team.hub_url, workspaceId: team.workspace_id },
    you: { memberId: team.member_id, deviceId: team.device_id, name: team.member_name, role: me?.role ?? team.role },
    members: members.map((m) => ({ ...m, removedAt: m.removedAt ?? null, you: m.memberId === team.member_id })),
  };
}

const memberPath = (memberId: string) => `${HUB_PATHS.members}/${encodeURIComponent(memberId)}`;

export async function listMembers(ctx: CoreContext): Promise<TeamMembers> {
  const { team, answer } = await ask(ctx, 'see the members', MembersResponse, 'GET', HUB_PATHS.members);
  return present(ctx, team, answer.members);
}

export async function invite(ctx: CoreContext, input: ParsedInput<'team.invite'>) {
  const { answer } = await ask(ctx, 'invite people', CreateInviteResponse, 'POST', HUB_PATHS.invites, {
    role: input.role,
    ...(input.expiresInHours ? { expiresInHours: input.expiresInHours } : {}),
  });
  return answer;
}

export async function setRole(ctx: CoreContext, input: ParsedInput<'team.setRole'>): Promise<TeamMembers> {
  const { team, answer } = await ask(
    ctx,
    "change a member's role",
    MembersResponse,
    'PATCH',
    memberPath(input.memberId),
    {
      role: input.role,
    },
  );
  return present(ctx, team, answer.members);
}

export async function removeMember(ctx: CoreContext, input: ParsedInput<'team.removeMember'>): Promise<TeamMembers> {
  const { team } = teamOf(ctx);
  if (input.memberId === team.member_id)
    throw new AppError(
      'VALIDATION',
      'To leave the team yourself, use "Leave the team"; another owner or admin can remove you.',
    );
  const { answer } = await ask(ctx, 'remove a member', MembersResponse, 'DELETE', memberPath(input.memberId));
  return present(ctx, team, answer.members);
}

export async function revokeDevice(ctx: CoreContext, input: ParsedInput<'team.revokeDevice'>): Promise<TeamMembers> {
  const path = `${memberPath(input.memberId)}/devices/${encodeURIComponent(input.deviceId)}`;
  const { team, answer } = await ask(ctx, 'revoke a device', MembersResponse, 'DELETE', path);
  return present(ctx, team, answer.members);
}
