import type { SyncMessage } from '../../../shared/sync/protocol.ts';
import { RELATED_TABLES } from '../../../shared/sync/dump.ts';
import { cachedStatement } from '../db/statements.ts';
import type { Tx } from '../db/tx.ts';
import { eraseRowsForGood } from './purgeDeletion.ts';

// A move racing a purge (docs/sync.md, "Decisions", "A move racing a purge"). The hub's order is the truth, and
// its `purge` message says what that order made of the rows the purged contact's messages named:
// - `rows`, erased by the hub: erased here too, wherever a move made here meanwhile put them (a merge made
//   offline into a live contact), so the purge stays final; the hub drops that move when it arrives;
// - `kept`, owned by another contact in the hub's order (merged away before the purge): a row this machine
//   holds under the purged contact (its own move back, an undo of the merge, which the hub drops since it
//   names a purged contact) goes back under that owner;
// - a row this machine moved to the purged contact from another one (sync_moved_from), not erased by the hub:
//   the hub drops the move, so the row stays in its order under the contact it left, and goes back there.
// Run in the purge's transaction (capture off), before the contact's rows are erased.

type Purge = Extract<SyncMessage, { kind: 'purge' }>;

const RELATED = new Set<string>(RELATED_TABLES);

/**
 * Puts back where the hub's order has them the rows held here under the purged contact that the hub did not
 * erase with it: those the purge lists as kept under their owner, and those a move made here brought to the
 * purged contact (the hub drops that move) from a contact this machine still holds. Returns the rows moved,
 * to be refolded under their contact, and, when a move made here is undone so, the pull cursor to go back to:
 * the dropped move's time is forgotten (the row's time is the one it had before the move), and what was
 * pulled since the move is applied again, so an edit made elsewhere that lost here only to the dropped move
 * wins here as on the hub. Their bookkeeping filed under the purged contact follows them
 * (purgeBookkeeping.ts), as the hub files a late message of theirs under their owner.
 */
export function returnMovedRows(db: Tx, m: Purge): { moved: { table: string; pk: string }[]; repullFrom: number | null } {
  const moved: { table: string; pk: string }[] = [];
  const movedKeys = new Set<string>();
  const put = (table: string, pk: string, owner: string) => {
    if (!RELATED.has(table)) return;
    const changed = cachedStatement(
      db,
      `UPDATE "${table}" SET contact_id = ? WHERE id = ? AND contact_id = ? AND EXISTS (SELECT 1 FROM contacts WHERE id = ?)`,
    ).run(owner, pk, m.contactId, owner).changes;
    if (changed === 0) return;
    moved.push({ table, pk });
    movedKeys.add(`${table}\u0000${pk}`);
  };
  for (const k of m.kept ?? []) put(k.table, k.pk, k.contactId);
  const erased = new Set((m.rows ?? []).map((r) => `${r.table}\u0000${r.pk}`));
  const ours = cachedStatement(
    db,
    'SELECT tbl, pk, from_contact, prev_hlc, pulled_seq FROM sync_moved_from WHERE to_contact = ?',
  ).all(m.contactId) as { tbl: string; pk: string; from_contact: string; prev_hlc: string | null; pulled_seq: number }[];
  let repullFrom: number | null = null;
  for (const r of ours) {
    if (erased.has(`${r.tbl}\u0000${r.pk}`) || !RELATED.has(r.tbl)) continue;
    put(r.tbl, r.pk, r.from_contact);
    if (movedKeys.has(`${r.tbl}\u0000${r.pk}`)) {
      // the move made here never counts: the row's time is what it was before it
      if (r.prev_hlc === null) cachedStatement(db, 'DELETE FROM sync_rows WHERE tbl = ? AND pk = ?').run(r.tbl, r.pk);
      else cachedStatement(db, 'UPDATE sync_rows SET hlc = ? WHERE tbl = ? AND pk = ?').run(r.prev_hlc, r.tbl, r.pk);
      repullFrom = Math.min(repullFrom ?? r.pulled_seq, r.pulled_seq);
    }
  }
  cachedStatement(db, 'DELETE FROM sync_moved_from WHERE to_contact = ? OR from_contact = ?').run(m.contactId, m.contactId);
  return { moved, repullFrom };
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
    );
  // No deletion of theirs: the ledger files them under the contact's id.
  return eraseRowsForGood(db, elsewhere, at, m.contactId);
}
