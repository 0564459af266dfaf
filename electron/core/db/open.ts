import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { linkLegacyDuplicates } from '../import/linkLegacyDuplicates.ts';
import { finishDueErasure, tryTruncatingCheckpoint } from '../lifecycle/purgeCheckpoint.ts';
import { applyLedger } from '../purgeLedger/applyLedger.ts';
import { attachLedger, ledgerBeside } from '../purgeLedger/ledger.ts';
import { backupFileName, writeBackup } from './backup.ts';
import { ensurePrivateDir, ensurePrivateFile, tightenDataFolder } from './fileModes.ts';
import { assertNotNewer, migrate, schemaVersion } from './migrate.ts';
import { LATEST_VERSION } from './migrations/index.ts';
import { attachSyncFunctions, whileApplying } from '../sync/syncClock.ts';

export interface OpenOptions {
  /** A file path, or ':memory:' for tests where a file adds nothing. */
  file: string;
  /** Where pre-migration backups go; defaults to a `backups` folder beside the database. */
  backupDir?: string;
  now?: () => number;
  /**
   * The purge ledger this database is brought up to and writes its purges to; defaults to the one
   * beside the file (purgeLedger/ledger.ts). null: none (an in-memory database never has one).
   */
  ledgerFile?: string | null;
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
 * The user_version stored in the file's 100-byte header (offset 60), read with plain fs: even a
 * read-only SQLite connection creates -wal and -shm files beside a WAL-mode database, and a newer
 * Kyrios's file is one. Null when SQLite itself must read it: a non-empty -wal may hold a newer
 * header, and a file that is not a SQLite database should fail as SQLite reports it.
 */
function headerUserVersion(file: string): number | null {
  const wal = `${file}-wal`;
  if (fs.existsSync(wal) && fs.statSync(wal).size > 0) return null;
  const header = Buffer.alloc(100);
  const fd = fs.openSync(file, 'r');
  try {
    if (fs.readSync(fd, header, 0, 100, 0) < 100) return null;
  } finally {
    fs.closeSync(fd);
  }
  if (header.toString('latin1', 0, 16) !== 'SQLite format 3\0') return null;
  return header.readInt32BE(60);
}

/**
 * Opens (or creates) the database, refuses one from a newer app version without writing to it,
 * backs an existing database up before migrating it, then migrates it to the latest schema.
 */
export async function openDatabase(opts: OpenOptions): Promise<OpenResult> {
  const inMemory = opts.file === ':memory:';
  const existed = !inMemory && fs.existsSync(opts.file) && fs.statSync(opts.file).size > 0;
  if (existed) {
    // Read the version first without writing, so a newer database is never touched (not even its WAL mode).
    const fromHeader = headerUserVersion(opts.file);
    if (fromHeader !== null) assertNotNewer(fromHeader);
    else {
      const probe = new Database(opts.file, { readonly: true, fileMustExist: true });
      try {
        assertNotNewer(schemaVersion(probe));
      } finally {
        probe.close();
      }
    }
  }
  if (!inMemory) {
    // Private from the start (0700 folder, 0600 files; SQLite gives the -wal and -shm the database
    // file's mode), and a data folder an older Kyrios made readable by others is tightened.
    ensurePrivateDir(path.dirname(opts.file));
    if (existed) tightenDataFolder(path.dirname(opts.file), opts.file);
    else ensurePrivateFile(opts.file);
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
    // Team mode's capture triggers call these; registered before anything below writes a synced table.
    attachSyncFunctions(db, opts.now ?? Date.now);
    const ledger = opts.ledgerFile === undefined ? (inMemory ? null : ledgerBeside(opts.file)) : opts.ledgerFile;
    if (ledger) {
      attachLedger(db, ledger);
      // A database restored or copied from before a purge loses what the ledger says was purged.
      // Those purges are made again, never sent: in a team they are the hub's, which every machine has.
      if (whileApplying(db, () => applyLedger(db, ledger)) > 0) tryTruncatingCheckpoint(db);
    }
    linkLegacyDuplicates(db);
    finishDueErasure(db);
    return { db, migratedFrom: from, backupPath };
  } catch (err) {
    db.close();
    throw err;
  }
}
