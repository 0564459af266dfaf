import type { Role } from '../../shared/sync/protocol.ts';
import type { Db, Tx } from '../db/pool.ts';
import { HubFailure } from '../server/failure.ts';
import { consumeInvite } from './invites.ts';
import { reattachDevice } from './rejoin.ts';
import { hashSecret, newId, newSecret } from './tokens.ts';

export type Caller = { workspaceId: string; memberId: string; deviceId: string; role: Role };

export type MemberInfo = {
  memberId: string;
  name: string;
  role: Role;
  /** When an owner or admin removed them (null: a member now). */
  removedAt: number | null;
  devices: { deviceId: string; name: string; lastSeenAt: number | null; revoked: boolean }[];
};

/** A join: the invite is taken, a member and its first device are made; the device token is returned once. */
export async function joinWithInvite(
  tx: Tx,
  input: {
    workspaceId: string;
    secret: string;
    memberName: string;
    deviceName: string;
    now: number;
    formerDevice?: { deviceId: string; deviceToken: string };
  },
): Promise<{ memberId: string; deviceId: string; role: Role; deviceToken: string; rejoined?: true }> {
  const invite = await consumeInvite(tx, input.workspaceId, input.secret, input.now);
  const again = await reattachDevice(tx, input);
  if (again) {
    await tx.query('UPDATE invites SET used_by = $3 WHERE workspace_id = $1 AND invite_id = $2', [
      input.workspaceId,
      invite.inviteId,
      again.memberId,
    ]);
    return again;
  }
  const memberId = newId();
  const deviceId = newId();
  const deviceToken = newSecret(32);
  await tx.query('INSERT INTO members (workspace_id, member_id, name, role, created_at) VALUES ($1, $2, $3, $4, $5)', [
    input.workspaceId,
    memberId,
    input.memberName,
    invite.role,
    input.now,
  ]);
  await tx.query(
    `INSERT INTO devices (workspace_id, device_id, member_id, name, token_hash, created_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6)`,
    [input.workspaceId, deviceId, memberId, input.deviceName, hashSecret(deviceToken), input.now],
  );
  await tx.query('UPDATE invites SET used_by = $3 WHERE workspace_id = $1 AND invite_id = $2', [
    input.workspaceId,
    invite.inviteId,
    memberId,
  ]);
  return { memberId, deviceId, role: invite.role, deviceToken };
}

/** Who a bearer token stands for; a revoked device or a removed member is refused. */
export async function authenticate(db: Db, token: string | null, now: number): Promise<Caller> {
  if (!token)
    throw new HubFailure('UNAUTHORIZED', 'Sign in to the hub: this device has no credential (join with an invite).');
  const { rows } = await db.query<{
    workspace_id: string;
    member_id: string;
    device_id: string;
    role: Role;
    revoked_at: number | null;
    removed_at: number | null;
  }>(
    `SELECT d.workspace_id, d.member_id, d.device_id, m.role, d.revoked_at, m.removed_at
       FROM devices d JOIN members m ON m.workspace_id = d.workspace_id AND m.member_id = d.member_id
      WHERE d.token_hash = $1`,
    [hashSecret(token)],
  );
  const row = rows[0];
  if (!row) throw new HubFailure('UNAUTHORIZED', 'The hub does not know this device: join again with a new invite.');
  if (row.removed_at !== null)
    throw new HubFailure('UNAUTHORIZED', 'You were removed from this team: ask an owner or admin to invite you again.');
  if (row.revoked_at !== null)
    throw new HubFailure('UNAUTHORIZED', "This device's access was revoked: join again with a new invite.");
  await db.query('UPDATE devices SET last_seen_at = $3 WHERE workspace_id = $1 AND device_id = $2', [
    row.workspace_id,
    row.device_id,
    now,
  ]);
  return { workspaceId: row.workspace_id, memberId: row.member_id, deviceId: row.device_id, role: row.role };
}

export function requireManager(caller: Caller, what: string): void {
  if (caller.role !== 'owner' && caller.role !== 'admin') {
    throw new HubFailure('FORBIDDEN', `Only owners and admins can ${what}; you are a ${caller.role}.`);
  }
}

/**
 * Everyone who ever joined, the removed too (with when), so that the app can say who was removed and still
 * name the member and device behind what they did (a deletion "by Ana on Ana's laptop").
 */
