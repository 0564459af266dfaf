// Issue 12 item 11: a purge's checkpoint that another connection holds back is not ignored: the call
// says the files are not erased yet and when it tries again, the erasure is recorded in the database,
// and a later checkpoint (the retry timer, the next purge pass, the next start) finishes it.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../shared/domain.ts';
import { DB_FILE_NAME } from '../../../electron/core/core.ts';
import { WAL_ERASE_DUE_KEY, WAL_ERASURE_RETRY } from '../../../electron/core/lifecycle/purgeCheckpoint.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';
import { insertContacts } from '../../helpers/fixtures.ts';
import { fileBytes, leaked } from '../../helpers/privacy.ts';

type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
let reader: Database.Database | null = null;
const saved = { ...WAL_ERASURE_RETRY };
afterEach(async () => {
  Object.assign(WAL_ERASURE_RETRY, saved);
  reader?.close();
  reader = null;
  await t?.cleanup();
});

const SECRETS = ['Zebediah', 'Quuxington', 'zq-7q2xk@unique.example'];

async function setup() {
  const clock = fakeClock();
  t = await testCore({ now: clock });
  const db = t.core.db;
  insertContacts(db, 100);
  const [id] = insertContacts(db, 1, { prefix: 'doomed' });
  db.prepare("UPDATE contacts SET first_name = 'Zebediah', last_name = 'Quuxington', email = ? WHERE id = ?").run(
    SECRETS[2],
    id,
  );
  await t.call('contacts.deleteOne', { id });
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { clock, db, id: id! };
}

/** A second connection (another reader, as the checkpoint worker's) holding a read snapshot open. */
function holdReadSnapshot(dataDir: string): Database.Database {
  const r = new Database(path.join(dataDir, DB_FILE_NAME), { fileMustExist: true });
  r.prepare('BEGIN').run();
  r.prepare('SELECT count(*) FROM contacts').get();
  return r;
}
const walSize = () => fs.statSync(path.join(t.dataDir, DB_FILE_NAME + '-wal')).size;
const due = (db: Database.Database) =>
  db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(WAL_ERASE_DUE_KEY);

describe('the checkpoint after a purge (issue 12, item 11)', () => {
  it('"Delete permanently" under a reader: says the WAL is not erased yet and when, without blocking; the retry timer finishes it', async () => {
    const { clock, db, id } = await setup();
    WAL_ERASURE_RETRY.everyMs = 150;
    reader = holdReadSnapshot(t.dataDir);
    const started = Date.now();
    const answer = await t.call<{ purged: number; erasure: { done: boolean; nextAttemptAt: number | null } }>(
      'restore.purge',
      { ids: [id], confirm: 'DELETE' },
    );
    expect(Date.now() - started).toBeLessThan(2_000); // never waits out the 5 s busy timeout
    expect(answer).toEqual({ purged: 1, erasure: { done: false, nextAttemptAt: clock() + 150 } });
    expect(JSON.parse(due(db) as string)).toEqual({ since: clock() });
    expect(walSize()).toBeGreaterThan(0);
    expect(leaked(fileBytes(t.dataDir), SECRETS).length).toBeGreaterThan(0); // the old page images, still in the WAL
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000); // restored after the attempt

    reader.prepare('COMMIT').run();
    await new Promise((r) => setTimeout(r, 400));
    expect(due(db)).toBeUndefined();
    expect(walSize()).toBe(0);
    expect(leaked(fileBytes(t.dataDir), SECRETS)).toEqual([]);
    expect(await t.call('lifecycle.purgeExpired', {})).toEqual({
      purged: 0,
      erasure: { done: true, nextAttemptAt: null },
    });
  });

  it('the expired purge under a reader says so too; the next purge pass finishes it after the timer gave up', async () => {
    const { clock, db } = await setup();
    WAL_ERASURE_RETRY.everyMs = 60_000; // the timer does not fire within this test
    reader = holdReadSnapshot(t.dataDir);
    clock.advance(61 * DAY_MS);
    expect(await t.call('lifecycle.purgeExpired', {})).toEqual({
      purged: 1,
      erasure: { done: false, nextAttemptAt: clock() + 60_000 },
    });
    expect(leaked(fileBytes(t.dataDir), SECRETS).length).toBeGreaterThan(0);
    reader.prepare('COMMIT').run();
    // Nothing left to purge, but the pass finishes the erasure left due.
    expect(await t.call('lifecycle.purgeExpired', {})).toEqual({
      purged: 0,
      erasure: { done: true, nextAttemptAt: null },
    });
    expect(due(db)).toBeUndefined();
    expect(walSize()).toBe(0);
    expect(leaked(fileBytes(t.dataDir), SECRETS)).toEqual([]);
  });

  it('an erasure left due when the app quit is finished at the next start', async () => {
    const { db, id } = await setup();
    WAL_ERASURE_RETRY.everyMs = 60_000;
    reader = holdReadSnapshot(t.dataDir);
    expect(await t.call('restore.purge', { ids: [id], confirm: 'DELETE' })).toMatchObject({ erasure: { done: false } });
    expect(due(db)).toBeDefined();
    const dataDir = t.dataDir;
    await t.core.close(); // the reader still holds the WAL: it stays
    reader.prepare('COMMIT').run();
    t = await testCore({ dataDir, now: fakeClock() });
    expect(due(t.core.db)).toBeUndefined();
    expect(walSize()).toBe(0);
    expect(leaked(fileBytes(dataDir), SECRETS)).toEqual([]);
  });
});
