import type { Database } from 'better-sqlite3';
import { cachedStatement } from '../db/statements.ts';

// The settings table, one key at a time, the value as stored: the user's settings (JSON, settings.ts)
// and the app's own bookkeeping beside them (an erasure still due, how far the purge ledger is
// applied, a one-time fix done). Every read and write of the table goes through here.

export const readState = (db: Database, key: string): string | undefined =>
  (cachedStatement(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;

export const hasState = (db: Database, key: string): boolean => readState(db, key) !== undefined;

export function writeState(db: Database, key: string, value: string): void {
  cachedStatement(
    db,
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

export function clearState(db: Database, key: string): void {
  cachedStatement(db, 'DELETE FROM settings WHERE key = ?').run(key);
}
