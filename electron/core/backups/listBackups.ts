import fs from 'node:fs';
import path from 'node:path';
import type { BackupInfo } from '../../../shared/domain.ts';
import { backupsDir, parseBackupName } from './backupNames.ts';

/** Every backup in the data folder, newest first. A missing folder simply means no backups yet. */
export function listBackups(dataDir: string): BackupInfo[] {
  const dir = backupsDir(dataDir);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const backups: BackupInfo[] = [];
  for (const name of names) {
    const parsed = parseBackupName(name);
    if (!parsed) continue;
    try {
      const stat = fs.lstatSync(path.join(dir, name));
      if (stat.isFile()) backups.push({ ...parsed, sizeBytes: stat.size });
    } catch {
      // removed while we looked: not a backup any more
    }
  }
  return backups.sort((a, b) => b.createdAt - a.createdAt || (a.name < b.name ? 1 : -1));
}

/**
 * The newest backup of any kind, or null: what the app offers when the database cannot be opened
 * because it is damaged. (Restoring checks it with integrity_check before it is used.)
 */
export function latestBackup(dataDir: string): BackupInfo | null {
  return listBackups(dataDir)[0] ?? null;
}
