import { RELATED_TABLES } from '../../../shared/sync/dump.ts';
import { cachedStatement } from '../db/statements.ts';
import type { Tx } from '../db/tx.ts';

// A purge follows the rows' owner (docs/sync.md): this machine's sync bookkeeping (times of rows and columns,
// lifecycle messages, waiting cells, the outbox) is filed under the contact a message named when it was written.
// A related row merged into another contact since keeps those entries under its old contact's name, so at the
// purge of that old contact they are not the purged contact's: they are given the row's owner now and kept (a
// body's time forgotten would let an older write win it again; an unsent edit would be lost). Everything else
// filed under the purged contact goes, as before. Run after the contact's rows are erased (eraseContacts): a
// related row still here then belongs to another contact.

const BOOKKEEPING = ['sync_outbox', 'sync_cells', 'sync_rows', 'sync_life', 'sync_pending'] as const;

/** The contact a bookkeeping entry's row (`tbl`, `pk` of table `t`) belongs to here now, if the row is here. */
const ownerNow = (t: string) =>
  `CASE ${t}.tbl ${RELATED_TABLES.map((table) => `WHEN '${table}' THEN (SELECT contact_id FROM "${table}" WHERE id = ${t}.pk)`).join(' ')} END`;

/** Forgets what this machine's bookkeeping holds of a purged contact, keeping its entries of rows merged away. */
export function forgetPurgedContact(db: Tx, contactId: string): void {
  for (const t of BOOKKEEPING) {
    // An unsent message that moves a row (a row message, a contact_id cell) names the purged contact in what it
    // writes too: it goes, as the hub would drop it.
    const moves = t === 'sync_outbox' ? ` AND kind <> 'row' AND coalesce(col, '') <> 'contact_id'` : '';
    cachedStatement(
      db,
      `UPDATE ${t} SET contact_id = ${ownerNow(t)}
        WHERE contact_id = ? AND tbl <> 'contacts'${moves} AND ${ownerNow(t)} IS NOT NULL`,
    ).run(contactId);
    cachedStatement(db, `DELETE FROM ${t} WHERE contact_id = ?`).run(contactId);
  }
}
