// toAppError turns SQLite's failures into codes the user can act on, each with a message that says
// what to do. The failures are real ones from better-sqlite3 wherever SQLite can be made to fail so.
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError, toAppError } from '../../../electron/core/errors.ts';
import { tempDir } from '../../helpers/core.ts';

const MESSAGES = {
  DISK_FULL: 'The disk is full, so nothing was changed. Free some space and try again.',
  BUSY: 'The database is busy in another program, so nothing was changed. Close other copies of Kyrios and try again.',
  READ_ONLY:
    'Kyrios cannot write to its data folder, so nothing was changed. Check that the folder is writable and not on a read-only disk, then try again.',
  CORRUPT: 'The database file is damaged. Restore the latest backup from Settings.',
};

let dir: string;
const open: Db[] = [];
beforeEach(() => {
  dir = tempDir('kyrios-db-errors-');
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function connect(name = 'kyrios.sqlite', options?: Database.Options): Db {
  const db = new Database(path.join(dir, name), options);
  open.push(db);
  return db;
}

/** Runs `fn`, which must throw a real SqliteError; returns that error. */
function sqliteErrorOf(fn: () => unknown): InstanceType<typeof Database.SqliteError> {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(Database.SqliteError);
    return err as InstanceType<typeof Database.SqliteError>;
  }
  throw new Error('expected a SqliteError');
}

describe('toAppError on real SQLite failures', () => {
  it('SQLITE_FULL (max_page_count reached) -> DISK_FULL', () => {
    const db = connect();
    db.exec('CREATE TABLE t (x BLOB)');
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const err = sqliteErrorOf(() => db.prepare('INSERT INTO t VALUES (zeroblob(100000))').run());
    expect(err.code).toBe('SQLITE_FULL');
    expect(toAppError(err).toShape()).toEqual({ code: 'DISK_FULL', message: MESSAGES.DISK_FULL });
  });

  it('SQLITE_BUSY (another connection holds the write lock) -> BUSY', () => {
    const holder = connect();
    holder.pragma('journal_mode = WAL');
    holder.exec('CREATE TABLE t (x)');
    const other = connect();
    other.pragma('busy_timeout = 0');
    holder.exec('BEGIN IMMEDIATE');
    const err = sqliteErrorOf(() => other.prepare('INSERT INTO t VALUES (1)').run());
    holder.exec('ROLLBACK');
    expect(err.code).toBe('SQLITE_BUSY');
    expect(toAppError(err).toShape()).toEqual({ code: 'BUSY', message: MESSAGES.BUSY });
  });

  it('SQLITE_READONLY (a write on a read-only connection) -> READ_ONLY', () => {
    connect().exec('CREATE TABLE t (x)');
    const ro = connect('kyrios.sqlite', { readonly: true });
    const err = sqliteErrorOf(() => ro.prepare('INSERT INTO t VALUES (1)').run());
    expect(err.code).toMatch(/^SQLITE_READONLY/);
    expect(toAppError(err).toShape()).toEqual({ code: 'READ_ONLY', message: MESSAGES.READ_ONLY });
  });

  it('SQLITE_NOTADB (a file that is not a database) -> CORRUPT', () => {
    fs.writeFileSync(path.join(dir, 'junk.sqlite'), Buffer.alloc(8192, 0x5a));
    const err = sqliteErrorOf(() => connect('junk.sqlite').pragma('user_version'));
    expect(err.code).toBe('SQLITE_NOTADB');
    expect(toAppError(err).toShape()).toEqual({ code: 'CORRUPT', message: MESSAGES.CORRUPT });
  });

  it('SQLITE_CORRUPT (a damaged table page) -> CORRUPT', () => {
    const file = path.join(dir, 'damaged.sqlite');
    const writer = connect('damaged.sqlite');
    writer.exec(`CREATE TABLE t (x TEXT);
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO t SELECT printf('row %d', i) FROM n;`);
    const pageSize = writer.pragma('page_size', { simple: true }) as number;
    const root = (writer.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 't'").get() as { rootpage: number })
      .rootpage;
    writer.close();
    // Overwrite the table's root page (a b-tree interior page) with garbage.
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(pageSize, 0xff), 0, pageSize, (root - 1) * pageSize);
    fs.closeSync(fd);
    const err = sqliteErrorOf(() => connect('damaged.sqlite').prepare('SELECT count(*) FROM t').get());
    expect(err.code).toBe('SQLITE_CORRUPT');
    expect(toAppError(err).toShape()).toEqual({ code: 'CORRUPT', message: MESSAGES.CORRUPT });
  });

  it('constraint failures (unique, primary key, foreign key, check, not null) -> CONFLICT with the reason', () => {
    const db = connect();
    db.pragma('foreign_keys = ON');
    db.exec(`CREATE TABLE p (id TEXT PRIMARY KEY, email TEXT UNIQUE, n INTEGER NOT NULL DEFAULT 0 CHECK (n >= 0));
             CREATE TABLE c (id TEXT PRIMARY KEY, p_id TEXT NOT NULL REFERENCES p(id));
             INSERT INTO p (id, email) VALUES ('a', 'a@example.com');`);
    const cases: [string, string, RegExp][] = [
      [
        "INSERT INTO p (id, email) VALUES ('b', 'a@example.com')",
        'SQLITE_CONSTRAINT_UNIQUE',
        /UNIQUE constraint failed: p\.email/,
      ],
      ["INSERT INTO p (id) VALUES ('a')", 'SQLITE_CONSTRAINT_PRIMARYKEY', /UNIQUE constraint failed: p\.id/],
      ["INSERT INTO c VALUES ('c1', 'nobody')", 'SQLITE_CONSTRAINT_FOREIGNKEY', /FOREIGN KEY constraint failed/],
      ["INSERT INTO p (id, n) VALUES ('b', -1)", 'SQLITE_CONSTRAINT_CHECK', /CHECK constraint failed/],
      ["INSERT INTO p (id, n) VALUES ('b', NULL)", 'SQLITE_CONSTRAINT_NOTNULL', /NOT NULL constraint failed: p\.n/],
    ];
    for (const [sql, code, reason] of cases) {
      const err = sqliteErrorOf(() => db.prepare(sql).run());
      expect(err.code, sql).toBe(code);
      const app = toAppError(err);
      expect(app.code, sql).toBe('CONFLICT');
      expect(app.message, sql).toMatch(/^That change conflicts with existing data: /);
      expect(app.message, sql).toMatch(reason);
    }
  });

  it('any other SQLite failure (a query on a missing table) -> INTERNAL: the cause is logged under an error id, never answered', () => {
    const err = sqliteErrorOf(() => connect().prepare('SELECT * FROM no_such_table'));
    expect(err.code).toBe('SQLITE_ERROR');
    const shape = expectInternal(err);
    expect(shape.message).not.toContain('no_such_table');
  });
});

/** toAppError(err) as INTERNAL: a generic message with a fresh error id, and the raw error in the log under that id. */
function expectInternal(err: unknown) {
  const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const shape = toAppError(err, 'contacts.list').toShape();
    expect(shape).toEqual({
      code: 'INTERNAL',
      message: `Something went wrong inside Kyrios (error ${shape.errorId}). Try again; if it happens again, restart Kyrios and report error ${shape.errorId}: the details are in Kyrios's log.`,
      errorId: expect.stringMatching(/^[0-9a-f]{8}$/),
    });
    expect(logged).toHaveBeenCalledWith(`[kyrios] error ${shape.errorId} in contacts.list:`, err);
    return shape;
  } finally {
    logged.mockRestore();
  }
}

