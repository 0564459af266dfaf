import { AppError, toAppError } from '../errors.ts';
import { latestBackup } from '../backups/listBackups.ts';

/**
 * Turns a failure to open the database into a message the user can act on. A damaged database is
 * never repaired, overwritten or deleted here: the message names the newest backup, which the shell
 * offers to restore (restoreBackupOffline), leaving the damaged file aside.
 */
export function explainOpenFailure(err: unknown, dataDir: string): AppError {
  const fsCode = (err as { code?: string })?.code ?? '';
  if (['EACCES', 'EPERM', 'EROFS', 'ENOTDIR'].includes(fsCode)) {
    return new AppError(
      'READ_ONLY',
      `Kyrios cannot write to its data folder (${dataDir}). Check that the folder exists, is writable and is not on a read-only disk.`,
    );
  }
  const appError = toAppError(err);
  if (appError.code !== 'CORRUPT') return appError;
  const latest = latestBackup(dataDir);
  return new AppError(
    'CORRUPT',
    latest
      ? `The database file is damaged, so Kyrios did not open it (it was left as it is). Restore the latest backup, ${latest.name}, to continue.`
      : 'The database file is damaged, so Kyrios did not open it (it was left as it is), and there is no backup to restore. Keep the data folder and contact support.',
    { latestBackup: latest?.name },
  );
}
