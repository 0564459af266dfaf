// Push events from the core: data.changed refreshes the views it names (coalesced, so a bulk action
// that changes data chunk by chunk does not flood the core with list queries), and
// bulkActions.progress moves the progress bars.
import { api } from '../api/client.ts';
import { useBulkActionsStore } from '../stores/bulkActionsStore.ts';
import { useContactDetailStore } from '../stores/contactDetailStore.ts';
import { useContactsStore } from '../stores/contactsStore.ts';
import { useRestoreStore } from '../stores/restoreStore.ts';
import { useSettingsStore } from '../stores/settingsStore.ts';

type Scope = 'contacts' | 'restore' | 'bulkActions' | 'settings';

// Tag counts scan every live contact: during a bulk action (a change per chunk) refresh them at most
// every few seconds, and once more when the changes stop.
const TAGS_EVERY_MS = 5_000;
let lastTags = 0;
let tagsTimer: ReturnType<typeof setTimeout> | undefined;
function refreshTags(): void {
  clearTimeout(tagsTimer);
  const wait = lastTags + TAGS_EVERY_MS - Date.now();
  if (wait <= 0) {
    lastTags = Date.now();
    void useContactsStore.getState().loadTags();
  } else {
    tagsTimer = setTimeout(refreshTags, wait);
  }
}

const REFRESH: Record<Scope, () => void> = {
  contacts: () => {
    const contacts = useContactsStore.getState();
    if (contacts.loaded) void contacts.load();
    refreshTags();
    void useContactDetailStore.getState().reload();
  },
  restore: () => {
    if (useRestoreStore.getState().loaded) void useRestoreStore.getState().load();
  },
  bulkActions: () => {
    if (useBulkActionsStore.getState().loaded) void useBulkActionsStore.getState().load();
  },
  settings: () => void useSettingsStore.getState().load(),
};

export function startLiveUpdates(): () => void {
  const pending = new Set<Scope>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    const scopes = [...pending];
    pending.clear();
    for (const s of scopes) REFRESH[s]();
  };
  const offChanged = api.on('data.changed', ({ scope }) => {
    for (const s of scope) pending.add(s);
    timer ??= setTimeout(flush, 200);
  });
  const offProgress = api.on('bulkActions.progress', (p) => useBulkActionsStore.getState().applyProgress(p));
  return () => {
    offChanged();
    offProgress();
    clearTimeout(timer);
  };
}
