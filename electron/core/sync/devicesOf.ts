import type { Database } from 'better-sqlite3';
import { createdHlcSql } from './cellHlc.ts';

// Which device made a deletion or a bulk action ("Deleted by Ana on her laptop"): the device whose clock
// stamped the row's creation. Every synced row's `id` column (its row message) carries the hybrid-logical-clock time of its
// insert, whose last part is the device id (shared/sync/hlc.ts), on every machine alike. Rows made before
// this database joined a team were stamped at join with this device. Unknown rows are left out.

export function devicesOf(
  db: Database,
  table: 'deletions' | 'bulk_actions',
  ids: readonly string[],
): Record<string, string> {
  const stmt = db.prepare(`SELECT ${createdHlcSql('@tbl', '@pk')}`).pluck();
  const out: Record<string, string> = {};
  for (const id of new Set(ids)) {
    const hlc = stmt.get({ tbl: table, pk: id }) as string | null;
    const device = hlc ? /^\d{13}-\d{5}-(.+)$/.exec(hlc)?.[1] : undefined;
    if (device) out[id] = device;
  }
  return out;
}
