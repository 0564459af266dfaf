// One test per fault: disk full, a locked database, a read-only data folder, a damaged database file.
// Each asserts the message the user sees, that nothing changed (dumpDatabase before and after), and that
// the same work succeeds once the fault is gone.
import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppErrorShape } from '../../../shared/contract.ts';
import type { Contact } from '../../../shared/domain.ts';
import { runChunk } from '../../../electron/core/bulk/runChunk.ts';
import { createCore, DB_FILE_NAME } from '../../../electron/core/core.ts';
import { dumpDatabase, fakeClock, testCore } from '../../helpers/core.ts';

type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
const clock = fakeClock();

const MESSAGES = {
  DISK_FULL: 'The disk is full, so nothing was changed. Free some space and try again.',
  BUSY: 'The database is busy in another program, so nothing was changed. Close other copies of Kyrios and try again.',
  READ_ONLY:
    'Kyrios cannot write to its data folder, so nothing was changed. Check that the folder is writable and not on a read-only disk, then try again.',
  CORRUPT: 'The database file is damaged. Restore the latest backup from Settings.',
};

let contacts: Contact[] = [];
beforeEach(async () => {
  t = await testCore({ now: clock });
  contacts = [];
  for (let i = 0; i < 12; i++) {
    const c = await t.call<Contact>('contacts.create', {
      firstName: `First${i}`,
      lastName: 'Fault',
      email: `person${i}@example.com`,
      tags: ['fault'],
    });
    await t.call('related.create', { kind: 'note', contactId: c.id, body: `note for ${i}` });
    await t.call('related.create', { kind: 'task', contactId: c.id, title: `task for ${i}` });
    contacts.push(c);
  }
});
afterEach(() => t.cleanup());

const call = (channel: string, input: unknown) => t.core.dispatcher.call(channel, input);
const errorOf = async (channel: string, input: unknown): Promise<AppErrorShape> => {
  const env = await call(channel, input);
  if (env.ok) throw new Error(`${channel} succeeded but should have failed`);
  return env.error;
};
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const newContact = (i: number) => ({ firstName: 'x'.repeat(100), lastName: `Filler${i}`, email: `filler${i}@example.com`, company: 'c'.repeat(200) });

