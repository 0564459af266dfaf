// Settings › Backups: the backup files, newest first, "Back up now" and "Restore from backup".
import { create } from 'zustand';
import type { ChannelResult } from '../../shared/contract.ts';
import type { BackupInfo } from '../../shared/domain.ts';
import { call } from '../api/client.ts';
import { errorMessage } from '../lib/errors.ts';
import { useBulkActionsStore } from './bulkActionsStore.ts';
import { useContactDetailStore } from './contactDetailStore.ts';
import { useContactsStore } from './contactsStore.ts';
import { useRestoreStore } from './restoreStore.ts';
import { useSettingsStore } from './settingsStore.ts';

interface BackupsState {
  backups: BackupInfo[];
  loading: boolean;
  loaded: boolean;
  error: string | null;
  /** "Back up now" is running. */
  creating: boolean;

  load(): Promise<void>;
  /** backups.create, then the list again. Throws the core's error. */
  create(): Promise<BackupInfo>;
  /** backups.restore behind the typed RESTORE, then every view reloads. Throws the core's error. */
  restore(name: string): Promise<ChannelResult<'backups.restore'>>;
}

const newestFirst = (list: BackupInfo[]) => [...list].sort((a, b) => b.createdAt - a.createdAt || (a.name < b.name ? 1 : -1));

let requestSeq = 0;

export const useBackupsStore = create<BackupsState>()((set, get) => ({
  backups: [],
  loading: false,
  loaded: false,
  error: null,
  creating: false,

  async load() {
    const seq = ++requestSeq;
    set({ loading: true, error: null });
    try {
      const backups = await call('backups.list', {});
      if (seq === requestSeq) set({ backups: newestFirst(backups), loading: false, loaded: true });
    } catch (err) {
      if (seq === requestSeq) set({ loading: false, loaded: true, error: errorMessage(err) });
    }
  },

  async create() {
    set({ creating: true });
    try {
      const backup = await call('backups.create', {});
      // Shown at once; the list call that follows also picks up anything written meanwhile.
      set({ backups: newestFirst([backup, ...get().backups.filter((b) => b.name !== backup.name)]) });
      void get().load();
      return backup;
    } finally {
      set({ creating: false });
    }
  },

  async restore(name) {
    const result = await call('backups.restore', { name, confirm: 'RESTORE' });
    // The core also sends data.changed for every view; reloading here does not wait for the event stream.
    reloadEverything();
    void get().load();
    return result;
  },
}));

/** After a restore every piece of data may differ: reload what the views have loaded. */
function reloadEverything(): void {
  void useSettingsStore.getState().load();
  const contacts = useContactsStore.getState();
  if (contacts.loaded) {
    void contacts.load({ quiet: true });
    void contacts.loadTags();
  }
  if (useRestoreStore.getState().loaded) void useRestoreStore.getState().load({ quiet: true });
  if (useBulkActionsStore.getState().loaded) void useBulkActionsStore.getState().load({ quiet: true });
  void useContactDetailStore.getState().reload({ quiet: true });
}
