import type { Database } from 'better-sqlite3';
import { CONTACT_SEARCH_INDEXES } from '../contacts/searchIndexes.ts';
import { cachedStatement } from '../db/statements.ts';
import { appendToLedger } from '../purgeLedger/ledger.ts';
import { OWNED_TABLES } from './ownedTables.ts';
import type { Tx } from '../db/tx.ts';
import { clearState, hasState, writeState } from '../settings/internalState.ts';

/**
 * Set in the purge's own transaction, cleared once the search index is fully merged: a purge cut short
 * (the app quit mid-merge) is finished by the next purge pass, even if that pass purges nothing.
 */
export const ERASE_DUE_KEY = 'lifecycle.searchEraseDue';

/** The chunk's contacts that are deleted (a live contact is never purged), from @ids (a JSON array). */
const DELETED_IN_CHUNK =
  'SELECT id FROM contacts WHERE id IN (SELECT value FROM json_each(@ids)) AND deleted_at IS NOT NULL';
/** Every id of @ids: the contacts being erased, whatever their state (see eraseContacts). */
const IN_IDS = 'SELECT value FROM json_each(@ids)';

/** What a skipped import row keeps once the contact it duplicated is purged: its line, no cell. */
export { PURGED_DUPLICATE_REASON } from '../../../shared/sync/importCopies.ts';
import { PURGED_DUPLICATE_REASON } from '../../../shared/sync/importCopies.ts';

// An import item skipped as a duplicate of a purged contact: keep its line (the errors file still
// lists it), drop its cells (they hold the contact's email or phone) and say why.
const eraseItem = (indexed: string) => `UPDATE bulk_action_items ${indexed}
     SET payload = json_object('line', json_extract(payload, '$.line')), reason = '${PURGED_DUPLICATE_REASON}'
     WHERE state = 'skipped' AND action_id IN (SELECT id FROM bulk_actions WHERE type = 'import')`;

/** The purge's statements, each prepared once per connection through the statement cache. */
const SQL = {
  tomb: `INSERT OR REPLACE INTO purged_contacts (contact_id, purged_at, deletion_id, how)
         SELECT j.value, @at, c.deletion_id, @how FROM json_each(@ids) j LEFT JOIN contacts c ON c.id = j.value`,
  // Through the items' contact_id index (without the hint SQLite may walk every import item instead).
  importCopies: `${eraseItem('INDEXED BY idx_bulk_items_contact')} AND contact_id IN (${IN_IDS})`,
  // A row that matched two contacts names the second in its payload: read only while such rows exist.
  importSecondCopies: `${eraseItem('')} AND code = 'CONFLICT' AND json_extract(payload, '$.alsoMatches') IN (${IN_IDS})`,
  // A row refused up front for repeating the email or phone of an earlier line of the same file,
  // when that line became (or duplicated) the contact: its cells are the contact's too.
  // (csv/mapping.ts words it "same email or phone as line N of this file"; matched on "line N".)
  importRepeats: `UPDATE bulk_action_items
         SET payload = json_object('line', json_extract(payload, '$.line')), reason = '${PURGED_DUPLICATE_REASON}'
         WHERE state = 'skipped' AND code = 'INVALID' AND action_id IN (
           SELECT src.action_id FROM bulk_action_items src INDEXED BY idx_bulk_items_contact
           JOIN bulk_actions a ON a.id = src.action_id AND a.type = 'import' WHERE src.contact_id IN (${IN_IDS}))
         AND EXISTS (
           SELECT 1 FROM bulk_action_items src INDEXED BY idx_bulk_items_contact
           WHERE src.contact_id IN (${IN_IDS}) AND src.action_id = bulk_action_items.action_id
             AND json_extract(src.payload, '$.line') IS NOT NULL
             AND (bulk_action_items.reason LIKE '% line ' || json_extract(src.payload, '$.line') || ' %'
               OR bulk_action_items.reason LIKE '% line ' || json_extract(src.payload, '$.line')))`,
  // A file imported without a header row keeps its first row as the import's column names
  // (bulk_actions.params.headers, the errors file's header): if a cell is one of the contact's
  // name, email or phone, every column name becomes "column N". (json(): a subquery's result loses its JSON
  // subtype, and json_set would store the list as one string, which the errors file spread letter by letter.)
  importHeaders: `UPDATE bulk_actions
         SET params = json_set(params, '$.headers',
           json((SELECT json_group_array('column ' || (h.key + 1)) FROM json_each(params, '$.headers') h)))
         WHERE type = 'import' AND EXISTS (
           SELECT 1 FROM json_each(bulk_actions.params, '$.headers') h JOIN contacts c ON c.id IN (${IN_IDS})
           WHERE trim(h.value) <> '' AND (trim(h.value) = c.email COLLATE NOCASE OR trim(h.value) = c.phone
             OR trim(h.value) = c.first_name COLLATE NOCASE OR trim(h.value) = c.last_name COLLATE NOCASE))`,
  // Children first, through their contact_id indexes; the FK cascades then find nothing left.
  owned: OWNED_TABLES.map(({ table }) => `DELETE FROM ${table} WHERE contact_id IN (${IN_IDS})`),
  tags: `DELETE FROM contact_tags WHERE contact_id IN (${IN_IDS})`,
  contacts: `DELETE FROM contacts WHERE id IN (${IN_IDS})`,
};

