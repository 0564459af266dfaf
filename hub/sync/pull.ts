import { SYNC_LIMITS, type SyncMessage } from '../../shared/sync/protocol.ts';

const PAGE_BYTES = SYNC_LIMITS.bodyBytes - 64 * 1024;
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
  // A page also stays under the body bound (SYNC_LIMITS.bodyBytes): many large notes end it early, `more` set.
  let bytes = 0;
  let take = 0;
  while (take < Math.min(rows.length, limit)) {
    bytes += JSON.stringify(rows[take]!.body).length * 3 + 200; // ×3: a UTF-16 unit is at most 3 UTF-8 bytes
    if (take > 0 && bytes > PAGE_BYTES) break;
    take++;
  }
  const more = rows.length > take;
  const page = rows.slice(0, take);
  const next = more ? (page.at(-1)?.seq ?? after) : Math.max(after, upTo);
  return {
    messages: page.map((r) => ({ seq: r.seq, memberId: r.member_id, deviceId: r.device_id, receivedAt: r.received_at, message: r.body })),
    next,
    more,
    hubTime: now,
  };
}
