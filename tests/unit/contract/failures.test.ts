// A failure of the disk or the database means the same to a person whether a call answers it or a bulk
// action stops on it: one classification (errors.ts classifyFailure) for both.
import { expect, it } from 'vitest';
import { failureReason } from '../../../electron/core/bulk/runChunk.ts';
import { classifyFailure, toAppError } from '../../../electron/core/errors.ts';

const sqliteError = (code: string) => Object.assign(new Error(`${code}: /home/ann/secret/path`), { code });

it.each([
  ['SQLITE_FULL', 'DISK_FULL'],
  ['ENOSPC', 'DISK_FULL'],
  ['SQLITE_BUSY', 'BUSY'],
  ['SQLITE_LOCKED', 'BUSY'],
  ['SQLITE_READONLY', 'READ_ONLY'],
  ['SQLITE_READONLY_DBMOVED', 'READ_ONLY'],
  ['SQLITE_IOERR', 'READ_ONLY'],
  ['SQLITE_IOERR_WRITE', 'READ_ONLY'],
  ['SQLITE_CANTOPEN', 'READ_ONLY'],
  ['EACCES', 'READ_ONLY'],
  ['SQLITE_CORRUPT', 'CORRUPT'],
  ['SQLITE_NOTADB', 'CORRUPT'],
])('%s is %s in a call’s answer and in a bulk action’s label alike', (code, expected) => {
  const err = sqliteError(code);
  const f = classifyFailure(err)!;
  expect(f.code).toBe(expected);
  const answer = toAppError(err);
  expect(answer.code).toBe(expected);
  expect(answer.message.toLowerCase()).toContain(f.what.toLowerCase());
  expect(failureReason(err)).toBe(`${f.what}. ${f.fix}; what was done so far is kept`);
  // Never the raw message: it may hold a path.
  expect(answer.message + failureReason(err)).not.toContain('/home/ann');
});

it('anything else is unexpected: INTERNAL with an error id in both, the details in the log only', () => {
  const err = sqliteError('SQLITE_MISUSE');
  expect(classifyFailure(err)).toBeNull();
  expect(toAppError(err).code).toBe('INTERNAL');
  expect(failureReason(err)).toMatch(/^an unexpected error \(error [0-9a-f]{8}\)/);
});
