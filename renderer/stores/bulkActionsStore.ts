// Bulk actions, the UI side: the page of the Bulk Actions list, and the actions this window started
// (followed live where they were started, e.g. above the Contacts list). The list itself is server
// state: views/bulk/queries.ts.
import { create } from 'zustand';
import type { EventPayload } from '../../shared/contract.ts';
import type { BulkAction } from '../../shared/domain.ts';
import { call } from '../api/client.ts';

/** An action started from this window, followed live where it was started (e.g. above the Contacts list). */
export interface TrackedAction {
  id: string;
  type: BulkAction['type'];
  total: number;
  processed: number;
  status: BulkAction['status'];
  /** Items not done and why (a restore's conflicts), once the action has said so (bulkActions.get). */
  skipped?: number;
  skippedReasons?: BulkAction['skippedReasons'];
  /** Followed by its snackbar only, not by a banner above the list (a small action). */
  quiet?: boolean;
  /** The numbers are the action's own (an event or bulkActions.get has answered), not the guess it started with. */
  confirmed?: boolean;
}

interface BulkActionsState {
  tracked: TrackedAction[];
  track(a: TrackedAction): void;
  untrack(id: string): void;
  /** Moves a tracked action's bar; actions not tracked here are left alone. */
  applyProgress(p: EventPayload<'bulkActions.progress'>): void;
  page: number;
  pageSize: number;
  setPage(page: number, pageSize?: number): void;
}

let pollTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Progress events drive the tracked actions; a slow poll backs them up, because an action can finish
 * before its first event reaches this window (or the event stream may be reconnecting).
 */
function pollTracked(): void {
  clearTimeout(pollTimer);
  const sync = async () => {
    const active = useBulkActionsStore.getState().tracked.filter(isActive);
    await Promise.all(
      active.map(async (t) => {
        try {
          const a = await call('bulkActions.get', { id: t.id });
          useBulkActionsStore.setState((s) => ({
            tracked: s.tracked.map((x) => (x.id === a.id && isActive(x) ? fromAction(x, a) : x)),
          }));
        } catch {
          // The next event or poll tries again.
        }
      }),
    );
    if (useBulkActionsStore.getState().tracked.some(isActive)) pollTimer = setTimeout(() => void sync(), 1_000);
  };
  void sync();
}

const fromAction = (x: TrackedAction, a: BulkAction): TrackedAction => ({
  ...x,
  processed: a.processed,
  total: a.total,
  status: a.status,
  skipped: a.skipped,
  skippedReasons: a.skippedReasons,
  confirmed: true,
});

/** An action that just ended: its final numbers and skip reasons, which progress events do not carry. */
async function settle(id: string): Promise<void> {
  try {
    const a = await call('bulkActions.get', { id });
    useBulkActionsStore.setState((s) => ({ tracked: s.tracked.map((x) => (x.id === id ? fromAction(x, a) : x)) }));
  } catch {
    // The event's numbers stand.
  }
}

export const useBulkActionsStore = create<BulkActionsState>()((set, get) => ({
  tracked: [],
  track(a) {
    // A finished quiet action was only followed by its snackbar, which this new one replaces: forget it.
    set({ tracked: [...get().tracked.filter((t) => t.id !== a.id && !(t.quiet && !isActive(t))), a] });
    pollTracked();
  },
  untrack(id) {
    set({ tracked: get().tracked.filter((t) => t.id !== id) });
  },
  applyProgress(p) {
    const was = get().tracked.find((t) => t.id === p.id);
    if (!was) return;
    set({ tracked: get().tracked.map((t) => (t.id === p.id ? { ...t, processed: p.processed, total: p.total, status: p.status, confirmed: true } : t)) });
    if (isActive(was) && !isActive(p)) void settle(p.id);
  },
  page: 0,
  pageSize: 25,
  setPage(page, pageSize) {
    set(pageSize !== undefined && pageSize !== get().pageSize ? { page: 0, pageSize } : { page });
  },
}));

export const isActive = (a: Pick<BulkAction, 'status'>) => a.status === 'running' || a.status === 'queued';
