import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackupInfo, Contact } from '../../../shared/domain.ts';
import { DAY_MS } from '../../../shared/domain.ts';
import { BackupScheduler } from '../../../electron/core/backups/backupScheduler.ts';
import { backupsDir, parseBackupName, resolveBackup } from '../../../electron/core/backups/backupNames.ts';
import { quickCheck, removeLeftovers } from '../../../electron/core/backups/createBackup.ts';
import { quickCheckSync } from '../../../electron/core/backups/quickCheckSync.ts';
import { latestBackup, listBackups } from '../../../electron/core/backups/listBackups.ts';
import { DB_FILE, restoreBackupOffline } from '../../../electron/core/backups/restoreBackup.ts';
import { createCore, DB_FILE_NAME } from '../../../electron/core/core.ts';
import { configure } from '../../../electron/core/db/open.ts';
import { migrate } from '../../../electron/core/db/migrate.ts';
import { LATEST_VERSION, MIGRATIONS } from '../../../electron/core/db/migrations/index.ts';
import { dumpDatabase, fakeClock, tempDir, testCore } from '../../helpers/core.ts';

type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
const clock = fakeClock();
const start = clock();

beforeEach(async () => {
  clock.set(start);
  t = await testCore({ now: clock });
});
afterEach(() => t.cleanup());

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const names = () => listBackups(t.dataDir).map((b) => b.name);
const contactNames = () =>
  (t.core.db.prepare('SELECT first_name FROM contacts ORDER BY first_name').all() as { first_name: string }[]).map(
    (r) => r.first_name,
  );
const create = (firstName: string) =>
  t.call<Contact>('contacts.create', { firstName, email: `${firstName.toLowerCase()}@example.com` });
const restore = (name: string) => t.core.dispatcher.call('backups.restore', { name, confirm: 'RESTORE' });

/** Overwrites the first bytes of the page that holds the contacts table's root with garbage. */
function corruptContactsPage(file: string): void {
  const db = new Database(file);
  const { rootpage } = db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'contacts'").get() as {
    rootpage: number;
  };
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, (rootpage - 1) * pageSize);
  fs.closeSync(fd);
}

describe('backup names', () => {
  it('reads kind and time from every kind of name, and nothing else', () => {
    const stamp = '2026-01-15T12-00-00-000Z';
    for (const [label, kind] of [
      ['automatic', 'automatic'],
      ['manual', 'manual'],
      ['pre-restore', 'pre-restore'],
      ['pre-migration-v3', 'pre-migration'],
    ]) {
      expect(parseBackupName(`kyrios-${stamp}-${label}.sqlite`)).toEqual({
        name: `kyrios-${stamp}-${label}.sqlite`,
        createdAt: start,
        kind,
      });
    }
    for (const bad of [
      'kyrios.sqlite',
      `kyrios-${stamp}-other.sqlite`,
      `kyrios-${stamp}-manual.sqlite.partial`,
      `../kyrios-${stamp}-manual.sqlite`,
      `kyrios-${stamp}-manual.sqlite/../../kyrios.sqlite`,
      `/etc/kyrios-${stamp}-manual.sqlite`,
      `kyrios-2026-13-45T99-00-00-000Z-manual.sqlite`,
    ]) {
      expect(parseBackupName(bad), bad).toBeNull();
    }
  });

  it('the database file name matches the core', () => {
    expect(DB_FILE).toBe(DB_FILE_NAME);
  });
});