export async function listMembers(db: Db | Tx, workspaceId: string): Promise<MemberInfo[]> {
  const members = await db.query<{ member_id: string; name: string; role: Role; removed_at: number | null }>(
    'SELECT member_id, name, role, removed_at FROM members WHERE workspace_id = $1 ORDER BY created_at, member_id',
    [workspaceId],
  );
  const devices = await db.query<{
    member_id: string;
    device_id: string;
    name: string;
    last_seen_at: number | null;
    revoked_at: number | null;
  }>(
    'SELECT member_id, device_id, name, last_seen_at, revoked_at FROM devices WHERE workspace_id = $1 ORDER BY created_at, device_id',
    [workspaceId],
  );
  return members.rows.map((m) => ({
    memberId: m.member_id,
    name: m.name,
    role: m.role,
    removedAt: m.removed_at,
    devices: devices.rows
      .filter((d) => d.member_id === m.member_id)
      .map((d) => ({
        deviceId: d.device_id,
        name: d.name,
        lastSeenAt: d.last_seen_at,
        revoked: d.revoked_at !== null,
      })),
  }));
}

async function targetMember(tx: Tx, workspaceId: string, memberId: string): Promise<{ role: Role }> {
  const { rows } = await tx.query<{ role: Role }>(
    'SELECT role FROM members WHERE workspace_id = $1 AND member_id = $2 AND removed_at IS NULL FOR UPDATE',
    [workspaceId, memberId],
  );
  if (!rows[0]) throw new HubFailure('NOT_FOUND', 'No such member in this team (removed already?).');
  return rows[0];
}

async function ownerCount(tx: Tx, workspaceId: string): Promise<number> {
  // Locks every owner's row, so two concurrent demotions cannot both see "another owner is left".
  const { rows } = await tx.query(
    "SELECT member_id FROM members WHERE workspace_id = $1 AND role = 'owner' AND removed_at IS NULL FOR UPDATE",
    [workspaceId],
  );
  return rows.length;
}

/**
 * Owners and admins change roles. Only an owner makes or unmakes an owner (an admin cannot take over the team,
 * nor demote or remove an owner), and the last owner cannot be demoted: a team always has someone who can manage it.
 */
export async function changeRole(tx: Tx, caller: Caller, memberId: string, role: Role): Promise<void> {
  requireManager(caller, 'change roles');
  const target = await targetMember(tx, caller.workspaceId, memberId);
  if ((target.role === 'owner' || role === 'owner') && caller.role !== 'owner') {
    throw new HubFailure('FORBIDDEN', 'Only an owner can make someone an owner or change an owner’s role.');
  }
  if (target.role === 'owner' && role !== 'owner' && (await ownerCount(tx, caller.workspaceId)) <= 1) {
    throw new HubFailure('FORBIDDEN', 'This is the last owner: make someone else an owner first.');
  }
  await tx.query('UPDATE members SET role = $3 WHERE workspace_id = $1 AND member_id = $2', [
    caller.workspaceId,
    memberId,
    role,
  ]);
}

/** Removes a member and revokes all their devices. An admin cannot remove an owner; the last owner stays. */
export async function removeMember(tx: Tx, caller: Caller, memberId: string, now: number): Promise<void> {
  requireManager(caller, 'remove members');
  const target = await targetMember(tx, caller.workspaceId, memberId);
  if (target.role === 'owner' && caller.role !== 'owner')
    throw new HubFailure('FORBIDDEN', 'An admin cannot remove an owner.');
  if (target.role === 'owner' && (await ownerCount(tx, caller.workspaceId)) <= 1) {
    throw new HubFailure('FORBIDDEN', 'This is the last owner: make someone else an owner first.');
  }
  await tx.query('UPDATE members SET removed_at = $3 WHERE workspace_id = $1 AND member_id = $2', [
    caller.workspaceId,
    memberId,
    now,
  ]);
  await tx.query(
    'UPDATE devices SET revoked_at = $3 WHERE workspace_id = $1 AND member_id = $2 AND revoked_at IS NULL',
    [caller.workspaceId, memberId, now],
  );
}

/** Revokes one device (a lost laptop): its token stops working at once; the member keeps their other devices. */
export async function revokeDevice(
  tx: Tx,
  caller: Caller,
  memberId: string,
  deviceId: string,
  now: number,
): Promise<void> {
  requireManager(caller, 'revoke devices');
  const target = await targetMember(tx, caller.workspaceId, memberId);
  if (target.role === 'owner' && caller.role !== 'owner')
    throw new HubFailure('FORBIDDEN', "An admin cannot revoke an owner's device.");
  const { rowCount } = await tx.query(
    'UPDATE devices SET revoked_at = coalesce(revoked_at, $4) WHERE workspace_id = $1 AND member_id = $2 AND device_id = $3',
    [caller.workspaceId, memberId, deviceId, now],
  );
  if (!rowCount) throw new HubFailure('NOT_FOUND', 'No such device for this member.');
}
