import type { Database } from 'better-sqlite3';
import type { CoreContext } from '../context.ts';
import { readToken } from './credentialVault.ts';
import { clockNow } from './syncClock.ts';

// Rejoining a team as the device this database was (docs/sync.md, "Rejoining"). team.leave keeps who the
// database was in that workspace (migration 018); team.join of the same workspace presents that device and
// its credential, and the hub gives the same device back when it was not revoked and the person joining is
// the member it belongs to (same name). Then this machine's clock goes on after every time the device used
// before, so no new change can share (device, time) with an old one and be taken for a duplicate.

interface FormerDevice {
  device_id: string;
  device_token: string;
  member_name: string;
  clock: string;
}

/** Called by team.leave before the team's bookkeeping goes: remembers this device for a later rejoin. */
export function rememberDevice(db: Database): void {
  const now = clockNow(db);
  db.prepare(
    `INSERT OR REPLACE INTO sync_former_device (workspace_id, device_id, device_token, member_name, clock)
     SELECT workspace_id, device_id, device_token, member_name, max(clock, ?) FROM sync_state WHERE id = 1`,
  ).run(now ?? '');
}

/** What team.join presents to the hub for this workspace, if this database was a device of it and can still prove it. */
export function formerDeviceFor(
  ctx: CoreContext,
  workspaceId: string,
): { deviceId: string; deviceToken: string } | undefined {
  const row = ctx.db.prepare('SELECT * FROM sync_former_device WHERE workspace_id = ?').get(workspaceId) as
    FormerDevice | undefined;
  if (!row) return undefined;
  const token = readToken(ctx, row.device_token);
  // a credential this machine cannot open any more (sealed by another user or machine) proves nothing
  return token.length >= 32 ? { deviceId: row.device_id, deviceToken: token } : undefined;
}

/**
 * Called by team.join inside its transaction, once sync_state holds the joined device: if the hub gave the
 * former device back, its clock resumes after the last time it used; either way the memory is spent.
 */
export function resumeFormerDevice(db: Database, workspaceId: string, deviceId: string): void {
  const row = db.prepare('SELECT * FROM sync_former_device WHERE workspace_id = ?').get(workspaceId) as
    FormerDevice | undefined;
  if (!row) return;
  if (row.device_id === deviceId) db.prepare('UPDATE sync_state SET clock = ? WHERE id = 1').run(row.clock);
  db.prepare('DELETE FROM sync_former_device WHERE workspace_id = ?').run(workspaceId);
}
