import type { SyncMessage } from '../../../shared/sync/protocol.ts';
import { RELATED_TABLES } from '../../../shared/sync/dump.ts';
import { cachedStatement } from '../db/statements.ts';
import type { Tx } from '../db/tx.ts';
import { OWNED_TABLES } from '../lifecycle/ownedTables.ts';
import { appendToLedger } from '../purgeLedger/ledger.ts';

// A move racing a purge (docs/sync.md, "Decisions", "A move racing a purge"). The hub's order is the truth, and
// its `purge` message says what that order made of the rows the purged contact's messages named:
// - `rows`, erased by the hub: erased here too, wherever a move made here meanwhile put them (a merge made
//   offline into a live contact), so the purge stays final; the hub drops that move when it arrives;
// - `kept`, owned by another contact in the hub's order (merged away before the purge): a row this machine
//   holds under the purged contact (its own move back, an undo of the merge, which the hub drops since it
//   names a purged contact) goes back under that owner, and the lifecycle messages that move captured here
//   under the purged contact's deletions go with it, unsent, as the hub would not have them.
// Run in the purge's transaction (capture off), before the contact's rows are erased.

type Purge = Extract<SyncMessage, { kind: 'purge' }>;

const RELATED = new Set<string>(RELATED_TABLES);
/** Children before parents (a conversation's messages before it), as the local purge deletes them. */
const ORDER = new Map(OWNED_TABLES.map(({ table }, i) => [table, i]));
const BOOKKEEPING = ['sync_outbox', 'sync_cells', 'sync_rows', 'sync_life', 'sync_pending', 'sync_blocked'];

/** Puts back under their owner the listed rows held here under the purged contact; returns those moved. */
export function returnKeptRows(db: Tx, m: Purge): { table: string; pk: string }[] {
  const moved: { table: string; pk: string }[] = [];
  if (!m.kept?.length) return moved;
  // the purged contact's own deletions: a lifecycle message of a moved row naming one belongs to the move back
  const deletions = JSON.stringify(
    cachedStatement(db, "SELECT DISTINCT deletion_id FROM sync_life WHERE tbl = 'contacts' AND pk = ?")
      .pluck()
      .all(m.contactId),
  );
  for (const k of m.kept) {
    if (!RELATED.has(k.table)) continue;
    const changed = cachedStatement(
      db,
      `UPDATE "${k.table}" SET contact_id = ? WHERE id = ? AND contact_id = ? AND EXISTS (SELECT 1 FROM contacts WHERE id = ?)`,
    ).run(k.contactId, k.pk, m.contactId, k.contactId).changes;
    if (changed === 0) continue;
    moved.push({ table: k.table, pk: k.pk });
    // what this machine captured under the purged contact's deletions for that row: its own, never the hub's
    const local = `tbl = ? AND pk = ? AND contact_id = ? AND deletion_id IN (SELECT value FROM json_each(?))`;
    cachedStatement(
      db,
      `DELETE FROM sync_life WHERE ${local} AND hlc IN (SELECT hlc FROM sync_outbox WHERE tbl = ? AND pk = ?)`,
    ).run(k.table, k.pk, m.contactId, deletions, k.table, k.pk);
    cachedStatement(db, `DELETE FROM sync_outbox WHERE ${local} AND kind IN ('delete', 'restore')`).run(
      k.table,
      k.pk,
      m.contactId,
      deletions,
    );
  }
  return moved;
}

/** Erases the listed rows the hub erased that this machine holds under another contact; returns rows erased. */
export function eraseListedRows(db: Tx, m: Purge, at: number): number {
  if (!m.rows?.length) return 0;
  const elsewhere = m.rows
    .filter((r) => RELATED.has(r.table))
    .filter(
      (r) =>
        cachedStatement(db, `SELECT 1 FROM "${r.table}" WHERE id = ? AND contact_id IS NOT ?`).get(r.pk, m.contactId) !==
        undefined,
    )
    .sort((a, b) => (ORDER.get(a.table) ?? 0) - (ORDER.get(b.table) ?? 0));
  if (elsewhere.length === 0) return 0;
  // in the ledger first, so a backup restored later cannot bring them back (no deletion of theirs: the contact's id)
  appendToLedger(db, { at, deletion: m.contactId, records: elsewhere.map((r) => r.pk) });
  let erased = 0;
  for (const r of elsewhere) {
    erased += cachedStatement(db, `DELETE FROM "${r.table}" WHERE id = ?`).run(r.pk).changes;
    for (const t of BOOKKEEPING) cachedStatement(db, `DELETE FROM ${t} WHERE tbl = ? AND pk = ?`).run(r.table, r.pk);
    cachedStatement(db, 'INSERT OR IGNORE INTO sync_purged_rows (tbl, pk) VALUES (?, ?)').run(r.table, r.pk);
  }
  return erased;
}
