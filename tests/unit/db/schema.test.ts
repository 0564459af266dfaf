// Each migration from an empty file: the schema a new database gets, version by version, and the
// settings every Kyrios connection runs with.
import type { Database as Db } from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/db/migrate.ts';
import { openDatabase } from '../../../electron/core/db/open.ts';
import { tempDir } from '../../helpers/core.ts';
import {
  CONTACT_OWNED_TABLES,
  LATEST_VERSION,
  MIGRATIONS,
  OBJECTS_BY_VERSION,
  buildFileAtVersion,
  columnsOf,
  expectedObjects,
  plainConnection,
  schemaObjects,
  userVersion,
} from './dbFixtures.ts';

let dir: string;
beforeEach(() => {
  dir = tempDir('kyrios-db-schema-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the migration list', () => {
  it('is numbered from 1 up, each number once and in order, each with a name, and the fixtures cover every version', () => {
    // Numbers are reserved per change, so a branch may lack one still on another branch (009 before 008).
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions[0]).toBe(1);
    for (let i = 1; i < versions.length; i++) expect(versions[i]).toBeGreaterThan(versions[i - 1]!);
    expect(versions.at(-1)).toBe(LATEST_VERSION);
    for (const m of MIGRATIONS) expect(m.name.trim()).not.toBe('');
    expect(Object.keys(OBJECTS_BY_VERSION).map(Number)).toEqual(MIGRATIONS.map((m) => m.version));
  });
});

describe('a new database file', () => {
  it('is created (with its folder) at the latest version with every table, index and trigger', async () => {
    const file = path.join(dir, 'nested', 'data', 'kyrios.sqlite');
    const { db, migratedFrom, backupPath } = await openDatabase({ file });
    try {
      expect(userVersion(db)).toBe(LATEST_VERSION);
      expect(migratedFrom).toBe(0);
      expect(backupPath).toBeNull();
      expect(schemaObjects(db)).toEqual(expectedObjects(LATEST_VERSION));
      // The names the rest of the app relies on, spelled out once more.
      for (const name of [
        'table:contacts',
        'table:contact_tags',
        'table:conversations',
        'table:messages',
        'table:notes',
        'table:opportunities',
        'table:tasks',
        'table:appointments',
        'table:manual_actions',
        'table:deletions',
        'table:bulk_actions',
        'table:bulk_action_items',
        'table:audit_log',
        'table:settings',
        'table:contacts_fts',
        'table:purged_contacts',
      ])
        expect(schemaObjects(db)).toContain(name);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
    expect(fs.existsSync(path.join(dir, 'nested', 'data', 'backups'))).toBe(false);
  });

  it('treats an existing zero-byte file as new: migrated, no backup', async () => {
    const file = path.join(dir, 'kyrios.sqlite');
    fs.writeFileSync(file, '');
    const { db, backupPath } = await openDatabase({ file });
    expect(backupPath).toBeNull();
    expect(userVersion(db)).toBe(LATEST_VERSION);
    db.close();
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);
  });

  it('every contact-owned table carries deleted_at INTEGER and deletion_id TEXT, both nullable', async () => {
    const { db } = await openDatabase({ file: path.join(dir, 'kyrios.sqlite') });
    try {
      for (const table of CONTACT_OWNED_TABLES) {
        const cols = db.prepare('SELECT name, type, "notnull" AS nn FROM pragma_table_info(?)').all(table) as {
          name: string;
          type: string;
          nn: number;
        }[];
        expect(
          cols.find((c) => c.name === 'deleted_at'),
          `${table}.deleted_at`,
        ).toEqual({ name: 'deleted_at', type: 'INTEGER', nn: 0 });
        expect(
          cols.find((c) => c.name === 'deletion_id'),
          `${table}.deletion_id`,
        ).toEqual({ name: 'deletion_id', type: 'TEXT', nn: 0 });
        if (table !== 'contacts') expect(columnsOf(db, table)).toContain('contact_id');
      }
      // The tables that are not the contact's own data carry no lifecycle state of their own.
      for (const table of ['contact_tags', 'settings', 'audit_log', 'bulk_action_items'])
        expect(columnsOf(db, table)).not.toContain('deleted_at');
    } finally {
      db.close();
    }
  });

  it('migrates an empty file one version at a time, each adding exactly its own objects', () => {
    const file = path.join(dir, 'stepwise.sqlite');
    const db = plainConnection(file);
    try {
      expect(userVersion(db)).toBe(0);
      for (const v of MIGRATIONS.map((m) => m.version)) {
        expect(migrate(db, MIGRATIONS, v)).toBe(v);
        expect(userVersion(db), `after migration ${v}`).toBe(v);
        expect(schemaObjects(db), `objects after migration ${v}`).toEqual(expectedObjects(v));
      }
      expect(columnsOf(db, 'deletions')).toContain('purged_at');
      // Running it again is a no-op.
      expect(migrate(db)).toBe(LATEST_VERSION);
      expect(schemaObjects(db)).toEqual(expectedObjects(LATEST_VERSION));
    } finally {
      db.close();
    }
  });

  it('gives the same schema, to the byte of its SQL, whether built at once or upgraded from any version', async () => {
    const sqlOf = (db: Db) =>
      db
        .prepare(
          "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
        )
        .all();
    const fresh = await openDatabase({ file: path.join(dir, 'fresh.sqlite') });
    const expected = sqlOf(fresh.db);
    fresh.db.close();
    for (const v of MIGRATIONS.map((m) => m.version).filter((v) => v < LATEST_VERSION)) {
      const file = path.join(dir, `from-v${v}.sqlite`);
      buildFileAtVersion(file, v);
      const { db } = await openDatabase({ file });
      try {
        expect(sqlOf(db), `upgraded from v${v}`).toEqual(expected);
      } finally {
        db.close();
      }
    }
  });
});

describe('connection settings', () => {
  it('a database opened by openDatabase runs WAL, foreign keys, secure_delete and a 5 s busy timeout', async () => {
    const file = path.join(dir, 'kyrios.sqlite');
    for (const pass of ['new file', 'reopened']) {
      const { db } = await openDatabase({ file });
      try {
        expect(db.pragma('journal_mode', { simple: true }), pass).toBe('wal');
        expect(db.pragma('foreign_keys', { simple: true }), pass).toBe(1);
        expect(db.pragma('secure_delete', { simple: true }), pass).toBe(1);
        expect(db.pragma('busy_timeout', { simple: true }), pass).toBe(5000);
        expect(db.pragma('synchronous', { simple: true }), pass).toBe(1); // NORMAL
      } finally {
        db.close();
      }
    }
  });

  it('the same settings hold on a database that was just upgraded from an older version', async () => {
    const file = path.join(dir, 'old.sqlite');
    buildFileAtVersion(file, 1);
    const { db } = await openDatabase({ file });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('secure_delete', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    } finally {
      db.close();
    }
  });

  it('foreign keys are enforced: a note for a contact that does not exist is refused', async () => {
    const { db } = await openDatabase({ file: path.join(dir, 'kyrios.sqlite') });
    try {
      expect(() =>
        db
          .prepare("INSERT INTO notes (id, contact_id, body, created_at, updated_at) VALUES ('n', 'nobody', 'x', 1, 1)")
          .run(),
      ).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }));
    } finally {
      db.close();
    }
  });
});
