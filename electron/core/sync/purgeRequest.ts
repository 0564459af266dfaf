import type { Database } from 'better-sqlite3';
import { inTx } from '../db/tx.ts';
import { nextTime } from './syncClock.ts';

/**
 * Team mode's "Delete permanently": only the hub purges (docs/sync.md, retention), so the member's
 * request travels as a purgeRequest per deleted contact; the hub checks the role and answers with a
 * purge that every machine, this one included, applies. Live or unknown contacts are left out, as
 * the solo permanent delete leaves them. Returns how many were requested.
 */
export function requestPurge(db: Database, ids: readonly string[]): number {
  return inTx(db, () => {
    const deleted = db.prepare('SELECT 1 FROM contacts WHERE id = ? AND deleted_at IS NOT NULL');
    const add = db.prepare("INSERT INTO sync_outbox (hlc, kind, contact_id) VALUES (?, 'purgeRequest', ?)");
    let n = 0;
    for (const id of new Set(ids)) {
      if (!deleted.get(id)) continue;
      add.run(nextTime(db), id);
      n++;
    }
    return n;
  });
}
