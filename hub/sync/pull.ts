import { SYNC_LIMITS } from '../../shared/sync/protocol.ts';
import type { Db } from '../db/pool.ts';

const PAGE_BYTES = SYNC_LIMITS.bodyBytes - 64 * 1024;

/**
 * One page of the log after `after`, in seq order, as the JSON body of a `PullResponse`. Messages of purged
 * contacts are no longer in the log (only their purge is), so a page can skip numbers; `next` is where to go on
 * from. Pushes commit in seq order (they hold the workspace's lock), so a page never passes over a message
 * still being written. Each stored message is passed through as PostgreSQL's text of it, never parsed and
 * written again: a new member pulls the whole log.
 */
export async function pullPageJson(
  db: Db,
  workspaceId: string,
  after: number,
  limit: number,
  now: number,
): Promise<string> {
  // The workspace's sequence first: every message up to it was committed with it (one transaction), so the page
  // below (read after) holds all of them, and `next` may jump over gaps left by purges up to it.
  const ws = await db.query<{ seq: number }>('SELECT seq FROM workspaces WHERE workspace_id = $1', [workspaceId]);
  const upTo = ws.rows[0]?.seq ?? 0;
  const { rows } = await db.query<{
    seq: number;
    member_id: string | null;
    device_id: string | null;
    received_at: number;
    body: string;
  }>(
    `SELECT seq, member_id, device_id, received_at, body::text AS body FROM messages
      WHERE workspace_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4`,
    [workspaceId, after, upTo, limit + 1],
  );
  // A page also stays under the body bound (SYNC_LIMITS.bodyBytes): many large notes end it early, `more` set.
  const parts: string[] = [];
  let bytes = 0;
  let take = 0;
  while (take < Math.min(rows.length, limit)) {
    const r = rows[take]!;
    const part = `{"seq":${r.seq},"memberId":${JSON.stringify(r.member_id)},"deviceId":${JSON.stringify(r.device_id)},"receivedAt":${r.received_at},"message":${r.body}}`;
    bytes += Buffer.byteLength(part);
    if (take > 0 && bytes > PAGE_BYTES) break;
    parts.push(part);
    take++;
  }
  const more = rows.length > take;
  const next = more ? (rows[take - 1]?.seq ?? after) : Math.max(after, upTo);
  return `{"messages":[${parts.join(',')}],"next":${next},"more":${more},"hubTime":${now}}`;
}
