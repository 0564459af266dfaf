import fs from 'node:fs';
import path from 'node:path';
import type { BackupKind } from '../../../shared/domain.ts';
import { AppError } from '../errors.ts';

/** Backups live in `<dataDir>/backups/`, beside the database. */
export const BACKUPS_FOLDER = 'backups';
export const backupsDir = (dataDir: string): string => path.join(dataDir, BACKUPS_FOLDER);

/**
 * The only names a backup can have (see db/backup.ts backupFileName):
 * `kyrios-2026-01-15T12-00-00-000Z-<label>.sqlite`, label one of automatic, manual, pre-restore or
 * pre-migration-vN. Anything else in the folder is not a backup and is never listed, restored or pruned.
 */
export const BACKUP_NAME_PATTERN =
  /^kyrios-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)-(automatic|manual|pre-restore|pre-migration-v\d{1,4})\.sqlite$/;

export interface ParsedBackupName {
  name: string;
  createdAt: number;
  kind: BackupKind;
}

/** Reads kind and creation time from a backup's name; null for anything that is not a backup's name. */
export function parseBackupName(name: string): ParsedBackupName | null {
  const m = BACKUP_NAME_PATTERN.exec(name);
  if (!m) return null;
  const [, stamp, label] = m as unknown as [string, string, string];
  const iso = stamp.replace(/^(\d{4}-\d{2}-\d{2}T\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/, '$1:$2:$3.$4Z');
  const createdAt = Date.parse(iso);
  if (!Number.isFinite(createdAt)) return null;
  const kind: BackupKind = label.startsWith('pre-migration') ? 'pre-migration' : (label as BackupKind);
  return { name, createdAt, kind };
}

/**
 * Turns a name from the outside into the path of an existing backup file. Only a plain file directly
 * in the backups folder whose name matches the pattern qualifies: no path separators, no `..`, no
 * symbolic links out of the folder.
 */
export function resolveBackup(dataDir: string, name: string): { file: string; parsed: ParsedBackupName } {
  const parsed = parseBackupName(name);
  if (!parsed || path.basename(name) !== name) {
    throw new AppError('VALIDATION', 'That is not the name of a Kyrios backup. Choose one from the list of backups.', {
      issues: [{ path: 'name', message: 'not a backup name' }],
    });
  }
  const file = path.join(backupsDir(dataDir), name);
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    throw new AppError('NOT_FOUND', `There is no backup named ${name}. Refresh the list of backups and try again.`);
  }
  if (!stat.isFile()) {
    throw new AppError('NOT_FOUND', `There is no backup named ${name}. Refresh the list of backups and try again.`);
  }
  return { file, parsed };
}
