import type { SyncMessage } from '../../shared/sync/protocol.ts';
import type { Db } from '../db/pool.ts';

export type PullPage = {
  messages: { seq: number; memberId: string | null; deviceId: string | null; receivedAt: number; message: SyncMessage }[];
  next: number;
  more: boolean;
  hubTime: number;
};

/**
 * One page of the log after `after`, in seq order. Messages of purged contacts are no longer in the log (only
 * their purge is), so a page can skip numbers; `next` is where to go on from. Pushes commit in seq order (they
 * hold the workspace's lock), so a page never passes over a message still being written.
 */
export async function pullPage(db: Db, workspaceId: string, after: number, limit: number, now: number): Promise<PullPage> {
  // The workspace's sequence first: every message up to it was committed with it (one transaction), so the page
  // below (read after) holds all of them, and `next` may jump over gaps left by purges up to it.
  const ws = await db.query<{ seq: number }>('SELECT seq FROM workspaces WHERE workspace_id = $1', [workspaceId]);
  const upTo = ws.rows[0]?.seq ?? 0;
  const { rows } = await db.query<{ seq: number; member_id: string | null; device_id: string | null; received_at: number; body: SyncMessage }>(
    `SELECT seq, member_id, device_id, received_at, body FROM messages
      WHERE workspace_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4`,
    [workspaceId, after, upTo, limit + 1],
  );
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const next = more ? (page.at(-1)?.seq ?? after) : Math.max(after, upTo);
  return {
    messages: page.map((r) => ({ seq: r.seq, memberId: r.member_id, deviceId: r.device_id, receivedAt: r.received_at, message: r.body })),
    next,
    more,
    hubTime: now,
  };
}
