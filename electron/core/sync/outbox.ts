import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { isLifecycleTable, RELATED_TABLES } from '../../../shared/sync/dump.ts';
import { SYNC_LIMITS, type SyncMessage, type SyncTable } from '../../../shared/sync/protocol.ts';
import { inTx } from '../db/tx.ts';
import { refoldRow } from './applyMessages.ts';
import { recomputeReview } from './review.ts';
import { clockNow, whileApplying } from './syncClock.ts';

// The outbox side of a push: the next batch (the unacknowledged one again after a crash or a lost
// answer, with the same batch id, so the hub stores it once), its acknowledgement, and what a refused
// batch leaves behind.

interface OutboxRow {
  id: number;
  hlc: string;
  kind: 'cell' | 'row' | 'delete' | 'restore' | 'purgeRequest';
  tbl: SyncTable | null;
  pk: string | null;
  contact_id: string | null;
  col: string | null;
  value: string | number | null | Buffer;
  /** A row message's columns, as the JSON object the insert trigger made. */
  vals: string | null;
  deletion_id: string | null;
  at: number | null;
  batch_id: string | null;
}

function toMessage(r: OutboxRow): SyncMessage {
  const value = Buffer.isBuffer(r.value) ? r.value.toString('base64') : r.value;
  switch (r.kind) {
    case 'cell':
      return { kind: 'cell', hlc: r.hlc, table: r.tbl!, pk: r.pk!, contactId: r.contact_id, column: r.col!, value };
    case 'row':
      return {
        kind: 'row',
        hlc: r.hlc,
        table: r.tbl!,
        pk: r.pk!,
        contactId: r.contact_id,
        values: JSON.parse(r.vals ?? '{}') as Record<string, string | number | null>,
      };
    case 'delete':
      return {
        kind: 'delete',
        hlc: r.hlc,
        table: r.tbl!,
        pk: r.pk!,
        contactId: r.contact_id,
        deletionId: r.deletion_id!,
        at: r.at ?? 0,
      };
    case 'restore':
      return {
        kind: 'restore',
        hlc: r.hlc,
        table: r.tbl!,
        pk: r.pk!,
        contactId: r.contact_id,
        deletionId: r.deletion_id!,
      };
    case 'purgeRequest':
      return { kind: 'purgeRequest', hlc: r.hlc, contactId: r.contact_id! };
  }
}

/** Bytes a batch may take as JSON: under the hub's body limit with room for the envelope. */
const BATCH_BYTES = Math.floor(SYNC_LIMITS.bodyBytes * 0.75);

/**
 * The batch to push: the one already sent and not acknowledged (same id), else the next messages in
 * outbox order, given a new batch id in the same transaction that recomputes the needs-review mark of
 * the contacts they change (a local edit or delete may free or take an email or phone).
 */
export function nextBatch(
  db: Database,
  max: number = SYNC_LIMITS.batchMessages,
): { batchId: string; messages: SyncMessage[] } | null {
  return inTx(db, () => {
    const open = db.prepare('SELECT batch_id FROM sync_outbox WHERE batch_id IS NOT NULL LIMIT 1').pluck().get() as
      string | undefined;
    let rows: OutboxRow[];
    let batchId: string;
    if (open) {
      batchId = open;
      rows = db.prepare('SELECT * FROM sync_outbox WHERE batch_id = ? ORDER BY id').all(batchId) as OutboxRow[];
    } else {
      rows = db.prepare('SELECT * FROM sync_outbox ORDER BY id LIMIT ?').all(max) as OutboxRow[];
      if (rows.length === 0) return null;
      let bytes = 0;
      let n = 0;
      for (const r of rows) {
        bytes += 200 + (typeof r.value === 'string' ? r.value.length * 3 : 20) + (r.vals ? r.vals.length * 3 : 0);
        if (n > 0 && bytes > BATCH_BYTES) break;
        n++;
      }
      rows = rows.slice(0, n);
      batchId = randomUUID();
      db.prepare('UPDATE sync_outbox SET batch_id = ? WHERE id BETWEEN ? AND ?').run(
        batchId,
        rows[0]!.id,
        rows.at(-1)!.id,
      );
      const contacts = new Set<string>();
      for (const r of rows) if (r.tbl === 'contacts' && r.pk) contacts.add(r.pk);
      if (contacts.size > 0) recomputeReview(db, contacts);
    }
    return { batchId, messages: rows.map(toMessage) };
  });
}