/**
 * Whether any import row skipped as matching two contacts names a second one (`payload.alsoMatches`):
 * found once per connection (one scan), then kept true by noteTwoMatchRow as such rows are written, so
 * a purge reads the import items for them only when there are some.
 */
const twoMatchRows = new WeakMap<Database, boolean>();
export const noteTwoMatchRow = (db: Database): void => void twoMatchRows.set(db, true);
function hasTwoMatchRows(db: Database): boolean {
  let known = twoMatchRows.get(db);
  if (known === undefined) {
    known =
      db
        .prepare(
          "SELECT 1 FROM bulk_action_items WHERE state = 'skipped' AND code = 'CONFLICT' AND json_extract(payload, '$.alsoMatches') IS NOT NULL LIMIT 1",
        )
        .get() !== undefined;
    twoMatchRows.set(db, known);
  }
  return known;
}

/**
 * Removes deleted contacts for good with every row they own (with secure_delete on, their bytes are
 * overwritten), and leaves for each a tombstone that holds only ids and a time, so a later restore
 * can say PURGED. A live contact is never purged: it is left out and nothing of it changes. The purge
 * is written to the purge ledger (purgeLedger/ledger.ts) and flushed before any row goes, so a backup
 * restored later cannot bring the contact back. One statement per table for the whole chunk (per
 * contact, the purge of 50,000 took ~30% more time). Run inside a transaction; returns how many
 * contacts were purged.
 */
export function purgeContacts(db: Tx, contactIds: readonly string[], at: number, how: 'expired' | 'permanent'): number {
  if (contactIds.length === 0) return 0;
  const ids = (cachedStatement(db, DELETED_IN_CHUNK).all({ ids: JSON.stringify(contactIds) }) as { id: string }[]).map(
    (r) => r.id,
  );
  if (ids.length === 0) return 0;
  appendToLedger(db, { at, how, contacts: ids });
  const gone = eraseContacts(db, ids, at, how);
  if (gone !== ids.length) throw new Error(`a purge removed ${gone} contacts, expected ${ids.length}`);
  return gone;
}

/**
 * Erases contacts for good whatever their state (a purge, or the ledger re-applied to a restored
 * database in which the contact may still be live): their rows, every copy of their data kept
 * elsewhere in the database (skipped import rows that duplicated them), and a tombstone for each id.
 * Marks the search index due for a merge. Run inside a transaction; returns how many contact rows went.
 */
export function eraseContacts(db: Tx, contactIds: readonly string[], at: number, how: 'expired' | 'permanent'): number {
  if (contactIds.length === 0) return 0;
  const run = (sql: string, params: object = {}) => cachedStatement(db, sql).run(params).changes;
  const ids = JSON.stringify(contactIds);
  run(SQL.tomb, { ids, at, how });
  run(SQL.importHeaders, { ids });
  run(SQL.importRepeats, { ids });
  run(SQL.importCopies, { ids });
  if (hasTwoMatchRows(db)) run(SQL.importSecondCopies, { ids });
  for (const sql of SQL.owned) run(sql, { ids });
  run(SQL.tags, { ids });
  const gone = run(SQL.contacts, { ids });
  writeState(db, ERASE_DUE_KEY, 'true');
  return gone;
}

/** Pages of search-index merge work per transaction: one step stays near the chunk budget. */
export const FTS_MERGE_STEP = 64;
const MAX_MERGE_STEPS = 100_000;

/**
 * Rewrites the search index until it is one segment, one step (transaction) at a time with a turn of
 * the event loop between: a soft delete only marks a contact's tokens deleted (see ftsSecureDelete),
 * and only a merge that reaches the oldest segment drops them. The segments it replaces are deleted
 * rows of contacts_fts_data, whose bytes secure_delete zeroes.
 */
export const searchEraseDue = (db: Database): boolean => hasState(db, ERASE_DUE_KEY);

export async function eraseSearchRemnants(db: Database, shouldStop: () => boolean = () => false): Promise<void> {
  // Every contact search index (contacts/searchIndexes.ts), one after the other.
  const steps = CONTACT_SEARCH_INDEXES.map((t) =>
    db.prepare(`INSERT INTO ${t}(${t}, rank) VALUES ('merge', -${FTS_MERGE_STEP})`),
  );
  let index = 0;
  // Bulk actions running meanwhile keep adding small segments; a cap keeps this pass finite.
  for (let n = 0; n < MAX_MERGE_STEPS; n++) {
    if (shouldStop() || !db.open) return;
    const before = db.prepare('SELECT total_changes()').pluck().get() as number;
    db.transaction(() => steps[index]!.run()).immediate();
    const after = db.prepare('SELECT total_changes()').pluck().get() as number;
    if (after - before < 2 && ++index === steps.length) {
      clearState(db, ERASE_DUE_KEY);
      return;
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

export { checkpointAfterPurge } from './purgeCheckpoint.ts';