describe('backups.create and backups.list', () => {
  it('"Back up now" writes a manual backup that lists with its size, time and kind', async () => {
    expect(await t.call('backups.list', {})).toEqual([]);
    await create('Ann');
    const backup = await t.call<BackupInfo>('backups.create', {});
    expect(backup).toEqual({
      name: 'kyrios-2026-01-15T12-00-00-000Z-manual.sqlite',
      createdAt: start,
      sizeBytes: fs.statSync(path.join(backupsDir(t.dataDir), backup.name)).size,
      kind: 'manual',
    });
    expect(backup.sizeBytes).toBeGreaterThan(0);
    // Two in the same millisecond get distinct names; the list is newest first.
    const second = await t.call<BackupInfo>('backups.create', {});
    expect(second.name).not.toBe(backup.name);
    expect(await t.call('backups.list', {})).toEqual([second, backup]);
    // The backup is a complete, consistent database holding the contact.
    const copy = new Database(path.join(backupsDir(t.dataDir), backup.name), { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare('SELECT first_name FROM contacts').all()).toEqual([{ first_name: 'Ann' }]);
    copy.close();
  });

  it('ignores files that are not backups, and removes what a crash left half-done', async () => {
    const dir = backupsDir(t.dataDir);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'x');
    fs.writeFileSync(path.join(dir, 'kyrios-2026-01-15T12-00-00-000Z-manual.sqlite.partial'), 'half');
    fs.mkdirSync(path.join(dir, 'kyrios-2026-01-15T12-00-00-000Z-automatic.sqlite'));
    expect(await t.call('backups.list', {})).toEqual([]);
    // A restore cut short by a crash leaves its staged copy beside the database.
    fs.writeFileSync(path.join(t.dataDir, 'kyrios.sqlite.restoring-0123456789ab'), 'staged');
    fs.writeFileSync(path.join(t.dataDir, 'kyrios.sqlite.restoring-0123456789ab-wal'), 'staged');
    removeLeftovers(t.dataDir);
    expect(fs.readdirSync(dir).sort()).toEqual(['kyrios-2026-01-15T12-00-00-000Z-automatic.sqlite', 'notes.txt']);
    expect(fs.readdirSync(t.dataDir).filter((f) => f.includes('restoring'))).toEqual([]);
  });

  it('keeps the pre-migration backup that opening an older database writes', async () => {
    const dataDir = tempDir();
    const old = new Database(path.join(dataDir, DB_FILE_NAME));
    configure(old);
    migrate(old, MIGRATIONS, 2);
    old.close();
    const core = await createCore({ dataDir, now: clock, background: false });
    try {
      const [backup] = listBackups(dataDir);
      expect(backup).toMatchObject({
        name: 'kyrios-2026-01-15T12-00-00-000Z-pre-migration-v2.sqlite',
        kind: 'pre-migration',
      });
      // The daily pruning never removes it.
      const scheduler = new BackupScheduler(core.ctx, { dataDir });
      for (let day = 0; day < 9; day++) {
        clock.advance(DAY_MS);
        await scheduler.runOnce();
      }
      expect(listBackups(dataDir).filter((b) => b.kind === 'pre-migration')).toHaveLength(1);
    } finally {
      await core.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the automatic daily backup', () => {
  it('writes one a day and keeps the newest 7; manual backups are never removed', async () => {
    const scheduler = new BackupScheduler(t.core.ctx, { dataDir: t.dataDir });
    await t.call('backups.create', {});
    const first = await scheduler.runOnce();
    expect(first).toBe('kyrios-2026-01-15T12-00-00-000Z-automatic.sqlite');
    // Not due again within 24 hours.
    clock.advance(DAY_MS - 1);
    expect(await scheduler.runOnce()).toBeNull();
    clock.advance(1);
    expect(await scheduler.runOnce()).toMatch(/^kyrios-2026-01-16T12-00-00-000Z-automatic\.sqlite$/);
    for (let day = 0; day < 10; day++) {
      clock.advance(DAY_MS);
      await scheduler.runOnce();
    }
    const all = listBackups(t.dataDir);
    const automatic = all.filter((b) => b.kind === 'automatic');
    expect(automatic).toHaveLength(7);
    // One a day from the 15th to the 26th; the newest seven remain.
    expect(automatic.map((b) => new Date(b.createdAt).toISOString().slice(0, 10))).toEqual(
      ['26', '25', '24', '23', '22', '21', '20'].map((d) => `2026-01-${d}`),
    );
    expect(all.filter((b) => b.kind === 'manual')).toHaveLength(1);
    await scheduler.stop();
  });

  it('does not keep a copy of a damaged database, nor rotate the good ones out for it', async () => {
    await create('Ann');
    const scheduler = new BackupScheduler(t.core.ctx, { dataDir: t.dataDir });
    for (let day = 0; day < 7; day++) {
      await scheduler.runOnce();
      clock.advance(DAY_MS);
    }
    const good = names();
    expect(good).toHaveLength(7);
    await t.core.close();
    corruptContactsPage(path.join(t.dataDir, DB_FILE_NAME));
    t = { ...t, core: await createCore({ dataDir: t.dataDir, now: clock, background: false }) };
    const damaged = new BackupScheduler(t.core.ctx, { dataDir: t.dataDir });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.join(' '));
    try {
      expect(await damaged.runOnce()).toBeNull();
    } finally {
      console.error = original;
    }
    expect(errors).toEqual([
      expect.stringMatching(/^\[kyrios\] automatic backup failed: CORRUPT: The backup was not kept/),
    ]);
    expect(names()).toEqual(good);
    expect(fs.readdirSync(backupsDir(t.dataDir)).filter((f) => f.endsWith('.partial'))).toEqual([]);
    const env = await t.core.dispatcher.call('backups.create', {});
    expect(env).toMatchObject({
      ok: false,
      error: { code: 'CORRUPT', message: expect.stringContaining('the database itself is damaged') },
    });
    expect(names()).toEqual(good);
  });

  it('runs on its timer when the core runs in the background, and close waits for it', async () => {
    const dataDir = tempDir();
    const core = await createCore({ dataDir, now: clock, background: true });
    const scheduler = new BackupScheduler(core.ctx, { dataDir, startDelayMs: 5, intervalMs: 10 });
    scheduler.start();
    await new Promise((r) => setTimeout(r, 100));
    await scheduler.stop();
    await core.close();
    expect(listBackups(dataDir).map((b) => b.kind)).toEqual(['automatic']);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});

describe('backups.restore', () => {
  it('brings the backup back, keeps a pre-restore backup, and the app goes on working', async () => {
    await create('Ann');
    const backup = await t.call<BackupInfo>('backups.create', {});
    await create('Bob');
    const oldConnection = t.core.db;
    const changed: unknown[] = [];
    t.core.events.on('data.changed', (p) => changed.push(p));
    clock.advance(1000);

    const result = await t.call<{ restoredFrom: string; preRestoreBackup: string }>('backups.restore', {
      name: backup.name,
      confirm: 'RESTORE',
    });
    expect(result).toEqual({
      restoredFrom: backup.name,
      preRestoreBackup: 'kyrios-2026-01-15T12-00-01-000Z-pre-restore.sqlite',
    });
    expect(oldConnection.open).toBe(false);
    expect(t.core.db).toBe(t.core.ctx.db);
    expect(contactNames()).toEqual(['Ann']);
    expect(t.core.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(changed).toEqual([{ scope: ['contacts', 'restore', 'bulkActions', 'settings'] }]);
    expect(fs.readdirSync(t.dataDir).filter((f) => f.includes('restoring'))).toEqual([]);
    // Writes go to the restored database.
    await create('Cyd');
    expect(contactNames()).toEqual(['Ann', 'Cyd']);
    // The pre-restore backup undoes the restore.
    await t.call('backups.restore', { name: result.preRestoreBackup, confirm: 'RESTORE' });
    expect(contactNames()).toEqual(['Ann', 'Bob']);
  });

  it('answers every call made while the restore runs, from the old or the restored data', async () => {
    await create('Ann');
    const backup = await t.call<BackupInfo>('backups.create', {});
    const restoring = restore(backup.name);
    const during = await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.core.dispatcher.call('contacts.create', { firstName: `During${i}` })),
    );
    expect((await restoring).ok).toBe(true);
    expect(during.every((e) => e.ok)).toBe(true);
  });

  it('runs one restore at a time: a second one at the same moment is told BUSY', async () => {
    await create('Ann');
    const backup = await t.call<BackupInfo>('backups.create', {});
    await create('Bob');
    const [first, second] = await Promise.all([restore(backup.name), restore(backup.name)]);
    expect(first.ok).toBe(true);
    expect(second).toEqual({
      ok: false,
      error: { code: 'BUSY', message: 'A restore is already under way. Wait for it to finish, then try again.' },
    });
    expect(contactNames()).toEqual(['Ann']);
    expect(fs.readdirSync(t.dataDir).filter((f) => f.includes('restoring'))).toEqual([]);
  });

  it('with background work on, the runner and timers resume on the restored database', async () => {
    const dataDir = tempDir();
    const core = await createCore({ dataDir, now: clock, background: true });
    try {
      const call = async <R>(channel: string, input: unknown) => {
        const env = await core.dispatcher.call(channel, input);
        if (!env.ok) throw new Error(env.error.message);
        return env.result as R;
      };
      const ann = await call<Contact>('contacts.create', { firstName: 'Ann' });
      const backup = await call<BackupInfo>('backups.create', {});
      await call('contacts.create', { firstName: 'Bob' });
      await call('backups.restore', { name: backup.name, confirm: 'RESTORE' });
      // A bulk delete queued after the restore is run by the (restarted) runner.
      const { bulkActionId } = await call<{ bulkActionId: string }>('contacts.delete', { ids: [ann.id] });
      await core.runner.idle();
      expect(await call('bulkActions.get', { id: bulkActionId })).toMatchObject({ status: 'complete', processed: 1 });
    } finally {
      await core.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a damaged backup and changes nothing', async () => {
    await create('Ann');
    const backup = await t.call<BackupInfo>('backups.create', {});
    await create('Bob');
    const file = path.join(backupsDir(t.dataDir), backup.name);
    corruptContactsPage(file);
    const backupHash = sha(file);
    const before = dumpDatabase(t.core.db);
    const listed = names();

    const env = await restore(backup.name);
    expect(env).toEqual({
      ok: false,
      error: {
        code: 'CORRUPT',
        message: expect.stringMatching(
          new RegExp(
            `^The backup ${backup.name} is damaged \\(.+\\), so it was not restored\\. Your current data was left untouched\\. Choose another backup\\.$`,
          ),
        ),
      },
    });
    expect(dumpDatabase(t.core.db)).toEqual(before);
    expect(names()).toEqual(listed); // no pre-restore backup either
    expect(sha(file)).toBe(backupHash); // the backup itself was only read
    expect(fs.readdirSync(t.dataDir).filter((f) => f.includes('restoring'))).toEqual([]);
  });

  it('refuses a file that is not a database at all', async () => {
    const name = 'kyrios-2026-01-01T00-00-00-000Z-manual.sqlite';
    fs.mkdirSync(backupsDir(t.dataDir), { recursive: true });
    fs.writeFileSync(path.join(backupsDir(t.dataDir), name), crypto.randomBytes(8192));
    const env = await restore(name);
    expect(!env.ok && env.error.code).toBe('CORRUPT');
  });

  it('refuses a backup from a newer version of Kyrios and changes nothing', async () => {
    await create('Ann');
    const backup = await t.call<BackupInfo>('backups.create', {});
    const newer = new Database(path.join(backupsDir(t.dataDir), backup.name));
    newer.pragma(`user_version = ${LATEST_VERSION + 1}`);
    newer.close();
    await create('Bob');
    const before = dumpDatabase(t.core.db);
    const env = await restore(backup.name);
    expect(env).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: `${backup.name} was made by a newer version of Kyrios (schema ${LATEST_VERSION + 1}; this version knows up to ${LATEST_VERSION}). Install the latest Kyrios Desktop to restore it. Your current data was left untouched.`,
      },
    });
    expect(dumpDatabase(t.core.db)).toEqual(before);
  });

  it('migrates a backup from an older version on the copy, leaving the backup as it was', async () => {
    const name = 'kyrios-2026-01-01T00-00-00-000Z-pre-migration-v2.sqlite';
    const file = path.join(backupsDir(t.dataDir), name);
    fs.mkdirSync(backupsDir(t.dataDir), { recursive: true });
    const old = new Database(file);
    migrate(old, MIGRATIONS, 2);
    old
      .prepare(
        "INSERT INTO contacts (id, first_name, created_at, updated_at) VALUES ('00000000-0000-7000-8000-000000000001', 'Old', 1, 1)",
      )
      .run();
    old.close();
    const hash = sha(file);
    expect((await restore(name)).ok).toBe(true);
    expect(t.core.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(contactNames()).toEqual(['Old']);
    expect(sha(file)).toBe(hash);
  });

  it('refuses while another program has the database open, and keeps working', async () => {
    await create('Ann');
    const backup = await t.call<BackupInfo>('backups.create', {});
    await create('Bob');
    const other = new Database(path.join(t.dataDir, DB_FILE_NAME));
    other.prepare('SELECT count(*) FROM contacts').get();
    try {
      const env = await restore(backup.name);
      expect(env).toMatchObject({
        ok: false,
        error: { code: 'BUSY', message: expect.stringContaining('has the database open') },
      });
      expect(contactNames()).toEqual(['Ann', 'Bob']);
      await create('Cyd');
      expect(contactNames()).toEqual(['Ann', 'Bob', 'Cyd']);
    } finally {
      other.close();
    }
  });

  it('accepts only names of backups in the backups folder, and the typed confirmation', async () => {
    const backup = await t.call<BackupInfo>('backups.create', {});
    fs.writeFileSync(path.join(t.dataDir, 'kyrios-2026-01-15T12-00-00-000Z-other.sqlite'), 'x');
    const outside = tempDir();
    fs.copyFileSync(
      path.join(backupsDir(t.dataDir), backup.name),
      path.join(outside, 'kyrios-2026-01-02T00-00-00-000Z-manual.sqlite'),
    );
    fs.symlinkSync(
      path.join(outside, 'kyrios-2026-01-02T00-00-00-000Z-manual.sqlite'),
      path.join(backupsDir(t.dataDir), 'kyrios-2026-01-02T00-00-00-000Z-manual.sqlite'),
    );
    const codeOf = async (input: unknown) => {
      const env = await t.core.dispatcher.call('backups.restore', input);
      return env.ok ? 'ok' : env.error.code;
    };
    expect(await codeOf({ name: backup.name })).toBe('VALIDATION');
    expect(await codeOf({ name: backup.name, confirm: 'restore' })).toBe('VALIDATION');
    expect(await codeOf({ name: `../backups/${backup.name}`, confirm: 'RESTORE' })).toBe('VALIDATION');
    expect(await codeOf({ name: '../kyrios.sqlite', confirm: 'RESTORE' })).toBe('VALIDATION');
    expect(await codeOf({ name: path.join(backupsDir(t.dataDir), backup.name), confirm: 'RESTORE' })).toBe(
      'VALIDATION',
    );
    expect(await codeOf({ name: 'kyrios-2026-01-15T12-00-00-000Z-other.sqlite', confirm: 'RESTORE' })).toBe(
      'VALIDATION',
    );
    expect(await codeOf({ name: 'kyrios-2026-01-03T00-00-00-000Z-manual.sqlite', confirm: 'RESTORE' })).toBe(
      'NOT_FOUND',
    );
    // A symbolic link out of the folder is not a backup.
    expect(await codeOf({ name: 'kyrios-2026-01-02T00-00-00-000Z-manual.sqlite', confirm: 'RESTORE' })).toBe(
      'NOT_FOUND',
    );
    expect(() => resolveBackup(t.dataDir, 'kyrios-2026-01-02T00-00-00-000Z-manual.sqlite')).toThrow(/no backup named/);
    fs.rmSync(outside, { recursive: true, force: true });
  });
});

describe('a damaged database at start', () => {
  it('is not opened or changed, names the latest backup, and is set aside by the restore', async () => {
    await create('Ann');
    const backup = await t.call<BackupInfo>('backups.create', {});
    await t.core.close();
    const dbFile = path.join(t.dataDir, DB_FILE_NAME);
    corruptContactsPage(dbFile);
    // Garbage in the header too: SQLite cannot even tell it is a database.
    const fd = fs.openSync(dbFile, 'r+');
    fs.writeSync(fd, Buffer.alloc(32, 'x'), 0, 32, 0);
    fs.closeSync(fd);
    const damagedHash = sha(dbFile);
    expect(latestBackup(t.dataDir)?.name).toBe(backup.name);

    const opened = createCore({ dataDir: t.dataDir, now: clock, background: false });
    await expect(opened).rejects.toMatchObject({
      code: 'CORRUPT',
      message: `The database file is damaged, so Kyrios did not open it (it was left as it is). Restore the latest backup, ${backup.name}, to continue.`,
      extra: { latestBackup: backup.name },
    });
    expect(sha(dbFile)).toBe(damagedHash);

    const { damagedCopy } = restoreBackupOffline({ dataDir: t.dataDir, name: backup.name, now: clock });
    expect(damagedCopy).toMatch(/^damaged-kyrios-.+\.sqlite$/);
    expect(sha(path.join(backupsDir(t.dataDir), damagedCopy!))).toBe(damagedHash);
    expect(listBackups(t.dataDir).map((b) => b.name)).toEqual([backup.name]);
    t = { ...t, core: await createCore({ dataDir: t.dataDir, now: clock, background: false }) };
    expect(contactNames()).toEqual(['Ann']);
  });

  it('without any backup, says so', async () => {
    await t.core.close();
    fs.writeFileSync(path.join(t.dataDir, DB_FILE_NAME), crypto.randomBytes(4096));
    await expect(createCore({ dataDir: t.dataDir, background: false })).rejects.toMatchObject({
      code: 'CORRUPT',
      message: expect.stringContaining('there is no backup to restore'),
    });
  });
});

describe('quickCheck (on a worker thread, or on this one if the worker cannot run)', () => {
  it("answers 'ok' for a sound file, the damage for a damaged one, and why for a missing one, as the same check on this thread does", async () => {
    const dir = tempDir();
    try {
      const file = path.join(dir, 'check.sqlite');
      const db = new Database(file);
      db.exec('CREATE TABLE t (x TEXT); CREATE INDEX t_x ON t(x);');
      const add = db.prepare('INSERT INTO t VALUES (?)');
      for (let i = 0; i < 5000; i++) add.run(`row ${i} `.repeat(8));
      db.close();
      expect(await quickCheck(file)).toBe('ok');
      expect(quickCheckSync(file)).toBe('ok');

      // Overwrite the middle of the file (table and index pages) with garbage.
      const fd = fs.openSync(file, 'r+');
      fs.writeSync(fd, Buffer.alloc(4096 * 4, 0x5a), 0, 4096 * 4, 4096 * 10);
      fs.closeSync(fd);
      const verdict = await quickCheck(file);
      expect(verdict).not.toBe('ok');
      expect(quickCheckSync(file)).toBe(verdict);
      expect(verdict.length).toBeGreaterThan(0);

      expect(await quickCheck(path.join(dir, 'missing.sqlite'))).toMatch(/unable to open|does not exist/i);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
