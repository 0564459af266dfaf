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
    if (contacts.loaded) void contacts.load({ quiet: true });
    refreshTags();
    void useContactDetailStore.getState().reload({ quiet: true });
  },
  restore: () => {
    if (useRestoreStore.getState().loaded) void useRestoreStore.getState().load({ quiet: true });
  },
  bulkActions: () => {
    if (useBulkActionsStore.getState().loaded) void useBulkActionsStore.getState().load({ quiet: true });
  },
  settings: () => void useSettingsStore.getState().load(),
};

// A change refreshes its views shortly after; while changes keep coming (a bulk action changes data
// chunk by chunk) each view refreshes at most once a second, so the list queries never crowd out the work.
const FIRST_DELAY_MS = 150;
const MIN_GAP_MS = 1_000;

export function startLiveUpdates(): () => void {
  const last: Record<Scope, number> = { contacts: 0, restore: 0, bulkActions: 0, settings: 0 };
  const timers: Partial<Record<Scope, ReturnType<typeof setTimeout>>> = {};
  const schedule = (scope: Scope) => {
    if (timers[scope]) return;
    const wait = Math.max(FIRST_DELAY_MS, last[scope] + MIN_GAP_MS - Date.now());
    timers[scope] = setTimeout(() => {
      timers[scope] = undefined;
      last[scope] = Date.now();
      REFRESH[scope]();
    }, wait);
  };
  const offChanged = api.on('data.changed', ({ scope }) => {
    for (const s of scope) schedule(s);
  });
  const offProgress = api.on('bulkActions.progress', (p) => useBulkActionsStore.getState().applyProgress(p));
  return () => {
    offChanged();
    offProgress();
    for (const t of Object.values(timers)) clearTimeout(t);
  };
}
