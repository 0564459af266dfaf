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
  const { rows, readTo } = await messagesAfter(db, workspaceId, after, upTo, limit + 1);
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
  // all read rows taken: go on after what was read (the log may go on past it, when purges left long gaps)
  const more = rows.length > take || readTo < upTo;
  const next = rows.length > take ? (rows[take - 1]?.seq ?? after) : Math.max(after, readTo);
  return `{"messages":[${parts.join(',')}],"next":${next},"more":${more},"hubTime":${now}}`;
}

type StoredRow = { seq: number; member_id: string | null; device_id: string | null; received_at: number; body: string };

/**
 * Up to `count` messages after `after` (up to `upTo`), in seq order, and the seq read up to (every message up to
 * it is among them or was purged), read window by window of seq numbers: each
 * query reads at most `count` sequence numbers, whatever plan PostgreSQL picks. After a bulk upload its statistics
 * lag behind the log (it believed a few rows were left and sorted the whole rest of the log for every page: a new
 * member's pull of 240,000 messages took 12 s of its CPU). Purges leave gaps: the next window fills the page.
 */
async function messagesAfter(
  db: Db,
  workspaceId: string,
  after: number,
  upTo: number,
  count: number,
): Promise<{ rows: StoredRow[]; readTo: number }> {
  const rows: StoredRow[] = [];
  let from = after;
  for (let window = 0; window < 8 && rows.length < count && from < upTo; window++) {
    const to = Math.min(upTo, from + (count - rows.length));
    const page = await db.query<StoredRow>(
      `SELECT seq, member_id, device_id, received_at, body::text AS body FROM messages
        WHERE workspace_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq`,
      [workspaceId, from, to],
    );
    rows.push(...page.rows);
    from = to;
  }
  return { rows, readTo: from };
}
