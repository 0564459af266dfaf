import type { Role } from '../../shared/sync/protocol.ts';
import type { Tx } from '../db/pool.ts';
import { hashSecret, newSecret } from './tokens.ts';

// Rejoining as the same device (docs/sync.md, "Rejoining"): a database that left this workspace (or lost
// its place in it) and joins again with an invite presents the device it was and that device's last
// credential. The hub gives the same device (and member) back only when the credential is that device's,
// the device was never revoked, its member was not removed, and the person joining gives that member's name
// (a computer handed to a colleague who joins under their own name becomes their new device). A revoked
// device or a removed member never comes back: the join makes a new member and device as usual.

export type Reattached = { memberId: string; deviceId: string; role: Role; deviceToken: string; rejoined: true };

export async function reattachDevice(
  tx: Tx,
  input: {
    workspaceId: string;
    memberName: string;
    deviceName: string;
    now: number;
    formerDevice?: { deviceId: string; deviceToken: string };
  },
): Promise<Reattached | null> {
  const former = input.formerDevice;
  if (!former) return null;
  const { rows } = await tx.query<{ member_id: string; name: string; role: Role }>(
    `SELECT d.member_id, m.name, m.role
       FROM devices d JOIN members m ON m.workspace_id = d.workspace_id AND m.member_id = d.member_id
      WHERE d.workspace_id = $1 AND d.device_id = $2 AND d.token_hash = $3
        AND d.revoked_at IS NULL AND m.removed_at IS NULL
      FOR UPDATE OF d`,
    [input.workspaceId, former.deviceId, hashSecret(former.deviceToken)],
  );
  const row = rows[0];
  if (!row || row.name.trim().toLowerCase() !== input.memberName.trim().toLowerCase()) return null;
  // a new credential: the one this database kept stops working, as a leave should have made it
  const deviceToken = newSecret(32);
  await tx.query(
    'UPDATE devices SET token_hash = $3, name = $4, last_seen_at = $5 WHERE workspace_id = $1 AND device_id = $2',
    [input.workspaceId, former.deviceId, hashSecret(deviceToken), input.deviceName, input.now],
  );
  // the member keeps the role they have: roles change by an owner or admin, never by which invite was used
  return { memberId: row.member_id, deviceId: former.deviceId, role: row.role, deviceToken, rejoined: true };
}
