import type { Database } from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PRIVATE_FILE_MODE, tightenFile } from '../db/fileModes.ts';
import { readState, writeState } from '../settings/internalState.ts';

/**
 * The purge ledger: a file beside the database (`purge-ledger.jsonl` in the data folder) listing every
 * purge as ids and times only, never a name, email or phone. It lives outside the database file so a
 * backup restored, a file copied back or an old database opened cannot bring a purged contact back:
 * every database is brought up to the ledger before it is used (applyLedger.ts).
 *
 * Format: a header line `{"kyriosPurgeLedger":1,"id":"<random>"}`, then one JSON object per purge:
 * - `{"at":…,"how":"expired"|"permanent","contacts":[contact ids]}`
 * - `{"at":…,"deletion":"<deletion id>","records":[related-record ids]}` (a record deleted on its own)
 * A line is appended and flushed to the disk *before* the purge's transaction commits: a crash in
 * between leaves the ledger ahead of the database, and the next open finishes the purge.
 */
export const LEDGER_FILE_NAME = 'purge-ledger.jsonl';
export const ledgerBeside = (dbFile: string): string => path.join(path.dirname(dbFile), LEDGER_FILE_NAME);

export type LedgerEntry =
  | { at: number; how: 'expired' | 'permanent'; contacts: string[] }
  | { at: number; deletion: string; records: string[] };

/** How far this database has applied the ledger: which ledger (its id) and up to which byte. */
export const LEDGER_APPLIED_KEY = 'purgeLedger.applied';
export interface LedgerPosition {
  ledger: string;
  offset: number;
}

/** The ledger a connection writes its purges to; a database opened without a data folder (':memory:') has none. */
const ledgers = new WeakMap<Database, string>();
export const attachLedger = (db: Database, file: string): void => void ledgers.set(db, file);
export const ledgerOf = (db: Database): string | undefined => ledgers.get(db);

export function readPosition(db: Database): LedgerPosition | null {
  const raw = readState(db, LEDGER_APPLIED_KEY);
  if (!raw) return null;
  try {
    const p = JSON.parse(raw) as Partial<LedgerPosition>;
    return typeof p.ledger === 'string' && typeof p.offset === 'number' ? { ledger: p.ledger, offset: p.offset } : null;
  } catch {
    return null;
  }
}

export function writePosition(db: Database, p: LedgerPosition): void {
  writeState(db, LEDGER_APPLIED_KEY, JSON.stringify(p));
}

/** The ledger's id and the length of its header line, or null when the file is missing or not a ledger. */
export function readHeader(file: string): { id: string; length: number } | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const buf = Buffer.alloc(256);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const end = buf.subarray(0, n).indexOf(0x0a);
    if (end < 0) return null;
    const head = JSON.parse(buf.toString('utf8', 0, end)) as { kyriosPurgeLedger?: number; id?: unknown };
    return head.kyriosPurgeLedger === 1 && typeof head.id === 'string' ? { id: head.id, length: end + 1 } : null;
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return; // a folder cannot be opened for fsync there
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Creates the ledger with its header (private, flushed, its folder entry flushed too) unless it exists. */
export function ensureLedger(file: string): { id: string; length: number } {
  const existing = readHeader(file);
  if (existing) return existing;
  if (fs.existsSync(file) && fs.statSync(file).size > 0) {
    // Not a ledger (damaged header): keep it for a person to look at, start a new one. A new ledger id
    // makes every database apply the new ledger from its start.
    fs.renameSync(file, `${file}.damaged-${Date.now()}`);
  }
  const line = JSON.stringify({ kyriosPurgeLedger: 1, id: crypto.randomUUID() }) + '\n';
  const partial = `${file}.partial`;
  const fd = fs.openSync(partial, 'w', PRIVATE_FILE_MODE);
  try {
    fs.writeSync(fd, line);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  tightenFile(partial);
  fs.renameSync(partial, file);
  fsyncDir(path.dirname(file));
  return readHeader(file)!;
}

/**
 * Appends one purge (or several, in one write) to the connection's ledger and flushes it to the disk,
 * then records in the database (in the caller's transaction, which must be the purge's own) that the
 * ledger is applied up to the new end. Call it before the purge's rows are deleted: if the disk refuses the write, the
 * purge throws and rolls back, and nothing is purged that the ledger does not know of.
 */
export function appendToLedger(db: Database, entry: LedgerEntry | readonly LedgerEntry[]): void {
  const file = ledgers.get(db);
  const entries = Array.isArray(entry) ? entry : [entry as LedgerEntry];
  if (!file || entries.length === 0) return;
  const { id } = ensureLedger(file);
  const fd = fs.openSync(file, 'a+', PRIVATE_FILE_MODE);
  try {
    let size = fs.fstatSync(fd).size;
    const last = Buffer.alloc(1);
    // A line cut short by a crash (the purge it began never committed) is closed off, never continued.
    const torn = size > 0 && fs.readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a;
    const line = (torn ? '\n' : '') + entries.map((e) => JSON.stringify(e) + '\n').join('');
    fs.writeSync(fd, line);
    fs.fsyncSync(fd);
    size += Buffer.byteLength(line);
    writePosition(db, { ledger: id, offset: size });
  } finally {
    fs.closeSync(fd);
  }
}

/** The ledger's whole entries from `offset` on, and the offset after the last whole one. */
export function readEntries(file: string, offset: number): { entries: LedgerEntry[]; end: number } {
  const size = fs.statSync(file).size;
  if (offset >= size) return { entries: [], end: offset };
  const fd = fs.openSync(file, 'r');
  let text: Buffer;
  try {
    text = Buffer.alloc(size - offset);
    fs.readSync(fd, text, 0, text.length, offset);
  } finally {
    fs.closeSync(fd);
  }
  const lastNewline = text.lastIndexOf(0x0a);
  if (lastNewline < 0) return { entries: [], end: offset };
  const entries: LedgerEntry[] = [];
  for (const line of text.toString('utf8', 0, lastNewline).split('\n')) {
    if (!line) continue;
    try {
      const e = JSON.parse(line) as Partial<LedgerEntry> & Record<string, unknown>;
      if (typeof e.at !== 'number') continue;
      if (Array.isArray(e.contacts)) entries.push(e as LedgerEntry);
      else if (Array.isArray(e.records) && typeof e.deletion === 'string') entries.push(e as LedgerEntry);
    } catch {
      // a line torn by a crash before its purge committed: that purge never happened
    }
  }
  return { entries, end: offset + lastNewline + 1 };
}
