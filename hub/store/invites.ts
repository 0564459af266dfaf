import { InvitePayload, type Role } from '../../shared/sync/protocol.ts';
import type { Db, Tx } from '../db/pool.ts';
import { HubFailure } from '../server/failure.ts';
import { hashSecret, newId, newSecret } from './tokens.ts';

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const INVITE_PREFIX = 'kyr1.';

export type HubAddress = { url: string; certFingerprint: string | null };

/** Makes a single-use invite and returns its code. Only the secret's hash is stored: the code is shown once. */
export async function createInvite(
  db: Db | Tx,
  input: { workspaceId: string; role: Role; createdBy: string | null; now: number; ttlMs?: number; hub: HubAddress },
): Promise<{ code: string; expiresAt: number }> {
  const secret = newSecret(24);
  const expiresAt = input.now + (input.ttlMs ?? INVITE_TTL_MS);
  await db.query(
    `INSERT INTO invites (workspace_id, invite_id, secret_hash, role, created_by, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [input.workspaceId, newId(), hashSecret(secret), input.role, input.createdBy, input.now, expiresAt],
  );
  const payload: InvitePayload = {
    hubUrl: input.hub.url,
    workspaceId: input.workspaceId,
    secret,
    certFingerprint: input.hub.certFingerprint,
  };
  return { code: encodeInvite(payload), expiresAt };
}

export function encodeInvite(payload: InvitePayload): string {
  return INVITE_PREFIX + Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

export function decodeInvite(code: string): InvitePayload {
  const trimmed = code.trim();
  if (!trimmed.startsWith(INVITE_PREFIX))
    throw new HubFailure('VALIDATION', 'This is not a Kyrios invite code (it starts with "kyr1.").');
  try {
    return InvitePayload.parse(
      JSON.parse(Buffer.from(trimmed.slice(INVITE_PREFIX.length), 'base64url').toString('utf8')),
    );
  } catch {
    throw new HubFailure('VALIDATION', 'This invite code is damaged: copy it again in full.');
  }
}

/** Takes an invite for a join: refused when unknown, used or expired; marked used in the caller's transaction. */
export async function consumeInvite(
  tx: Tx,
  workspaceId: string,
  secret: string,
  now: number,
): Promise<{ inviteId: string; role: Role }> {
  const { rows } = await tx.query<{ invite_id: string; role: Role; expires_at: number; used_at: number | null }>(
    `SELECT invite_id, role, expires_at, used_at FROM invites WHERE workspace_id = $1 AND secret_hash = $2 FOR UPDATE`,
    [workspaceId, hashSecret(secret)],
  );
  const invite = rows[0];
  if (!invite)
    throw new HubFailure('UNAUTHORIZED', 'This invite is not valid for this hub: ask an owner or admin for a new one.');
  if (invite.used_at !== null)
    throw new HubFailure(
      'INVITE_USED',
      'This invite was already used: each invite lets one device join. Ask for a new one.',
    );
  if (invite.expires_at <= now)
    throw new HubFailure('INVITE_EXPIRED', 'This invite has expired: ask an owner or admin for a new one.');
  await tx.query('UPDATE invites SET used_at = $3 WHERE workspace_id = $1 AND invite_id = $2', [
    workspaceId,
    invite.invite_id,
    now,
  ]);
  return { inviteId: invite.invite_id, role: invite.role };
}
