import type { Database } from 'better-sqlite3';
import type { RelatedCounts } from '../../../shared/domain.ts';
import { OWNED_TABLES, zeroCounts } from './ownedTables.ts';
import { selectedLiveIds, type Selection } from './selection.ts';

/**
 * What deleting this selection would remove: the live contacts and their live related rows per kind,
 * as the DELETE modal shows them. One set-based count per kind, so "all 500,000 matching" is counted
 * without a query per contact.
 */
export function deletePreview(db: Database, selection: Selection): { contacts: number; related: RelatedCounts } {
  return db.transaction(() => {
    const ids = selectedLiveIds(db, selection);
    const related = zeroCounts();
    if (ids.length === 0) return { contacts: 0, related };
    const json = JSON.stringify(ids);
    for (const { kind, table } of OWNED_TABLES) {
      related[kind] = db
        .prepare(
          `SELECT count(*) FROM ${table} WHERE deleted_at IS NULL AND contact_id IN (SELECT value FROM json_each(?))`,
        )
        .pluck()
        .get(json) as number;
    }
    return { contacts: ids.length, related };
  })();
}
