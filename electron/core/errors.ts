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

/**
 * What a failure of the database or the disk means to a person, once for every path (a call's answer,
 * a bulk action's label): its code, what happened, what to do about it, and, for a bulk action that
 * stopped on it, the shorter fix its label names.
 */
export interface Failure {
  code: ErrorCode;
  what: string;
  todo: string;
  fix: string;
  /** SQLite rolls a failed statement back: nothing was changed (not said of damage, which was already there). */
  nothingChanged: boolean;
}

const FAILURES: { matches: (code: string) => boolean; failure: Failure }[] = [
  {
    // SQLITE_FULL also stands for PRAGMA max_page_count reached; ENOSPC is the disk itself (backup files).
    matches: (c) => c === 'SQLITE_FULL' || c === 'ENOSPC',
    failure: { code: 'DISK_FULL', what: 'the disk is full', todo: 'Free some space and try again', fix: 'Free some space', nothingChanged: true },
  },
  {
    matches: (c) => c === 'SQLITE_BUSY' || c === 'SQLITE_LOCKED',
    failure: {
      code: 'BUSY',
      what: 'the database is busy in another program',
      todo: 'Close other copies of Kyrios and try again',
      fix: 'Close other copies of Kyrios',
      nothingChanged: true,
    },
  },
  {
    // An I/O error writing the file is the disk or the folder refusing the write, as a read-only one does.
    matches: (c) =>
      c.startsWith('SQLITE_READONLY') || c.startsWith('SQLITE_IOERR') || c === 'SQLITE_CANTOPEN' || ['EROFS', 'EACCES', 'EPERM', 'EIO'].includes(c),
    failure: {
      code: 'READ_ONLY',
      what: 'Kyrios cannot write to its data folder',
      todo: 'Check that the folder is writable and not on a read-only disk, then try again',
      fix: 'Check the disk',
      nothingChanged: true,
    },
  },
  {
    matches: (c) => c === 'SQLITE_CORRUPT' || c === 'SQLITE_NOTADB',
    failure: {
      code: 'CORRUPT',
      what: 'the database file is damaged',
      todo: 'Restore the latest backup from Settings',
      fix: 'Restore the latest backup from Settings',
      nothingChanged: false,
    },
  },
];

/** The failure `err` stands for, or null when it is none of the known ones (then it is unexpected). */
export function classifyFailure(err: unknown): Failure | null {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== 'string') return null;
  return FAILURES.find((f) => f.matches(code))?.failure ?? null;
}

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Maps SQLite's failures to codes a user can act on; anything else is INTERNAL (logged, see internalError). */
export function toAppError(err: unknown, where = 'Kyrios'): AppError {
  if (err instanceof AppError) return err;
  const f = classifyFailure(err);
  if (f) return new AppError(f.code, `${sentence(f.what)}${f.nothingChanged ? ', so nothing was changed' : ''}. ${f.todo}.`);
  const code = (err as { code?: string })?.code ?? '';
  if (code.startsWith('SQLITE_CONSTRAINT'))
    return new AppError('CONFLICT', 'That change conflicts with existing data: ' + (err instanceof Error ? err.message : String(err)));
  return internalError(err, where);
}