/** The hub stored the batch: it leaves the outbox, and the clock's time is kept. */
export function acknowledge(db: Database, batchId: string): void {
  inTx(db, () => {
    db.prepare('DELETE FROM sync_outbox WHERE batch_id = ?').run(batchId);
    const now = clockNow(db);
    if (now) db.prepare('UPDATE sync_state SET clock = ?, last_error = NULL WHERE id = 1').run(now);
  });
}

/**
 * The hub refused the batch for a permission (FORBIDDEN): its changes are dropped here and the rows
 * they touched recomputed from what the hub holds. A row this member created is removed; a cell or a
 * lifecycle message forgets its local time, and the pull cursor goes back to the start so the hub's
 * values (which now win) come back; already-applied messages cost a comparison each. What was refused
 * is kept in sync_state.refused for the app to show.
 */
export function dropRefused(db: Database, batchId: string, reason: string): number {
  return inTx(db, () =>
    whileApplying(db, () => {
      const rows = db.prepare('SELECT * FROM sync_outbox WHERE batch_id = ? ORDER BY id').all(batchId) as OutboxRow[];
      for (const r of rows) {
        if (!r.tbl || !r.pk) continue;
        // A row message, or the id cell of a row made before row messages existed, created the row.
        const created = r.kind === 'row' || (r.kind === 'cell' && r.col === (r.tbl === 'bulk_action_items' ? 'action_id' : 'id'));
        if (r.kind === 'cell') {
          db.prepare('DELETE FROM sync_cells WHERE tbl = ? AND pk = ? AND col = ? AND hlc = ?').run(
            r.tbl,
            r.pk,
            r.col,
            r.hlc,
          );
          // The column's time falls back to its row message's, which wrote the value the refused cell
          // replaced: that row time is forgotten too, so the row message pulled again writes it back.
          db.prepare('DELETE FROM sync_rows WHERE tbl = ? AND pk = ?').run(r.tbl, r.pk);
        }
        if (r.kind === 'row') db.prepare('DELETE FROM sync_rows WHERE tbl = ? AND pk = ? AND hlc = ?').run(r.tbl, r.pk, r.hlc);
        if (r.kind === 'cell' || r.kind === 'row') {
          if (created && r.tbl !== 'bulk_action_items') {
            if (r.tbl === 'contacts')
              for (const t of RELATED_TABLES) db.prepare(`DELETE FROM ${t} WHERE contact_id = ?`).run(r.pk);
            db.prepare(`DELETE FROM "${r.tbl}" WHERE id = ?`).run(r.pk);
            db.prepare('DELETE FROM sync_cells WHERE tbl = ? AND pk = ?').run(r.tbl, r.pk);
            db.prepare('DELETE FROM sync_rows WHERE tbl = ? AND pk = ?').run(r.tbl, r.pk);
          }
        } else if (r.kind !== 'purgeRequest') {
          db.prepare('DELETE FROM sync_life WHERE tbl = ? AND pk = ? AND hlc = ?').run(r.tbl, r.pk, r.hlc);
          if (isLifecycleTable(r.tbl)) {
            refoldRow(db, r.tbl, r.pk);
            if (r.tbl === 'contacts')
              for (const t of RELATED_TABLES)
                for (const id of db.prepare(`SELECT id FROM ${t} WHERE contact_id = ?`).pluck().all(r.pk) as string[])
                  refoldRow(db, t, id);
          }
        }
      }
      db.prepare('DELETE FROM sync_outbox WHERE batch_id = ?').run(batchId);
      db.prepare('UPDATE sync_state SET pull_seq = 0, refused = ? WHERE id = 1').run(
        `${rows.length} change(s) refused by the hub: ${reason}`,
      );
      return rows.length;
    }),
  );
}
