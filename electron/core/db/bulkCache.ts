import type { Database } from 'better-sqlite3';

/**
 * The writer connection's page cache while bulk work runs (KiB; 64 MB otherwise, db/open.ts): a bulk
 * action's run (bulk/runner.ts) or a purge (lifecycle/purgeExpired.ts). A chunk of 1,000-1,500 ms dirties
 * 40,000-60,000 pages; in a 64 MB cache they pushed out the pages every statement reads (the indexes' upper
 * levels), which were then read again from the file: 2.3 million reads for a 50,000-contact restore
 * at 100,000 in 1,500 ms chunks, against 210,000 with this cache; a purge of 50,000 read 717,000 pages
 * instead of 419,000. The cache fills only with the pages the work touches and goes back to its size
 * after; the memory SQLite frees stays with the process for the next run (peak RSS of a 50,000-contact
 * run at 100,000: ~670 MB, against ~500 MB with 64 MB).
 */
export const BULK_CACHE_KB = 262144;
/**
 * Dirty pages a transaction may hold before SQLite writes some to the WAL mid-transaction (256 MB at
 * 4 KB pages; the connection's own spill point is its cache size): a page spilled mid-chunk and
 * dirtied again is written twice.
 */
export const BULK_CACHE_SPILL_PAGES = 65536;

interface Held {
  holders: number;
  cacheSize: number;
  cacheSpill: number;
}

/** Per connection: how many bulk works hold the bulk cache, and the settings to give back after the last. */
const held = new WeakMap<Database, Held>();

/**
 * Gives `db` the bulk cache until the returned release is called. Holds nest (a purge may start while
 * a bulk action runs, and either may end first): the connection's own settings come back when the last
 * holder releases. Releasing twice is harmless.
 */
export function holdBulkCache(db: Database): () => void {
  const h = held.get(db) ?? raise(db);
  h.holders++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--h.holders > 0) return;
    held.delete(db);
    if (!db.open) return;
    db.pragma(`cache_size = ${h.cacheSize}`);
    db.pragma(`cache_spill = ${h.cacheSpill}`);
  };
}

/** The first hold: notes the connection's own settings and gives it the bulk ones. */
function raise(db: Database): Held {
  const h: Held = {
    holders: 0,
    cacheSize: db.pragma('cache_size', { simple: true }) as number,
    cacheSpill: db.pragma('cache_spill', { simple: true }) as number,
  };
  held.set(db, h);
  db.pragma(`cache_size = -${BULK_CACHE_KB}`);
  db.pragma(`cache_spill = ${Math.max(BULK_CACHE_SPILL_PAGES, h.cacheSpill)}`);
  return h;
}
