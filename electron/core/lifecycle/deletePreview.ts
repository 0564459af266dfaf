import type { Database } from 'better-sqlite3';
import type { RelatedCounts } from '../../../shared/domain.ts';
import { OWNED_TABLES, zeroCounts } from './ownedTables.ts';
import { selectedLiveIds, type Selection } from './selection.ts';

/** What deleting this selection would remove: the live contacts and their live related rows per kind. */
export function deletePreview(db: Database, selection: Selection): { contacts: number; related: RelatedCounts } {
  return db.transaction(() => {
    const ids = selectedLiveIds(db, selection);
    const related = zeroCounts();
    const counters = OWNED_TABLES.map(({ kind, table }) => ({
      kind,
      stmt: db.prepare(`SELECT count(*) FROM ${table} WHERE contact_id = ? AND deleted_at IS NULL`).pluck(),
    }));
    for (const id of ids) for (const c of counters) related[c.kind] += c.stmt.get(id) as number;
    return { contacts: ids.length, related };
  })();
}
