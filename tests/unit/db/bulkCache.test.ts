// The bulk cache (db/bulkCache.ts): a bulk action's run and a purge may overlap, and either may end
// first; the connection's own cache and spill point come back only when the last one ends.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { BULK_CACHE_KB, BULK_CACHE_SPILL_PAGES, holdBulkCache } from '../../../electron/core/db/bulkCache.ts';
import { configure } from '../../../electron/core/db/open.ts';

const settings = (db: Database.Database) => [
  db.pragma('cache_size', { simple: true }),
  db.pragma('cache_spill', { simple: true }),
];

describe('the bulk cache', () => {
  let db: Database.Database;
  afterEach(() => {
    if (db.open) db.close();
  });

  it('nests: the own settings come back when the last holder releases, whichever ends first', () => {
    db = new Database(':memory:');
    configure(db);
    const own = settings(db);
    expect(own[0]).toBe(-65536);
    expect(own[1]).toBeLessThan(BULK_CACHE_SPILL_PAGES);
    const run = holdBulkCache(db);
    expect(settings(db)).toEqual([-BULK_CACHE_KB, BULK_CACHE_SPILL_PAGES]);
    const purge = holdBulkCache(db);
    run();
    expect(settings(db)).toEqual([-BULK_CACHE_KB, BULK_CACHE_SPILL_PAGES]);
    // Releasing twice does not end another holder's hold.
    run();
    expect(settings(db)).toEqual([-BULK_CACHE_KB, BULK_CACHE_SPILL_PAGES]);
    purge();
    expect(settings(db)).toEqual(own);
    // A later hold starts from the own settings again.
    const next = holdBulkCache(db);
    expect(settings(db)).toEqual([-BULK_CACHE_KB, BULK_CACHE_SPILL_PAGES]);
    next();
    expect(settings(db)).toEqual(own);
  });

  it('keeps a spill point already higher than its own', () => {
    db = new Database(':memory:');
    db.pragma('cache_spill = 100000');
    const release = holdBulkCache(db);
    expect(db.pragma('cache_spill', { simple: true })).toBe(100000);
    release();
    expect(db.pragma('cache_spill', { simple: true })).toBe(100000);
  });

  it('releases quietly after the connection closed (the app quit during a run)', () => {
    db = new Database(':memory:');
    const release = holdBulkCache(db);
    db.close();
    expect(() => release()).not.toThrow();
  });
});
