import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { AppError, toAppError } from '../errors.ts';
import { migrate, schemaVersion } from '../db/migrate.ts';
import { LATEST_VERSION } from '../db/migrations/index.ts';
import { fsyncFile } from './createBackup.ts';
import { tightenFile } from '../db/fileModes.ts';
import { applyLedger } from '../purgeLedger/applyLedger.ts';
import { attachSyncFunctions, whileApplying } from '../sync/syncClock.ts';
import { ledgerBeside } from '../purgeLedger/ledger.ts';
import { CONTACT_SEARCH_INDEXES } from '../contacts/searchIndexes.ts';
import { ERASE_DUE_KEY } from '../lifecycle/purgeContactRows.ts';
import { clearState } from '../settings/internalState.ts';

/**
 * Where a backup is copied and checked before it replaces the database: the same folder, so the rename
 * is atomic; a name of its own per restore, so two can never share one.
 */
export const stagedPath = (dbFile: string): string => `${dbFile}.restoring-${crypto.randomBytes(6).toString('hex')}`;

const SIDE_FILES = ['-wal', '-shm', '-journal'];

export function removeWithSideFiles(file: string): void {
  for (const f of [file, ...SIDE_FILES.map((s) => file + s)]) fs.rmSync(f, { force: true });
}

/**
 * Copies a backup beside the database and checks the copy, never the backup itself:
 * - `PRAGMA integrity_check` must answer `ok` (a damaged backup is refused, the current data untouched);
 * - it must be a Kyrios database (schema version 1 or more, a contacts table);
 * - its schema must not be newer than this app's (a newer app's data would be lost on the way back);
 * - an older schema is migrated on the copy; the backup file itself stays as it was and so serves as
 *   the pre-migration backup.
 * Returns the path of the checked copy, flushed to disk and ready to be renamed into place.
 */
export function stageRestore(backupFile: string, backupName: string, dbFile: string): string {
  const staged = stagedPath(dbFile);
  removeWithSideFiles(staged);
  fs.copyFileSync(backupFile, staged);
  tightenFile(staged);
  let db: Database.Database | null = null;
  try {
    db = new Database(staged, { fileMustExist: true });
    const check = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    const verdict = check.map((r) => r.integrity_check);
    if (verdict.length !== 1 || verdict[0] !== 'ok') {
      throw damaged(backupName, verdict.slice(0, 3).join('; '));
    }
    const version = schemaVersion(db);
    const hasContacts = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'contacts'").get();
    if (version < 1 || !hasContacts) {
      throw new AppError('VALIDATION', `${backupName} is not a Kyrios database, so it cannot be restored. Your current data was left untouched.`);
    }
    if (version > LATEST_VERSION) {
      throw new AppError(
        'CONFLICT',
        `${backupName} was made by a newer version of Kyrios (schema ${version}; this version knows up to ${LATEST_VERSION}). ` +
          'Install the latest Kyrios Desktop to restore it. Your current data was left untouched.',
      );
    }
    if (version < LATEST_VERSION) migrate(db);
    // The backup may predate purges: the copy loses every contact and record the ledger lists as
    // purged before it replaces the database (the backup file itself is left as it was).
    db.pragma('secure_delete = ON'); // the rows it erases are overwritten, as in the app
    db.pragma('foreign_keys = ON');
    // A team database's capture triggers call the sync functions: they are registered on the copy, and
    // the ledger's purges (the hub's, already on every machine) are made again with capture off.
    attachSyncFunctions(db, Date.now);
    const copy = db;
    if (whileApplying(copy, () => applyLedger(copy, ledgerBeside(dbFile))) > 0) eraseSearchRemnantsNow(db);
    db.close(); // checkpoints and removes the copy's WAL: the staged file stands alone
    db = null;
    fsyncFile(staged);
    return staged;
  } catch (err) {
    db?.close();
    removeWithSideFiles(staged);
    if (err instanceof AppError) throw err;
    const mapped = toAppError(err);
    if (mapped.code === 'CORRUPT') throw damaged(backupName, (err as Error).message);
    throw mapped;
  }
}

/**
 * The staged copy is not in use yet, so its search indexes are merged into one segment at once (no
 * slicing needed): no segment keeps the tokens of a contact the ledger just erased.
 */
function eraseSearchRemnantsNow(db: Database.Database): void {
  for (const t of CONTACT_SEARCH_INDEXES) db.prepare(`INSERT INTO ${t}(${t}) VALUES ('optimize')`).run();
  clearState(db, ERASE_DUE_KEY);
}

const damaged = (name: string, detail: string) =>
  new AppError(
    'CORRUPT',
    `The backup ${name} is damaged (${detail}), so it was not restored. Your current data was left untouched. Choose another backup.`,
  );

/**
 * Puts the checked copy in place of the database, which must be closed. The old database's WAL and
 * shared-memory files must be gone (SQLite removes them when the last connection closes): if they are
 * still there, another program has the database open, and swapping the file under it would corrupt it.
 * The rename is atomic: at every moment the database file is either the old one or the restored one.
 */
export function swapIn(staged: string, dbFile: string): void {
  if (fs.existsSync(dbFile + '-wal') || fs.existsSync(dbFile + '-shm')) {
    throw new AppError(
      'BUSY',
      'Another program (another copy of Kyrios, or the headless host) has the database open, so the backup was not restored. Close it and try again.',
    );
  }
  fs.renameSync(staged, dbFile);
}
