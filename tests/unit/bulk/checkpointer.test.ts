import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Checkpointer } from '../../../electron/core/bulk/checkpointer.ts';
import { BulkRunner } from '../../../electron/core/bulk/runner.ts';
import { DB_FILE_NAME } from '../../../electron/core/core.ts';
import { configure } from '../../../electron/core/db/open.ts';
import { fakeClock, tempDir, testCore } from '../../helpers/core.ts';
import { insertContacts } from '../../helpers/fixtures.ts';

const dirs: string[] = [];
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  vi.restoreAllMocks();
});

/** A WAL database that never checkpoints by itself, with `write(n)`: n rows of ~1 page each in one transaction. */
function walDatabase() {
  const dir = tempDir();
  dirs.push(dir);
  const file = path.join(dir, 'db.sqlite');
  const db = new Database(file);
  configure(db);
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (x BLOB)');
  closers.push(() => {
    db.close();
  });
  const insert = db.prepare('INSERT INTO t VALUES (randomblob(3000))');
  const write = (rows: number) =>
    db.transaction(() => {
      for (let i = 0; i < rows; i++) insert.run();
    })();
  return { db, file, dir, insert, write };
}

/** A checkpointer for `file`, busy and ready (its worker's connection is open); closed after the test. */
async function busyCheckpointer(file: string, opts: ConstructorParameters<typeof Checkpointer>[1]) {
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  const cp = new Checkpointer({ onReady: () => ready(), onLost: () => {}, onCaughtUp: () => {} }, opts);
  closers.unshift(() => cp.close());
  cp.markBusy(file);
  await isReady;
  return cp;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** WAL frames the database holds now (a main-connection checkpoint copies nothing new once the worker has). */
const walFrames = (db: Database.Database) => (db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]!.log;

describe('Checkpointer', () => {
  it('checkpoints on its own connection while busy, so the next write starts the WAL over', async () => {
    const { db, file, insert, write } = walDatabase();
    write(200);
    const cp = await busyCheckpointer(file, { everyMs: 20, copyAtPages: 1 });
    expect(cp.active).toBe(true);
    await sleep(150);
    insert.run(); // begins with every frame copied: the WAL restarts
    expect(walFrames(db)).toBeLessThan(20);
    cp.markIdle();
    expect(cp.active).toBe(false);
    await cp.close();
  });

  it('leaves a WAL shorter than copyAtPages uncopied while busy, and copies it once it is longer', async () => {
    const { db, file, insert, write } = walDatabase();
    write(100); // ~100 frames
    const cp = await busyCheckpointer(file, { everyMs: 20, copyAtPages: 400, limitPages: 100_000 });
    await sleep(150);
    // Nothing was copied: the next write appends to the WAL instead of starting it over.
    insert.run();
    expect(walFrames(db)).toBeGreaterThan(100);
    write(400);
    await sleep(150);
    insert.run(); // every frame was copied meanwhile: the WAL restarts
    expect(walFrames(db)).toBeLessThan(20);
    cp.markIdle();
    await cp.close();
  });

  it('gives the WAL file\'s space back a while after the run ends, unless a run starts meanwhile', async () => {
    const { db, file, insert, write } = walDatabase();
    const walBytes = () => fs.statSync(`${file}-wal`).size;
    const cp = await busyCheckpointer(file, { everyMs: 20, copyAtPages: 1, truncateAfterMs: 300 });
    write(500);
    cp.markIdle();
    await sleep(100);
    cp.markBusy(file); // a run starts before the delay is over: the file stays
    await sleep(400);
    expect(walBytes()).toBeGreaterThan(500 * 4096);
    cp.markIdle();
    await sleep(500);
    expect(walBytes()).toBe(0);
    insert.run(); // the database goes on as before
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(501);
    await cp.close();
  });

  it('falls back when its worker cannot open the database: onLost, never a throw', async () => {
    const dir = tempDir();
    dirs.push(dir);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    let lost!: () => void;
    const isLost = new Promise<void>((resolve) => (lost = resolve));
    const onReady = vi.fn();
    const cp = new Checkpointer({ onReady, onLost: () => lost(), onCaughtUp: () => {} });
    closers.unshift(() => cp.close());
    cp.markBusy(path.join(dir, 'missing.sqlite'));
    await isLost;
    expect(onReady).not.toHaveBeenCalled();
    expect(cp.active).toBe(false);
    cp.markBusy(path.join(dir, 'missing.sqlite')); // stays off: no second worker
    await cp.close();
  });

  it('a bulk action on the real core: the interval comes back when idle and close leaves no WAL', async () => {
    const t = await testCore({ now: fakeClock() });
    closers.push(() => fs.rmSync(t.dataDir, { recursive: true, force: true }));
    await t.call('settings.update', { profileName: 'Ann' });
    const ids = insertContacts(t.core.db, 400);
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
    t.core.runner.chunkSize = 50;
    const during: number[] = [];
    const off = t.core.events.on('bulkActions.progress', () => {
      during.push(t.core.db.pragma('wal_autocheckpoint', { simple: true }) as number);
    });
    t.core.runner.start();
    await t.core.runner.idle();
    off();
    expect(during.length).toBeGreaterThan(1);
    expect(during.every((pages) => pages === 0 || pages === 16000)).toBe(true);
    expect(t.core.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect((await t.call<{ status: string }>('bulkActions.get', { id: bulkActionId })).status).toBe('complete');
    await t.core.close();
    expect(fs.existsSync(path.join(t.dataDir, `${DB_FILE_NAME}-wal`))).toBe(false);
  });

  it('a bulk delete keeps the WAL near its limit: the runner waits between chunks and the WAL starts over', async () => {
    const t = await testCore({ now: fakeClock() });
    closers.push(() => fs.rmSync(t.dataDir, { recursive: true, force: true }));
    const ids = insertContacts(t.core.db, 1500);
    // Chunks of 25 contacts write ~500-700 frames each.
    const limitPages = 2000;
    const runner = new BulkRunner(t.core.ctx, { chunkSize: 25, checkpoints: { everyMs: 10, copyAtPages: 1000, limitPages } });
    // The WAL's last frame, from the WAL-index header (a checkpoint from here would copy frames itself).
    const shm = fs.openSync(path.join(t.dataDir, `${DB_FILE_NAME}-shm`), 'r');
    const header = Buffer.alloc(20);
    const frames: number[] = [];
    const off = t.core.events.on('bulkActions.progress', () => {
      fs.readSync(shm, header, 0, 20, 0);
      frames.push(header.readUInt32LE(16));
    });
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
    runner.start();
    await runner.idle();
    off();
    fs.closeSync(shm);
    await runner.stop();
    expect((await t.call<{ processed: number }>('bulkActions.get', { id: bulkActionId })).processed).toBe(1500);
    // ~35,000 frames were written in all; the WAL started over again and again, each time a few chunks
    // past the limit (the chunks written while the worker copied and its message was on its way).
    // Before, a caught-up sent while a chunk was still being written often kept it from starting over.
    // (Until the worker has loaded, ~0.5-1 s, the main connection checkpoints by itself at 16,000.)
    const restarts = frames.flatMap((f, i) => (i > 0 && f < frames[i - 1]! ? [i] : []));
    expect(frames.length).toBeGreaterThan(50);
    expect(restarts.length, frames.join(' ')).toBeGreaterThanOrEqual(5);
    expect(Math.max(...frames.slice(restarts[0])), frames.join(' ')).toBeLessThan(limitPages * 5);
    await t.core.close();
  });
});
