import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { backupFileName, writeBackup } from './backup.ts';
import { assertNotNewer, migrate, schemaVersion } from './migrate.ts';
import { LATEST_VERSION } from './migrations/index.ts';

export interface OpenOptions {
  /** A file path, or ':memory:' for tests where a file adds nothing. */
  file: string;
  /** Where pre-migration backups go; defaults to a `backups` folder beside the database. */
  backupDir?: string;
  now?: () => number;
}

export interface OpenResult {
  db: Db;
  migratedFrom: number;
  backupPath: string | null;
}

/** Applies the connection settings every Kyrios connection uses. */
export function configure(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // A purged contact's bytes are overwritten, not just unlinked.
  db.pragma('secure_delete = ON');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -65536');
}

/**
 * Opens (or creates) the database, refuses one from a newer app version without writing to it,
 * backs an existing database up before migrating it, then migrates it to the latest schema.
 */
export async function openDatabase(opts: OpenOptions): Promise<OpenResult> {
  const inMemory = opts.file === ':memory:';
  const existed = !inMemory && fs.existsSync(opts.file) && fs.statSync(opts.file).size > 0;
  if (existed) {
    // Read the version read-only first, so a newer database is never touched (not even its WAL mode).
    const probe = new Database(opts.file, { readonly: true, fileMustExist: true });
    try {
      assertNotNewer(schemaVersion(probe));
    } finally {
      probe.close();
    }
  } else if (!inMemory) {
    fs.mkdirSync(path.dirname(opts.file), { recursive: true });
  }
  const db = new Database(opts.file);
  try {
    configure(db);
    const from = schemaVersion(db);
    let backupPath: string | null = null;
    if (existed && from < LATEST_VERSION) {
      const dir = opts.backupDir ?? path.join(path.dirname(opts.file), 'backups');
      backupPath = path.join(dir, backupFileName(`pre-migration-v${from}`, (opts.now ?? Date.now)()));
      await writeBackup(db, backupPath);
    }
    migrate(db);
    return { db, migratedFrom: from, backupPath };
  } catch (err) {
    db.close();
    throw err;
  }
}
