// How a backup reads in the table and the restore dialog.
import type { BackupInfo, BackupKind } from '../../../shared/domain.ts';
import { formatDateTime } from '../../lib/format.ts';

export const KIND_LABELS: Record<BackupKind, string> = {
  automatic: 'Daily',
  manual: 'Manual',
  'pre-migration': 'Before an update',
  'pre-restore': 'Before a restore',
};

const TITLES: Record<BackupKind, string> = {
  automatic: 'Daily backup',
  manual: 'Manual backup',
  'pre-migration': 'Backup before an update',
  'pre-restore': 'Backup before a restore',
};

/** "Daily backup of Nov 29, 2026, 4:35 AM": what a person recognises; the file name stays beside it. */
export function backupLabel(b: Pick<BackupInfo, 'kind' | 'createdAt'>): string {
  return `${TITLES[b.kind]} of ${formatDateTime(b.createdAt)}`;
}

/** 1.4 MB, 512 KB: a backup is never shown as 0. */
export function formatSize(bytes: number): string {
  const KB = 1024;
  const MB = KB * 1024;
  if (bytes >= MB) return `${(bytes / MB).toFixed(bytes >= 100 * MB ? 0 : 1)} MB`;
  return `${Math.max(1, Math.round(bytes / KB))} KB`;
}
