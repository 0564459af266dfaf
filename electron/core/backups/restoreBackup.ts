import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../clock.ts';
import type { CoreContext } from '../context.ts';
import { backupFileName } from '../db/backup.ts';
import { ensurePrivateDir } from '../db/fileModes.ts';
import { AppError } from '../errors.ts';
import { backupsDir, resolveBackup } from './backupNames.ts';
import { createBackup } from './createBackup.ts';
import { removeWithSideFiles, stageRestore, swapIn } from './stageRestore.ts';

export const DB_FILE = 'kyrios.sqlite';

/**
 * Restores the database from a backup while the app runs:
 * 1. the backup is copied and the copy checked (integrity_check, schema version) — a bad backup
 *    changes nothing;
 * 2. background work pauses and the current database is itself backed up (a `pre-restore` backup),
 *    so a restore can always be undone by restoring that one;
 * 3. the connection is closed, the checked copy renamed over the database file (atomic), and the
 *    connection reopened; background work (bulk actions left running in the backup) resumes.
 */
export async function restoreBackup(ctx: CoreContext, name: string): Promise<{ restoredFrom: string; preRestoreBackup: string }> {
  const { dataDir, reopenDatabase } = ctx;
  if (!dataDir || !reopenDatabase) {
    throw new AppError('VALIDATION', 'This database has no data folder, so it has no backups to restore.');
  }
  // One restore at a time: a second click while the first runs is told so, and changes nothing.
  if (restoring.has(ctx)) throw new AppError('BUSY', 'A restore is already under way. Wait for it to finish, then try again.');
  restoring.add(ctx);
  try {
    return await restoreNow(ctx, dataDir, reopenDatabase, name);
  } finally {
    restoring.delete(ctx);
  }
}

const restoring = new WeakSet<CoreContext>();

async function restoreNow(
  ctx: CoreContext,
  dataDir: string,
  reopenDatabase: NonNullable<CoreContext['reopenDatabase']>,
  name: string,
): Promise<{ restoredFrom: string; preRestoreBackup: string }> {
  const { file } = resolveBackup(dataDir, name);
  const dbFile = path.join(dataDir, DB_FILE);
  const staged = stageRestore(file, name, dbFile);
  let preRestoreBackup = '';
  try {
    await reopenDatabase(
      async (db) => {
        preRestoreBackup = (await createBackup(db, dataDir, 'pre-restore', ctx.now)).name;
      },
      (dbFile) => swapIn(staged, dbFile),
    );
  } finally {
    removeWithSideFiles(staged); // gone already after a successful swap
  }
  return { restoredFrom: name, preRestoreBackup };
}

/**
 * Restores a backup when the app could not open its database (createCore failed with CORRUPT): the
 * shell offers `latestBackup(dataDir)` and calls this, then createCore again. The damaged file is never
 * overwritten or deleted: it is moved, with its WAL, into the backups folder as
 * `damaged-kyrios-<stamp>.sqlite` (not a backup name, so it is never listed or pruned) for a
 * specialist to look at.
 */
export function restoreBackupOffline(opts: { dataDir: string; name: string; now?: Clock }): {
  restoredFrom: string;
  damagedCopy: string | null;
} {
  const now = opts.now ?? Date.now;
  const { file } = resolveBackup(opts.dataDir, opts.name);
  const dbFile = path.join(opts.dataDir, DB_FILE);
  const staged = stageRestore(file, opts.name, dbFile);
  try {
    let damagedCopy: string | null = null;
    if (fs.existsSync(dbFile)) {
      ensurePrivateDir(backupsDir(opts.dataDir));
      let at = now();
      const nameAt = (t: number) => path.join(backupsDir(opts.dataDir), 'damaged-' + backupFileName('', t).replace(/-\.sqlite$/, '.sqlite'));
      while (fs.existsSync(nameAt(at))) at += 1;
      damagedCopy = nameAt(at);
      for (const suffix of ['', '-wal', '-shm']) {
        if (fs.existsSync(dbFile + suffix)) fs.renameSync(dbFile + suffix, damagedCopy + suffix);
      }
    }
    fs.renameSync(staged, dbFile);
    return { restoredFrom: opts.name, damagedCopy: damagedCopy && path.basename(damagedCopy) };
  } finally {
    removeWithSideFiles(staged);
  }
}