describe('disk full (PRAGMA max_page_count)', () => {
  it('a contact create that hits a full disk changes nothing, says so, and succeeds once there is space', async () => {
    const db = t.core.db;
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    // Fill the database until a create no longer fits: the disk "fills up" while the user works.
    let failed: { error: AppErrorShape; input: unknown; before: unknown } | null = null;
    for (let i = 0; i < 500 && !failed; i++) {
      const before = dumpDatabase(db);
      const env = await call('contacts.create', newContact(i));
      if (!env.ok) failed = { error: env.error, input: newContact(i), before };
    }
    expect(failed, 'the database never filled up').not.toBeNull();
    expect(failed!.error).toEqual({ code: 'DISK_FULL', message: MESSAGES.DISK_FULL });
    expect(dumpDatabase(db)).toEqual(failed!.before);
    // Other writes fail the same way and change nothing either.
    const before = dumpDatabase(db);
    const longNote = { kind: 'note', contactId: contacts[0]!.id, body: 'n'.repeat(20_000) };
    expect(await errorOf('related.create', longNote)).toEqual({ code: 'DISK_FULL', message: MESSAGES.DISK_FULL });
    expect(dumpDatabase(db)).toEqual(before);
    // Space is freed: the very same work succeeds.
    db.pragma('max_page_count = 1073741823');
    expect((await call('contacts.create', failed!.input)).ok).toBe(true);
    expect((await call('related.create', longNote)).ok).toBe(true);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('a bulk delete chunk that hits a full disk leaves every contact whole, and the delete can be finished', async () => {
    const db = t.core.db;
    const ids = contacts.map((c) => c.id);
    const { bulkActionId } = (await t.call('contacts.delete', { ids })) as { bulkActionId: string };
    // One chunk of 2 goes through, then the disk fills up.
    runChunk(t.core.ctx, bulkActionId, 2);
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    for (let i = 0; i < 500; i++) if (!(await call('contacts.create', newContact(i))).ok) break;
    const before = dumpDatabase(db, { exclude: ['bulk_actions', 'audit_log'] });
    // The runner meets the full disk: the chunk's transaction rolls back and the action stops.
    t.core.runner.start();
    await t.core.runner.idle();
    await t.core.runner.stop();
    const stopped = (await t.call('bulkActions.get', { id: bulkActionId })) as { status: string; error: string | null; processed: number };
    expect(stopped).toMatchObject({
      status: 'failed',
      processed: 2,
      error: 'the disk is full. Free some space; what was done so far is kept',
    });
    // The failed chunk rolled back whole: no contact half deleted, no item marked.
    expect(dumpDatabase(db, { exclude: ['bulk_actions', 'audit_log'] })).toEqual(before);
    const liveOf = (table: string, id: string) =>
      (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE contact_id = ? AND deleted_at IS NULL`).get(id) as { n: number }).n;
    for (const id of ids) {
      const contactLive = (db.prepare('SELECT deleted_at IS NULL AS live FROM contacts WHERE id = ?').get(id) as { live: number }).live;
      expect([liveOf('notes', id), liveOf('tasks', id)]).toEqual(contactLive ? [1, 1] : [0, 0]);
    }
    // The space comes back: the same delete, asked for again, finishes the work (it takes only the
    // contacts still live: the failed action's 2 stay deleted by it), and every selected contact ends deleted.
    db.pragma('max_page_count = 1073741823');
    t.core.runner.start();
    const again = (await t.call('contacts.delete', { ids })) as { bulkActionId: string };
    await t.core.runner.idle();
    expect(await t.call('bulkActions.get', { id: again.bulkActionId })).toMatchObject({ status: 'complete', total: 10, processed: 10, skipped: 0 });
    const live = db.prepare(`SELECT count(*) AS n FROM contacts WHERE id IN (${ids.map(() => '?').join(',')}) AND deleted_at IS NULL`).get(...ids) as { n: number };
    expect(live.n).toBe(0);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});

describe('a locked database (another connection holds BEGIN EXCLUSIVE)', () => {
  it('answers BUSY after the busy timeout, changes nothing, and succeeds once the lock is gone', async () => {
    const db = t.core.db;
    db.pragma('busy_timeout = 50'); // the app waits 5 s; the test need not
    const other = new Database(path.join(t.dataDir, DB_FILE_NAME));
    const before = dumpDatabase(db);
    other.exec('BEGIN EXCLUSIVE');
    try {
      const busy = { code: 'BUSY', message: MESSAGES.BUSY };
      expect(await errorOf('contacts.create', newContact(1))).toEqual(busy);
      expect(await errorOf('contacts.update', { id: contacts[0]!.id, company: 'Changed' })).toEqual(busy);
      expect(await errorOf('related.create', { kind: 'note', contactId: contacts[0]!.id, body: 'x' })).toEqual(busy);
      expect(await errorOf('contacts.deleteOne', { id: contacts[1]!.id })).toEqual(busy);
      // Reading still works in WAL mode while another program writes.
      expect((await call('contacts.list', {})).ok).toBe(true);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(dumpDatabase(db)).toEqual(before);
    expect((await call('contacts.create', newContact(1))).ok).toBe(true);
    expect((await call('contacts.update', { id: contacts[0]!.id, company: 'Changed' })).ok).toBe(true);
  });
});

describe('a read-only data folder', () => {
  // Tests run as root, where chmod does not stop writes. PRAGMA query_only makes SQLite refuse every
  // write with SQLITE_READONLY: the very error a read-only folder or file gives the app's connection.
  it('answers READ_ONLY to every write, changes nothing, and succeeds once writing is possible again', async () => {
    const db = t.core.db;
    const before = dumpDatabase(db);
    db.pragma('query_only = ON');
    const readOnly = { code: 'READ_ONLY', message: MESSAGES.READ_ONLY };
    expect(await errorOf('contacts.create', newContact(1))).toEqual(readOnly);
    expect(await errorOf('contacts.update', { id: contacts[0]!.id, company: 'Changed' })).toEqual(readOnly);
    expect(await errorOf('related.create', { kind: 'note', contactId: contacts[0]!.id, body: 'x' })).toEqual(readOnly);
    expect(await errorOf('contacts.deleteOne', { id: contacts[1]!.id })).toEqual(readOnly);
    expect(await errorOf('settings.update', { retentionDays: 30 })).toEqual(readOnly);
    expect((await call('contacts.list', {})).ok).toBe(true);
    expect(dumpDatabase(db)).toEqual(before);
    db.pragma('query_only = OFF');
    expect((await call('contacts.create', newContact(1))).ok).toBe(true);
    expect((await call('contacts.deleteOne', { id: contacts[1]!.id })).ok).toBe(true);
  });

  it('a data folder that cannot be created is reported with the folder named', async () => {
    const blocker = path.join(t.dataDir, 'a-file');
    fs.writeFileSync(blocker, 'not a folder');
    const dataDir = path.join(blocker, 'Kyrios Desktop');
    await expect(createCore({ dataDir, background: false })).rejects.toMatchObject({
      code: 'READ_ONLY',
      message: `Kyrios cannot write to its data folder (${dataDir}). Check that the folder exists, is writable and is not on a read-only disk.`,
    });
  });

  it.skipIf(process.getuid?.() === 0)('a folder and file without write permission (not as root)', async () => {
    const file = path.join(t.dataDir, DB_FILE_NAME);
    await t.core.close();
    fs.chmodSync(file, 0o444);
    fs.chmodSync(t.dataDir, 0o555);
    try {
      const opened = await createCore({ dataDir: t.dataDir, background: false }).catch((e: unknown) => e);
      if ('dispatcher' in (opened as object)) {
        const core = opened as Awaited<ReturnType<typeof createCore>>;
        const env = await core.dispatcher.call('contacts.create', newContact(1));
        expect(!env.ok && env.error.code).toBe('READ_ONLY');
        await core.close();
      } else {
        expect(opened).toMatchObject({ code: 'READ_ONLY' });
      }
    } finally {
      fs.chmodSync(t.dataDir, 0o755);
      fs.chmodSync(file, 0o644);
    }
  });
});

describe('a damaged database file', () => {
  function corruptPage(file: string, table: string) {
    const db = new Database(file);
    const { rootpage } = db.prepare('SELECT rootpage FROM sqlite_schema WHERE name = ?').get(table) as { rootpage: number };
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.close();
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, (rootpage - 1) * pageSize);
    fs.closeSync(fd);
  }

  it('garbage in a page: calls answer CORRUPT and the file is never written', async () => {
    await t.call('backups.create', {});
    await t.core.close();
    const file = path.join(t.dataDir, DB_FILE_NAME);
    corruptPage(file, 'contacts');
    const hash = sha(file);
    const core = await createCore({ dataDir: t.dataDir, now: clock, background: false });
    try {
      const corrupt = { code: 'CORRUPT', message: MESSAGES.CORRUPT };
      const errorIn = async (channel: string, input: unknown) => {
        const env = await core.dispatcher.call(channel, input);
        return env.ok ? 'ok' : env.error;
      };
      expect(await errorIn('contacts.list', {})).toEqual(corrupt);
      expect(await errorIn('contacts.create', newContact(1))).toEqual(corrupt);
      expect(await errorIn('contacts.deleteOne', { id: contacts[0]!.id })).toEqual(corrupt);
    } finally {
      await core.close();
    }
    expect(sha(file)).toBe(hash);
  });

  it('garbage in the header: the app does not open it, names the latest backup, and leaves it as it is', async () => {
    const backup = (await t.call('backups.create', {})) as { name: string };
    await t.core.close();
    const file = path.join(t.dataDir, DB_FILE_NAME);
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, crypto.randomBytes(100), 0, 100, 0);
    fs.closeSync(fd);
    const hash = sha(file);
    await expect(createCore({ dataDir: t.dataDir, now: clock, background: false })).rejects.toMatchObject({
      code: 'CORRUPT',
      message: `The database file is damaged, so Kyrios did not open it (it was left as it is). Restore the latest backup, ${backup.name}, to continue.`,
    });
    expect(sha(file)).toBe(hash);
    expect(fs.readdirSync(t.dataDir).filter((f) => f.startsWith(DB_FILE_NAME))).toEqual([DB_FILE_NAME]);
  });
});
