import type { Database } from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { isMainThread, Worker } from 'node:worker_threads';
import type { BackupInfo, BackupKind } from '../../../shared/domain.ts';
import { AUTOMATIC_BACKUPS_KEPT, BACKUP_MAX_AGE_DAYS, DAY_MS } from '../../../shared/domain.ts';
import type { Clock } from '../clock.ts';
import { backupFileName, writeBackup } from '../db/backup.ts';
import { ensurePrivateDir } from '../db/fileModes.ts';
import { AppError } from '../errors.ts';
import { backupsDir, parseBackupName } from './backupNames.ts';
import { listBackups } from './listBackups.ts';
import { quickCheckSync } from './quickCheckSync.ts';

/** How many automatic (daily) backups are kept, and the most days any backup is kept (shared/domain.ts). */
export { AUTOMATIC_BACKUPS_KEPT, BACKUP_MAX_AGE_DAYS };

/** Suffix of a backup still being written (db/backup.ts writeBackup); never matches the name pattern. */
const PARTIAL = '.partial';

/**
 * Writes a consistent copy of the live database into the backups folder with SQLite's online backup
 * API (the app keeps working meanwhile), through writeBackup: under a temporary name, renamed when
 * complete, so a crash or a full disk never leaves a half-written file that looks like a backup.
 */
export async function createBackup(
  db: Database,
  dataDir: string,
  kind: Exclude<BackupKind, 'pre-migration'>,
  now: Clock,
): Promise<BackupInfo> {
  const dir = backupsDir(dataDir);
  ensurePrivateDir(dir);
  // Two backups in the same millisecond (a fast double click, a test clock) get distinct names.
  let at = now();
  while (fs.existsSync(path.join(dir, backupFileName(kind, at)))) at += 1;
  const name = backupFileName(kind, at);
  const file = path.join(dir, name);
  await writeBackup(db, file);
  // A backup copies pages as they are, damage included. Automatic and manual backups are checked, so
  // "keep the newest 7" never rotates the good ones out for copies of a damaged database. (The
  // pre-restore copy is not: it keeps whatever was there, damaged or not, and must never block a restore.)
  if (kind !== 'pre-restore') {
    const verdict = await quickCheck(file);
    if (verdict !== 'ok') {
      fs.rmSync(file, { force: true });
      throw new AppError(
        'CORRUPT',
        'The backup was not kept: its check found damage, so the database itself is damaged. Restore the latest backup from Settings.',
      );
    }
  }
  const parsed = parseBackupName(name)!;
  return { ...parsed, sizeBytes: fs.statSync(file).size };
}

// Run from source (Node 24, vitest) the worker is a .ts file beside this one; in the Electron build this code is
// bundled into out/main/main.js and the worker is out/main/quickCheckWorker.js (electron.vite.config.ts).
const WORKER_FILE = import.meta.url.endsWith('.ts') ? './quickCheckWorker.ts' : './quickCheckWorker.js';

/**
 * `PRAGMA quick_check` of a backup file: 'ok', or what is wrong. On a worker thread: it reads every
 * page of the file (2 s for a 900 MB database), which on the main thread froze the app that long.
 * If the worker cannot run (its file missing from a package), the check runs here rather than not at
 * all: a backup is never dropped because the check could not start.
 */
export function quickCheck(file: string): Promise<string> {
  const onThisThread = (why: unknown) => {
    console.warn('[kyrios] backup check on the main thread:', why instanceof Error ? why.message : why);
    return quickCheckSync(file);
  };
  // On the core's writer thread (worker/, the app's case) the check already runs off the window's thread.
  if (!isMainThread) return Promise.resolve().then(() => quickCheckSync(file));
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL(WORKER_FILE, import.meta.url), { workerData: { file } });
    } catch (err) {
      resolve(onThisThread(err));
      return;
    }
    let verdict: string | null = null;
    let failure: unknown = null;
    worker.once('message', (m: unknown) => (verdict = String(m)));
    worker.once('error', (err) => (failure = err));
    worker.once('exit', () => resolve(verdict ?? onThisThread(failure ?? 'the check ended without a verdict')));
  });
}

/**
 * The backups schedule: the newest `keep` automatic backups are kept, and no backup of any kind
 * (automatic, manual, pre-migration, pre-restore) is kept once it is `maxAgeDays` old (by the app's
 * clock). A backup holds every contact as it was, purged ones included, so this is how long a purged
 * contact can still exist inside a backup file: at most `maxAgeDays` after that backup was made.
 * Runs with the automatic backup check (a minute after start, then hourly). Returns the names removed.
 */
export function pruneBackups(
  dataDir: string,
  now: number,
  { keep = AUTOMATIC_BACKUPS_KEPT, maxAgeDays = BACKUP_MAX_AGE_DAYS } = {},
): string[] {
  const all = listBackups(dataDir);
  const automatic = all.filter((b) => b.kind === 'automatic');
  const doomed = new Set(automatic.slice(keep).map((b) => b.name));
  for (const b of all) if (now - b.createdAt >= maxAgeDays * DAY_MS) doomed.add(b.name);
  const removed: string[] = [];
  for (const name of doomed) {
    fs.rmSync(path.join(backupsDir(dataDir), name), { force: true });
    removed.push(name);
  }
  return removed.sort();
}

/**
 * Removes what a crash can leave behind: backups half-written (never listed) and copies of a backup
 * staged for a restore that never finished (`kyrios.sqlite.restoring-…`, with their WAL files).
 */
export function removeLeftovers(dataDir: string): void {
  const remove = (dir: string, match: (name: string) => boolean) => {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      return;
    }
    for (const n of names) if (match(n)) fs.rmSync(path.join(dir, n), { force: true });
  };
  remove(backupsDir(dataDir), (n) => n.endsWith(PARTIAL) && parseBackupName(n.slice(0, -PARTIAL.length)) !== null);
  remove(dataDir, (n) => /^kyrios\.sqlite\.restoring-[0-9a-f]{12}(-wal|-shm|-journal)?$/.test(n));
}

/** Flushes a file to the disk, so a rename that follows never exposes unwritten data after a power cut. */
export function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
