// Push events from the core. data.changed marks the queries of the scopes it names stale: the ones on
// screen refetch, the others wait until a view shows them (coalesced, so a bulk action that changes
// data chunk by chunk does not flood the core with list queries). bulkActions.progress moves the
// progress bars and the cached Bulk Actions rows.
import type { Query, QueryClient } from '@tanstack/react-query';
import type { EventPayload } from '../../shared/contract.ts';
import { api } from '../api/client.ts';
import { applyProgress } from '../views/bulk/queries.ts';
import { contactsKeys } from '../views/contacts/queries.ts';

type Scope = EventPayload<'data.changed'>['scope'][number];

const isTags = (q: Query) => q.queryKey[0] === contactsKeys.tags[0] && q.queryKey[1] === contactsKeys.tags[1];

// Tag counts scan every live contact: during a bulk action (a change per chunk) refresh them at most
// every few seconds, and once more when the changes stop.
const TAGS_EVERY_MS = 5_000;

// A change refreshes its views shortly after; while changes keep coming (a bulk action changes data
// chunk by chunk) each view refreshes at most once a second, so the list queries never crowd out the work.
const FIRST_DELAY_MS = 150;
const MIN_GAP_MS = 1_000;

export function startLiveUpdates(client: QueryClient): () => void {
  let lastTags = 0;
  let tagsTimer: ReturnType<typeof setTimeout> | undefined;
  const refreshTags = (): void => {
    clearTimeout(tagsTimer);
    const wait = lastTags + TAGS_EVERY_MS - Date.now();
    if (wait <= 0) {
      lastTags = Date.now();
      void client.invalidateQueries({ queryKey: contactsKeys.tags });
    } else {
      tagsTimer = setTimeout(refreshTags, wait);
    }
  };
  const invalidate = (scope: Scope): void => {
    if (scope === 'contacts') {
      void client.invalidateQueries({ queryKey: contactsKeys.all, predicate: (q) => !isTags(q) });
      refreshTags();
    } else {
      void client.invalidateQueries({ queryKey: [scope] });
    }
  };

  const last: Record<Scope, number> = { contacts: 0, restore: 0, bulkActions: 0, settings: 0 };
  const timers: Partial<Record<Scope, ReturnType<typeof setTimeout>>> = {};
  const schedule = (scope: Scope) => {
    if (timers[scope]) return;
    const wait = Math.max(FIRST_DELAY_MS, last[scope] + MIN_GAP_MS - Date.now());
    timers[scope] = setTimeout(() => {
      timers[scope] = undefined;
      last[scope] = Date.now();
      invalidate(scope);
    }, wait);
  };
  const offChanged = api.on('data.changed', ({ scope }) => {
    for (const s of scope) schedule(s);
  });
  const offProgress = api.on('bulkActions.progress', (p) => applyProgress(client, p));
  return () => {
    offChanged();
    offProgress();
    clearTimeout(tagsTimer);
    for (const t of Object.values(timers)) clearTimeout(t);
  };
}
