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
import { pendingChanges, readTeam } from './teamState.ts';
import { markRemoteActions } from './remoteActions.ts';
import { credentialReadable, storeToken } from './credentialVault.ts';
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
  // A member whose stored credential can no longer be opened joins again in place (rejoinInPlace).
  const lost = inTeam(db) ? readTeam(db) : null;
  if (lost && credentialReadable(ctx, lost.device_token)) {
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
  if (lost && invite.data.workspaceId !== lost.workspace_id) {
    throw new AppError(
      'CONFLICT',
      'This invite is for another team. This computer can no longer open its credential for its own team: ask an owner or admin of that team for a new invite, or leave it (Settings → Team) first.',
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
  if (lost) return rejoinInPlace(ctx, { ...joined, hubUrl, certFingerprint: invite.data.certFingerprint, memberName: input.memberName });
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
 * Joins again, in place, a team whose credential this machine can no longer open (the OS keychain was
 * reset; docs/sync.md, "A credential this machine cannot open"). The hub gave a new device (and, as it
 * cannot tell who holds this database, a new member with the invite's role); the old device stays listed
 * until an owner or admin revokes it. Nothing here is lost and nothing is uploaded again: the rows, the
 * pull cursor and the bookkeeping stay; the changes not yet sent take the new device's id, each at the
 * moment it was made (restampUnsent: the hub takes from a device only times of its own); a batch sent
 * without an answer is sent again under the new device (its values and lifecycle steps apply the same way
 * twice).
 */
async function rejoinInPlace(
  ctx: CoreContext,
  joined: { workspaceId: string; memberId: string; deviceId: string; deviceToken: string; role: TeamJoinResult['role']; hubUrl: string; certFingerprint: string | null; memberName: string },
): Promise<TeamJoinResult> {
  const { db } = ctx;
  await ctx.team?.stop();
  inTx(db, () => {
    db.prepare(
      `UPDATE sync_state SET hub_url = ?, cert_fingerprint = ?, member_id = ?, member_name = ?, device_id = ?, device_token = ?,
         role = ?, refused = NULL, last_error = NULL WHERE id = 1`,
    ).run(joined.hubUrl, joined.certFingerprint, joined.memberId, joined.memberName, joined.deviceId, storeToken(ctx, joined.deviceToken), joined.role);
    restampUnsent(db, joined.deviceId);
    loadClock(db);
    updateSettings(db, { profileName: joined.memberName });
  });
  if (ctx.team?.background) ctx.team.start();
  await ctx.team?.syncNow().catch(() => {});
  const duplicates = db
    .prepare('SELECT id, review_of AS clashesWith FROM contacts WHERE review_of IS NOT NULL ORDER BY id')
    .all() as { id: string; clashesWith: string }[];
  return { workspaceId: joined.workspaceId, memberId: joined.memberId, role: joined.role, uploaded: 0, duplicates };
}

/**
 * The outbox's messages take the new device's id in their times, each keeping its moment
 * (`<ms>-<counter>-`): their order among everyone's changes is unchanged, so a change that lost here to a
 * later one from another machine loses on the hub too, and the new device never used a time before. Their
 * bookkeeping entries (the time each value or lifecycle step holds here) follow.
 */
function restampUnsent(db: CoreContext['db'], deviceId: string): void {
  const rows = db.prepare('SELECT id, hlc, kind, tbl, pk, col FROM sync_outbox ORDER BY id').all() as {
    id: number;
    hlc: string;
    kind: string;
    tbl: string | null;
    pk: string | null;
    col: string | null;
  }[];
  const outbox = db.prepare('UPDATE sync_outbox SET hlc = ?, batch_id = NULL WHERE id = ?');
  const cell = db.prepare('UPDATE sync_cells SET hlc = ? WHERE tbl = ? AND pk = ? AND col = ? AND hlc = ?');
  const row = db.prepare('UPDATE sync_rows SET hlc = ? WHERE tbl = ? AND pk = ? AND hlc = ?');
  const life = db.prepare('UPDATE sync_life SET hlc = ? WHERE tbl = ? AND pk = ? AND hlc = ?');
  for (const r of rows) {
    const moment = /^\d{13}-\d{5}-/.exec(r.hlc)?.[0];
    if (!moment) throw new Error(`an outbox time is malformed: ${r.hlc}`);
    const t = moment + deviceId;
    outbox.run(t, r.id);
    if (r.kind === 'cell') cell.run(t, r.tbl, r.pk, r.col, r.hlc);
    else if (r.kind === 'row') row.run(t, r.tbl, r.pk, r.hlc);
    else if (r.kind === 'delete' || r.kind === 'restore') life.run(t, r.tbl, r.pk, r.hlc);
  }
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
    for (const t of ['sync_outbox', 'sync_cells', 'sync_rows', 'sync_life', 'sync_pending', 'sync_blocked', 'sync_state', 'sync_moved_from'])
      db.prepare(`DELETE FROM ${t}`).run();
    loadClock(db);
  });
  return { left: true, unsentChanges: unsent };
}
