import type { SyncMessage } from '../../../shared/sync/protocol.ts';
import { RELATED_TABLES } from '../../../shared/sync/dump.ts';
import { cachedStatement } from '../db/statements.ts';
import type { Tx } from '../db/tx.ts';
import { OWNED_TABLES } from '../lifecycle/ownedTables.ts';
import { appendToLedger } from '../purgeLedger/ledger.ts';

// A record deletion's purge from the hub (docs/sync.md, "Record deletions are purged too"): the rows it
// lists (those the deletion held at that point of the hub's order) are erased for good, as the one-machine
// retention erases a record deletion's rows (lifecycle/purgeExpired.ts): written to the purge ledger first,
// so a backup restored later cannot bring them back; every message about them is forgotten here (outbox
// included: the hub would drop them); and their ids are kept in sync_purged_rows, so a later message naming
// one of them is dropped. The deletion's own row stays, marked purged (this machine's bookkeeping).

type PurgeDeletion = Extract<SyncMessage, { kind: 'purgeDeletion' }>;

const RELATED = new Set<string>(RELATED_TABLES);
/** Children before parents (a conversation's messages before it), as the local purge deletes them. */
const ORDER = new Map(OWNED_TABLES.map(({ table }, i) => [table, i]));

/** Applies one purgeDeletion inside the slice's transaction (capture is off there); returns rows erased. */
export function applyPurgeDeletion(db: Tx, m: PurgeDeletion, at: number): number {
  if (!m.rows.some((r) => RELATED.has(r.table))) return 0;
  const erased = eraseRowsForGood(db, m.rows, at, m.deletionId);
  cachedStatement(db, 'UPDATE deletions SET purged_at = coalesce(purged_at, ?) WHERE id = ?').run(at, m.deletionId);
  return erased;
}

/**
 * Erases related rows for good as the hub did (those of other tables are left alone), children first: in
 * the purge ledger first, under `ledgerDeletion`; then each row, every message about it, and its id kept
 * in sync_purged_rows. Run inside the transaction that applies the hub's message; returns rows erased.
 */
export function eraseRowsForGood(db: Tx, rows: readonly { table: string; pk: string }[], at: number, ledgerDeletion: string): number {
  const related = rows
    .filter((r) => RELATED.has(r.table))
    .sort((a, b) => (ORDER.get(a.table) ?? 0) - (ORDER.get(b.table) ?? 0));
  if (related.length === 0) return 0;
  appendToLedger(db, { at, deletion: ledgerDeletion, records: related.map((r) => r.pk) });
  let erased = 0;
  for (const r of related) {
    erased += cachedStatement(db, `DELETE FROM "${r.table}" WHERE id = ?`).run(r.pk).changes;
    for (const t of ['sync_outbox', 'sync_cells', 'sync_rows', 'sync_life', 'sync_pending', 'sync_blocked'])
      cachedStatement(db, `DELETE FROM ${t} WHERE tbl = ? AND pk = ?`).run(r.table, r.pk);
    cachedStatement(db, 'INSERT OR IGNORE INTO sync_purged_rows (tbl, pk) VALUES (?, ?)').run(r.table, r.pk);
  }
  return erased;
}

/** Whether a pulled message names a row a record deletion's purge erased (then it is dropped). */
export function namesPurgedRow(db: Tx, m: SyncMessage): boolean {
  if (!('table' in m) || !RELATED.has(m.table)) return false;
  return (
    cachedStatement(db, 'SELECT 1 FROM sync_purged_rows WHERE tbl = ? AND pk = ?').get(m.table, m.pk) !== undefined
  );
}
