import { DAY_MS } from '../../../shared/domain.ts';
import { ChunkedAudit, SYSTEM_ACTOR } from '../audit/record.ts';
import { holdBulkCache } from '../db/bulkCache.ts';
import { inTx, type Tx } from '../db/tx.ts';
import type { CoreContext } from '../context.ts';
import { getSettings } from '../settings/settings.ts';
import { OWNED_TABLES } from './ownedTables.ts';
import { appendToLedger } from '../purgeLedger/ledger.ts';
import { checkpointAfterPurge, walErasureDue } from './purgeCheckpoint.ts';
import { eraseSearchRemnants, purgeContacts, searchEraseDue } from './purgeContactRows.ts';
import { inTeam } from '../sync/syncClock.ts';

/**
 * Contacts per purge transaction: ~0.6-0.7 s of CPU with 20 related rows each (set-based; 50,000 in
 * chunks of 100: 6.8 s CPU, of 400: 6.0 s). The purge runs on the writer thread and the lists are read
 * on the reader threads, so a chunk delays only the calls that write, and fewer commits bring the purge
 * close to the raw SQL's time (it was 150 while a chunk also held up every list: tests/bench/README.md).
 * Each commit past the WAL's checkpoint interval also checkpoints, with two fsyncs, on the writer: at
 * 2,000 a chunk the purge of 50,000 waited for 25 of them (wall 1.15x the raw SQL's on a quiet machine,
 * CPU 1.05x); at 5,000, 10 (3 Dec 2026, loaded machine: 17.1 s wall against 8.1 s, the same CPU). An
 * edit made meanwhile waits up to one chunk; a purge this large comes only after a mass delete.
 */
export const PURGE_CHUNK = 5000;

export interface PurgeOptions {
  actor?: string;
  /** Checked between chunks: a stopping app ends the purge early; the next run picks up the rest. */
  shouldStop?: () => boolean;
  chunk?: number;
  /**
   * Called once something was purged (before the search index is merged): background passes tell the
   * views through it; a channel that purges has its changes announced by the dispatcher.
   */
  onPurged?: () => void;
}

const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The retention rule: a contact deleted more than `retentionDays` ago (strictly) is removed for good
 * with all its rows; so is a related record deleted on its own that long ago. Works in chunks, one
 * transaction each, letting other calls run between them. Returns how many contacts were purged.
 */
export async function purgeExpired(ctx: CoreContext, opts: PurgeOptions = {}): Promise<number> {
  const { db } = ctx;
  // Team mode: retention follows the hub's clock alone; the hub sends the purges (docs/sync.md). What
  // they leave to erase (search index, WAL) is still finished here.
  const team = inTeam(db);
  const chunk = opts.chunk ?? PURGE_CHUNK;
  const stop = () => opts.shouldStop?.() === true || !db.open;
  const cutoff = () => ctx.now() - getSettings(db).retentionDays * DAY_MS;
  const expired = db.prepare(
    'SELECT id FROM contacts WHERE deleted_at IS NOT NULL AND deleted_at < ? ORDER BY deleted_at LIMIT ?',
  );
  let purged = 0;
  let records = 0;
  // One audit row for the pass, written with the first chunk that purged anything, counted on after.
  const audit = new ChunkedAudit({
    at: ctx.now(),
    actor: opts.actor ?? SYSTEM_ACTOR,
    action: 'purge',
    targetType: 'contact',
    targetId: null,
  });
  const details = () => ({ retentionDays: getSettings(db).retentionDays, recordDeletions: records });
  // A purge of thousands of contacts is bulk work (and so is merging the search index after): the bulk cache.
  const releaseCache = holdBulkCache(db);
  try {
    for (;;) {
      if (stop() || team) break;
      const n = inTx(db, (tx) => {
        const ids = expired.pluck().all(cutoff(), chunk) as string[];
        const done = purgeContacts(tx, ids, ctx.now(), 'expired');
        if (done > 0) audit.add(tx, done, details());
        return done;
      });
      purged += n;
      if (n < chunk) break;
      await yieldToOthers();
    }
    if (!stop() && !team)
      records = inTx(db, (tx) => {
        const n = purgeExpiredRecords(tx, ctx.now(), cutoff());
        if (n > 0) audit.add(tx, 0, { retentionDays: getSettings(db).retentionDays, recordDeletions: n });
        return n;
      });
    if (!db.open) return purged;
    if (purged > 0 || records > 0) opts.onPurged?.();
    const erase = searchEraseDue(db);
    if (erase) await eraseSearchRemnants(db, stop);
    // An erasure of the WAL left due by an earlier purge (a reader held it then) is finished here too.
    if (db.open && (erase || records > 0 || walErasureDue(db))) await checkpointAfterPurge(db, ctx.now);
    return purged;
  } finally {
    releaseCache();
  }
}

/**
 * Related records deleted on their own ("record" deletions) older than the cutoff: gone for good. Each
 * deletion's record ids go to the purge ledger (flushed) before its rows are deleted, so a backup
 * restored later does not bring them back either.
 */
function purgeExpiredRecords(db: Tx, at: number, cutoff: number): number {
  const ids = db
    .prepare("SELECT id FROM deletions WHERE kind = 'record' AND purged_at IS NULL AND deleted_at < ?")
    .pluck()
    .all(cutoff) as string[];
  const rowsOf = db.prepare(
    OWNED_TABLES.map(({ table }) => `SELECT id FROM ${table} WHERE deletion_id = @d`).join(' UNION ALL '),
  );
  const dels = OWNED_TABLES.map(({ table }) => db.prepare(`DELETE FROM ${table} WHERE deletion_id = ?`));
  const mark = db.prepare('UPDATE deletions SET purged_at = ? WHERE id = ?');
  // One write and one flush for the whole pass, before any row goes.
  appendToLedger(
    db,
    ids.map((id) => ({ at, deletion: id, records: rowsOf.pluck().all({ d: id }) as string[] })),
  );
  for (const id of ids) {
    for (const d of dels) d.run(id);
    mark.run(at, id);
  }
  return ids.length;
}
