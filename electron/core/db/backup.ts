import type { Database } from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir, ensurePrivateFile } from './fileModes.ts';

export function backupFileName(label: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  return `kyrios-${stamp}-${label}.sqlite`;
}

/**
 * Writes a consistent copy of the live database with SQLite's online backup API. It is written under
 * a temporary name and renamed once complete and flushed, so a crash or a full disk never leaves a
 * half-written file under a backup's name (one the app would offer to restore).
 */
export async function writeBackup(db: Database, file: string): Promise<string> {
  ensurePrivateDir(path.dirname(file));
  if (fs.existsSync(file)) throw new Error(`A backup named ${file} already exists`);
  const partial = `${file}.partial`;
  try {
    // Made private (0600) before SQLite writes into it: a backup holds every contact.
    ensurePrivateFile(partial);
    await db.backup(partial);
    const fd = fs.openSync(partial, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(partial, file);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
  return file;
}
