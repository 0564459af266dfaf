import { cachedStatement } from '../db/statements.ts';
import type { Tx } from '../db/tx.ts';
import { cellHlcSql } from './cellHlc.ts';
import { nextTime } from './syncClock.ts';

// A header-less import made on this machine before it learnt of a purge (docs/sync.md, "A purge erases the
// import's copies of the contact, everywhere"): the file's first row, kept as the import's column names
// (bulk_actions.params.headers), may be the purged contact's name, email or phone. The local purge renames them
// "column N" (purgeContactRows.ts, importHeaders); the hub cannot, for an import it receives after the purge (it
// no longer holds the contact's values). So, when this machine applies a purge, the imports it renames:
// - have their messages still waiting in the outbox (never sent) rewritten in place, at their HLCs, so the
//   names never leave the machine;
// - if this machine made them and some message of their params left already (sent, acknowledged or not), get
//   a new `params` cell with the renamed value: it wins over the earlier ones everywhere, and the hub then
//   rewrites the earlier messages carrying the names (hub/sync/eraseCopies.ts, eraseSupersededHeaders).

/** The imports whose column names hold one of the contact's name, email or phone (importHeaders' test). */
const MATCHING = `SELECT a.id FROM bulk_actions a WHERE a.type = 'import' AND EXISTS (
    SELECT 1 FROM json_each(a.params, '$.headers') h JOIN contacts c ON c.id = ?
    WHERE trim(h.value) <> '' AND (trim(h.value) = c.email COLLATE NOCASE OR trim(h.value) = c.phone
      OR trim(h.value) = c.first_name COLLATE NOCASE OR trim(h.value) = c.last_name COLLATE NOCASE))`;

/** Before the purge erases the contact: the imports its purge will rename. */
export function importsNamingContact(db: Tx, contactId: string): string[] {
  return cachedStatement(db, MATCHING).pluck().all(contactId) as string[];
}

/** After the purge renamed them: their unsent messages rewritten, and the rename sent if their names left. */
export function sendRenamedHeaders(db: Tx, actionIds: readonly string[]): void {
  const deviceId = cachedStatement(db, 'SELECT device_id FROM sync_state WHERE id = 1').pluck().get() as string;
  for (const id of actionIds) {
    const params = cachedStatement(db, 'SELECT params FROM bulk_actions WHERE id = ?').pluck().get(id) as
      | string
      | null
      | undefined;
    if (typeof params !== 'string') continue;
    const unsent = cachedStatement(
      db,
      `SELECT id, kind, vals FROM sync_outbox WHERE tbl = 'bulk_actions' AND pk = ? AND batch_id IS NULL
          AND (kind = 'row' OR col = 'params')`,
    ).all(id) as { id: number; kind: 'row' | 'cell'; vals: string | null }[];
    for (const m of unsent) {
      if (m.kind === 'cell') cachedStatement(db, 'UPDATE sync_outbox SET value = ? WHERE id = ?').run(params, m.id);
      else {
        const vals = JSON.parse(m.vals ?? '{}') as Record<string, unknown>;
        if (!('params' in vals)) continue;
        cachedStatement(db, 'UPDATE sync_outbox SET vals = ? WHERE id = ?').run(JSON.stringify({ ...vals, params }), m.id);
      }
    }
    const newest = cachedStatement(db, `SELECT ${cellHlcSql("'bulk_actions'", '@pk', "'params'")}`).pluck().get({ pk: id }) as
      | string
      | null;
    if (newest === null || !newest.endsWith(`-${deviceId}`)) continue; // made elsewhere: its maker sends the rename
    const waiting = cachedStatement(
      db,
      `SELECT 1 FROM sync_outbox WHERE tbl = 'bulk_actions' AND pk = ? AND hlc = ? AND batch_id IS NULL`,
    ).get(id, newest);
    if (waiting) continue; // the newest params never left: rewritten above
    cachedStatement(
      db,
      `INSERT INTO sync_outbox (hlc, kind, tbl, pk, contact_id, col, value) VALUES (?, 'cell', 'bulk_actions', ?, NULL, 'params', ?)`,
    ).run(nextTime(db), id, params);
  }
}
