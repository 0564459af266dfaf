// Server state of Settings: the settings themselves (scope 'settings' of data.changed) and the backup
// files (no scope: listed whenever the Backups section shows, and after what changes them).
import { queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import type { ChannelInput } from '../../../shared/contract.ts';
import { DEFAULT_RETENTION_DAYS, type BackupInfo, type Settings } from '../../../shared/domain.ts';
import { call } from '../../api/client.ts';
import { queryClient } from '../../lib/queryClient.ts';

export const settingsQuery = queryOptions({
  queryKey: ['settings'] as const,
  queryFn: () => call('settings.get', {}),
  // Settings change only through a save here (the answer goes into the cache) or a data.changed.
  staleTime: Infinity,
});

/** Until the core answers (or when it cannot), the views still work and say "60 days". */
const DEFAULT_SETTINGS: Settings = { retentionDays: DEFAULT_RETENTION_DAYS, profileName: '', phoneRegion: '' };

/** One setting, re-rendering only when that one changes. */
export function useSetting<K extends keyof Settings>(key: K): Settings[K] {
  const { data } = useQuery({ ...settingsQuery, select: (s: Settings) => s[key] });
  return data ?? DEFAULT_SETTINGS[key];
}

/** settings.update; the saved settings replace the cached ones. Throws the core's error (a VALIDATION issue names the field). */
export async function saveSettings(patch: ChannelInput<'settings.update'>): Promise<Settings> {
  const s = await call('settings.update', patch);
  queryClient.setQueryData(settingsQuery.queryKey, s);
  return s;
}

const newestFirst = (list: BackupInfo[]) => [...list].sort((a, b) => b.createdAt - a.createdAt || (a.name < b.name ? 1 : -1));

export const backupsQuery = queryOptions({
  queryKey: ['backups'] as const,
  queryFn: async () => newestFirst(await call('backups.list', {})),
});

export const useBackups = () => useQuery(backupsQuery);

/** "Back up now": the new backup shows at once; the list call that follows picks up anything written meanwhile. */
export function useCreateBackup() {
  return useMutation({
    mutationFn: () => call('backups.create', {}),
    onSuccess: (backup) => {
      queryClient.setQueryData(backupsQuery.queryKey, (list) => newestFirst([backup, ...(list ?? []).filter((b) => b.name !== backup.name)]));
      void queryClient.invalidateQueries({ queryKey: backupsQuery.queryKey });
    },
  });
}

/**
 * backups.restore behind the typed RESTORE. Every piece of data may differ afterwards: every query is
 * stale, the ones on screen refetch at once (the core's data.changed follows; this does not wait for it).
 */
export async function restoreBackup(name: string) {
  const result = await call('backups.restore', { name, confirm: 'RESTORE' });
  void queryClient.invalidateQueries();
  return result;
}
