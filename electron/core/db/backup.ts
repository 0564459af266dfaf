import type { Database } from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

export function backupFileName(label: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  return `kyrios-${stamp}-${label}.sqlite`;
}

/** Writes a consistent copy of the live database with SQLite's online backup API. */
export async function writeBackup(db: Database, file: string): Promise<string> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (fs.existsSync(file)) throw new Error(`A backup named ${file} already exists`);
  await db.backup(file);
  return file;
}
