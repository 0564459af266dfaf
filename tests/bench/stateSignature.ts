import type { Database } from 'better-sqlite3';
import { OWNED_TABLES } from '../../electron/core/lifecycle/ownedTables.ts';

/**
 * Live and deleted rows per table, plus tombstones and tags: equal signatures after the product's
 * and the raw-SQL version of a step show both made the same changes to the data.
 */
export function stateSignature(db: Database): Record<string, string> {
  const sig: Record<string, string> = {};
  for (const table of ['contacts', ...OWNED_TABLES.map((t) => t.table)]) {
    const r = db
      .prepare(
        `SELECT count(*) FILTER (WHERE deleted_at IS NULL) AS live, count(*) FILTER (WHERE deleted_at IS NOT NULL) AS deleted FROM ${table}`,
      )
      .get() as { live: number; deleted: number };
    sig[table] = `${r.live} live / ${r.deleted} deleted`;
  }
  sig.contact_tags = String(db.prepare('SELECT count(*) FROM contact_tags').pluck().get());
  sig.purged_contacts = String(db.prepare('SELECT count(*) FROM purged_contacts').pluck().get());
  sig.fts = String(db.prepare('SELECT count(*) FROM contacts_fts_docsize').pluck().get());
  sig.ftsPhone = String(db.prepare('SELECT count(*) FROM contacts_fts_phone_docsize').pluck().get());
  return sig;
}
