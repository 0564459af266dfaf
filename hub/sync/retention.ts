import type { Db } from '../db/pool.ts';
import { inTx } from '../db/pool.ts';
import { lockWorkspace } from '../store/workspace.ts';
import { notifyChanged, purgeContact } from './purge.ts';
import { dueRecordDeletions, purgeRecordDeletion, type RetentionReport } from './purgeDeletion.ts';
import { ImportHeaders } from './eraseCopies.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const PURGES_PER_TRANSACTION = 200;

/**
 * Retention in team mode, on the hub's clock only (docs/sync.md): every contact whose deletion the hub received
 * more than the workspace's retention period before `now` is purged, in transactions of a few hundred, each
 * ending with a NOTIFY; then every record deletion (kind 'record') past the same period (purgeDeletion.ts). A member's clock plays no part. Returns how many contacts were purged.
 */
export async function runRetention(
  db: Db,
  now: number,
  workspaceId?: string,
  report?: RetentionReport,
): Promise<number> {
  const workspaces = await db.query<{ workspace_id: string }>(
    workspaceId ? 'SELECT workspace_id FROM workspaces WHERE workspace_id = $1' : 'SELECT workspace_id FROM workspaces',
    workspaceId ? [workspaceId] : [],
  );
  let purged = 0;
  for (const { workspace_id } of workspaces.rows) {
    for (;;) {
      const done = await inTx(db, async (tx) => {
        const ws = await lockWorkspace(tx, workspace_id);
        const cutoff = now - ws.retention_days * DAY_MS;
        const due = await tx.query<{ pk: string }>(
          `SELECT pk FROM rows WHERE workspace_id = $1 AND tbl = 'contacts' AND deleted_at IS NOT NULL
              AND deleted_received_at <= $2 ORDER BY deleted_received_at, pk LIMIT $3`,
          [workspace_id, cutoff, PURGES_PER_TRANSACTION],
        );
        const state = { workspaceId: workspace_id, seq: ws.seq, hlc: ws.hlc };
        const headers = new ImportHeaders(); // the imports' column names, read once for the transaction's purges
        for (const { pk } of due.rows) {
          if (await purgeContact(tx, state, pk, { now, memberId: null, deviceId: null, headers })) purged++;
        }
        // then records deleted on their own, past the same period (once no contact is left to purge)
        const records =
          due.rows.length < PURGES_PER_TRANSACTION
            ? await dueRecordDeletions(tx, workspace_id, cutoff, ws.seq, report)
            : [];
        for (const group of records) await purgeRecordDeletion(tx, state, group, now);
        if (state.seq !== ws.seq) {
          await tx.query('UPDATE workspaces SET seq = $2, hlc = $3 WHERE workspace_id = $1', [
            workspace_id,
            state.seq,
            state.hlc,
          ]);
          await notifyChanged(tx, workspace_id, state.seq);
        }
        return due.rows.length < PURGES_PER_TRANSACTION && records.length === 0;
      });
      if (done) break;
    }
  }
  return purged;
}