describe('toAppError on everything else', () => {
  it('SQLITE_LOCKED is BUSY, and the file-system codes of a full or read-only disk map like SQLite’s', () => {
    const as = (code: string) => toAppError(new Database.SqliteError('x', code)).code;
    expect(as('SQLITE_LOCKED')).toBe('BUSY');
    expect(as('SQLITE_READONLY_DBMOVED')).toBe('READ_ONLY');
    expect(as('SQLITE_CANTOPEN')).toBe('READ_ONLY');
    const fsError = (code: string) => Object.assign(new Error(`${code}: something`), { code });
    expect(toAppError(fsError('ENOSPC')).toShape()).toEqual({ code: 'DISK_FULL', message: MESSAGES.DISK_FULL });
    for (const code of ['EROFS', 'EACCES', 'EPERM'])
      expect(toAppError(fsError(code)).toShape()).toEqual({ code: 'READ_ONLY', message: MESSAGES.READ_ONLY });
  });

  it('an AppError passes through unchanged; a plain error or a thrown value is INTERNAL', () => {
    const own = new AppError('NOT_FOUND', 'No contact with id x exists.');
    expect(toAppError(own)).toBe(own);
    // Issue 12, item 16a: a raw message (here an absolute path) never reaches the answer.
    const leaky = new Error("ENOENT: no such file or directory, open '/home/ann/.config/Kyrios Desktop/backups/x.sqlite'");
    expect(expectInternal(leaky).message).not.toContain('/home/ann');
    expect(expectInternal(new TypeError('boom')).message).not.toContain('boom');
    expect(expectInternal('a string').message).not.toContain('a string');
    const first = expectInternal(undefined);
    expect(expectInternal(null).errorId).not.toBe(first.errorId);
  });
});
