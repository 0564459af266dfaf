import crypto from 'node:crypto';
import type { AppErrorShape, ErrorCode } from '../../shared/contract.ts';

/** An error the user (or an outside client) can act on: a code and a message that says what to do. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly extra: Omit<AppErrorShape, 'code' | 'message'>;
  constructor(code: ErrorCode, message: string, extra: Omit<AppErrorShape, 'code' | 'message'> = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.extra = extra;
  }
  toShape(): AppErrorShape {
    return { code: this.code, message: this.message, ...this.extra };
  }
}

export const notFound = (what: string, id: string) =>
  new AppError('NOT_FOUND', `No ${what} with id ${id} exists. It may have been deleted or purged; refresh and try again.`);

/** A short id that ties what the user saw to the log line holding the details (8 hex digits). */
export const newErrorId = (): string => crypto.randomBytes(4).toString('hex');

/**
 * An unexpected failure. Its own message can hold absolute paths, SQL or a contact's data, so it goes
 * to the log only, under a fresh error id; the answer carries the id and says what to do.
 */
export function internalError(err: unknown, where: string): AppError {
  const errorId = newErrorId();
  console.error(`[kyrios] error ${errorId} in ${where}:`, err);
  return new AppError(
    'INTERNAL',
    `Something went wrong inside Kyrios (error ${errorId}). Try again; if it happens again, restart Kyrios and report error ${errorId}: the details are in Kyrios's log.`,
    { errorId },
  );
}

/** Maps SQLite's failures to codes a user can act on; anything else is INTERNAL (logged, see internalError). */
export function toAppError(err: unknown, where = 'Kyrios'): AppError {
  if (err instanceof AppError) return err;
  const code = (err as { code?: string })?.code ?? '';
  const message = err instanceof Error ? err.message : String(err);
  // SQLITE_FULL also stands for PRAGMA max_page_count reached; ENOSPC is the disk itself (backup files).
  if (code === 'SQLITE_FULL' || code === 'ENOSPC')
    return new AppError('DISK_FULL', 'The disk is full, so nothing was changed. Free some space and try again.');
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
    return new AppError('BUSY', 'The database is busy in another program, so nothing was changed. Close other copies of Kyrios and try again.');
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || ['EROFS', 'EACCES', 'EPERM'].includes(code))
    return new AppError(
      'READ_ONLY',
      'Kyrios cannot write to its data folder, so nothing was changed. Check that the folder is writable and not on a read-only disk, then try again.',
    );
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB')
    return new AppError('CORRUPT', 'The database file is damaged. Restore the latest backup from Settings.');
  if (code.startsWith('SQLITE_CONSTRAINT'))
    return new AppError('CONFLICT', 'That change conflicts with existing data: ' + message);
  return internalError(err, where);
}
