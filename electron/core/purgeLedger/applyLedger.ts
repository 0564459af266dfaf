import type { Database } from 'better-sqlite3';
import { eraseContacts } from '../lifecycle/purgeContactRows.ts';
import { OWNED_TABLES } from '../lifecycle/ownedTables.ts';
import { readEntries, readHeader, readPosition, writePosition } from './ledger.ts';
import { inTx } from '../db/tx.ts';

/**
 * Brings a database up to the purge ledger before it is used: every purge the ledger lists beyond the
 * position the database recorded (LEDGER_APPLIED_KEY) is done again, whatever state the contact is in
 * there (a backup taken before its deletion holds it live). A database that is up to date costs one
 * read of the ledger's header and size; a restored older file, or one from another ledger, applies
 * what it misses (the purges are idempotent), in one transaction. Returns how many entries it applied.
 * The database must be migrated.
 */
export function applyLedger(db: Database, ledgerFile: string): number {
  const header = readHeader(ledgerFile);
  if (!header) return 0;
  const position = readPosition(db);
  const from = position?.ledger === header.id ? Math.max(position.offset, header.length) : header.length;
  const { entries, end } = readEntries(ledgerFile, from);
  if (end === from && position?.ledger === header.id) return 0;
  const ownedById = OWNED_TABLES.map(({ table }) =>
    db.prepare(`DELETE FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`),
  );
  const markDeletion = db.prepare('UPDATE deletions SET purged_at = ? WHERE id = ? AND purged_at IS NULL');
  // Team mode: a purged contact leaves no message or bookkeeping entry behind either (an outbox restored
  // from a backup may still hold its changes); a solo database's sync tables are empty.
  const syncEntries = ['sync_outbox', 'sync_cells', 'sync_rows', 'sync_life', 'sync_pending'].map((t) =>
    db.prepare(`DELETE FROM ${t} WHERE contact_id IN (SELECT value FROM json_each(?))`),
  );
  inTx(db, (db) => {
    for (const e of entries) {
      if ('contacts' in e) {
        eraseContacts(db, e.contacts, e.at, e.how);
        for (const d of syncEntries) d.run(JSON.stringify(e.contacts));
      }
      else {
        for (const d of ownedById) d.run(JSON.stringify(e.records));
        markDeletion.run(e.at, e.deletion);
      }
    }
    writePosition(db, { ledger: header.id, offset: end });
  });
  return entries.length;
}
