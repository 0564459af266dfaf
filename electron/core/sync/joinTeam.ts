import os from 'node:os';
import { AppError } from '../errors.ts';
import type { CoreContext } from '../context.ts';
import { inTx } from '../db/tx.ts';
import { InvitePayload } from '../../../shared/sync/protocol.ts';
import type { ParsedInput, TeamJoinResult } from '../../../shared/contract.ts';
import { updateSettings } from '../settings/settings.ts';
import { captureExistingRows, dropCapture, installCapture } from './captureTriggers.ts';
import { checkEndpoint, decodeInvite, hubJoin, HubCallError } from './hubClient.ts';
import { loadClock, inTeam } from './syncClock.ts';
import { pendingChanges } from './teamState.ts';
import { markRemoteActions } from './remoteActions.ts';
import { storeToken } from './credentialVault.ts';
import { formerDeviceFor, rememberDevice, resumeFormerDevice } from './formerDevice.ts';

/** A hub's refusal as the app's typed error, with the hub's own message (it says what to do). */
export function fromHubError(err: unknown): AppError {
  if (!(err instanceof HubCallError)) throw err;
  switch (err.code) {
    case 'UNAVAILABLE':
      return new AppError('UNAVAILABLE', err.message);
    case 'UNAUTHORIZED':
      return new AppError('UNAUTHORIZED', err.message);
    case 'FORBIDDEN':
      return new AppError('FORBIDDEN', err.message);
    case 'INVITE_USED':
    case 'INVITE_EXPIRED':
      return new AppError('CONFLICT', `${err.message} Ask the hub's owner or an admin for a new invite.`);
    case 'CLOCK_AHEAD':
      return new AppError('CONFLICT', `${err.message} Set this computer's clock right, then try again.`);
    case 'TOO_LARGE':
      return new AppError('TOO_LARGE', err.message);
    case 'NOT_FOUND':
      return new AppError('NOT_FOUND', err.message);
    case 'VALIDATION':
      return new AppError('VALIDATION', err.message);
    default:
      return new AppError('UNAVAILABLE', `The hub could not do it now (${err.message}). Try again later.`);
  }
}

/**
 * team.join: checks the invite, registers this device with the hub, and turns this database into a
 * replica in one transaction (the team's row, the capture triggers, every row it already holds in the
 * outbox: uploaded, never merged). Then syncs once: pushes the upload and pulls everything the hub
 * holds, with progress as team.status events. Contacts sharing an email or phone with another are
 * reported (and marked needs review). If the hub cannot be reached after registering, the join stands
 * and the sync goes on in the background.
 */
export async function joinTeam(ctx: CoreContext, input: ParsedInput<'team.join'>): Promise<TeamJoinResult> {
  const { db } = ctx;
  if (inTeam(db)) {
    throw new AppError(
      'CONFLICT',
      'This database already belongs to a team. Leave it (Settings → Team) before joining another.',
    );
  }
  const invite = InvitePayload.safeParse(decodeInvite(input.inviteCode));
  if (!invite.success) {
    throw new AppError(
      'VALIDATION',
      'Invalid input: inviteCode: this is not a Kyrios invite code (it starts with kyr1.); paste the whole code you were sent.',
    );
  }
  const hubUrl = input.hubUrl ?? invite.data.hubUrl;
  const endpoint = { url: hubUrl, fingerprint: invite.data.certFingerprint };
  try {
    checkEndpoint(endpoint);
  } catch (err) {
    throw fromHubError(err);
  }
  const joined = await hubJoin(endpoint, {
    workspaceId: invite.data.workspaceId,
    secret: invite.data.secret,
    memberName: input.memberName,
    deviceName: input.deviceName ?? (os.hostname().slice(0, 80) || 'this computer'),
    formerDevice: formerDeviceFor(ctx, invite.data.workspaceId),
  }).catch((err: unknown) => {
    throw fromHubError(err);
  });
  const uploaded = inTx(db, () => {
    db.prepare(
      `INSERT INTO sync_state (id, hub_url, cert_fingerprint, workspace_id, member_id, member_name, device_id, device_token, role, joined_at)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      hubUrl,
      invite.data.certFingerprint,
      joined.workspaceId,
      joined.memberId,
      input.memberName,
      joined.deviceId,
      storeToken(ctx, joined.deviceToken),
      joined.role,
      ctx.now(),
    );
    resumeFormerDevice(db, joined.workspaceId, joined.deviceId);
    loadClock(db);
    installCapture(db);
    captureExistingRows(db);
    // In team mode, what this member does is recorded under their name in the team.
    updateSettings(db, { profileName: input.memberName });
    return db.prepare('SELECT count(*) FROM contacts').pluck().get() as number;
  });
  if (ctx.team?.background) ctx.team.start();
  await ctx.team?.syncNow().catch(() => {});
  const duplicates = db
    .prepare('SELECT id, review_of AS clashesWith FROM contacts WHERE review_of IS NOT NULL ORDER BY id')
    .all() as {
    id: string;
    clashesWith: string;
  }[];
  return { workspaceId: joined.workspaceId, memberId: joined.memberId, role: joined.role, uploaded, duplicates };
}

/**
 * team.leave: the database becomes solo again: the capture triggers and the team's bookkeeping go,
 * the data stays. Bulk actions of other members stay as they were (never run here). Contacts marked
 * needs review keep the mark, so no two live contacts clash on the unique indexes.
 */
export async function leaveTeam(ctx: CoreContext): Promise<{ left: true; unsentChanges: number }> {
  const { db } = ctx;
  if (!inTeam(db)) throw new AppError('NOT_FOUND', 'This database belongs to no team: there is nothing to leave.');
  await ctx.team?.stop();
  const unsent = pendingChanges(db);
  inTx(db, () => {
    rememberDevice(db);
    dropCapture(db);
    markRemoteActions(db);
    for (const t of ['sync_outbox', 'sync_cells', 'sync_rows', 'sync_life', 'sync_pending', 'sync_blocked', 'sync_state'])
      db.prepare(`DELETE FROM ${t}`).run();
    loadClock(db);
  });
  return { left: true, unsentChanges: unsent };
}
