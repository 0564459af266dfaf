import fs from 'node:fs';
import path from 'node:path';

/**
 * The data folder holds every contact: only its owner may read it. Folders are 0700 and files 0600
 * on every OS with POSIX modes (Windows has none: its profile folder's ACL already limits it to the
 * user). SQLite creates a database's -wal and -shm with the mode of the database file itself, so a
 * database file made 0600 before SQLite opens it keeps its side files private too.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
const hasModes = process.platform !== 'win32';

/** Creates `dir` (and missing parents) private, and tightens it if it already existed. */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (hasModes) fs.chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Creates `file` empty and private if it is missing (so whoever writes it next inherits the mode), or tightens it. */
export function ensurePrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
  if (hasModes) fs.chmodSync(file, PRIVATE_FILE_MODE);
}

/** Tightens a file that exists (no-op for a missing one, or on Windows). */
export function tightenFile(file: string): void {
  if (!hasModes) return;
  try {
    if (fs.lstatSync(file).isFile()) fs.chmodSync(file, PRIVATE_FILE_MODE);
  } catch {
    // gone meanwhile: nothing to tighten
  }
}

/**
 * Tightens a data folder written by an older Kyrios (0755/0644): the folder, the database and its side
 * files, the backups folder and every file in it. Symbolic links are left alone (never followed).
 */
export function tightenDataFolder(dataDir: string, dbFile: string): void {
  if (!hasModes) return;
  ensurePrivateDir(dataDir);
  for (const suffix of ['', '-wal', '-shm', '-journal']) tightenFile(dbFile + suffix);
  for (const name of safeList(dataDir)) if (name.startsWith('purge-ledger')) tightenFile(path.join(dataDir, name));
  const backups = path.join(dataDir, 'backups');
  if (fs.existsSync(backups) && fs.lstatSync(backups).isDirectory()) {
    fs.chmodSync(backups, PRIVATE_DIR_MODE);
    for (const name of safeList(backups)) tightenFile(path.join(backups, name));
  }
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
