// Bulk actions (deletes, restores, imports): the list, kept live by bulkActions.progress events.
import { create } from 'zustand';
import type { ChannelResult, EventPayload } from '../../shared/contract.ts';
import type { BulkAction } from '../../shared/domain.ts';
import { call } from '../api/client.ts';
import { errorMessage } from '../lib/errors.ts';

/** An action started from this window, followed live where it was started (e.g. above the Contacts list). */
export interface TrackedAction {
  id: string;
  type: BulkAction['type'];
  total: number;
  processed: number;
  status: BulkAction['status'];
}

interface BulkActionsState {
  tracked: TrackedAction[];
  track(a: TrackedAction): void;
  untrack(id: string): void;
  page: number;
  pageSize: number;
  rows: BulkAction[];
  total: number;
  loading: boolean;
  loaded: boolean;
  error: string | null;

  setPage(page: number, pageSize?: number): void;
  /** `quiet`: a background refresh (after data.changed) that does not show the loading bar. */
  load(opts?: { quiet?: boolean }): Promise<void>;
  /** Applies a push event to the row it names; a new or finished action reloads the list. */
  applyProgress(p: EventPayload<'bulkActions.progress'>): void;
  restore(id: string): Promise<ChannelResult<'bulkActions.restore'>>;
  cancel(id: string): Promise<void>;
}

let requestSeq = 0;
let reloadTimer: ReturnType<typeof setTimeout> | undefined;
let pollTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Progress events drive the tracked actions; a slow poll backs them up, because an action can finish
 * before its first event reaches this window (or the event stream may be reconnecting).
 */
function pollTracked(): void {
  clearTimeout(pollTimer);
  const sync = async () => {
    const { tracked } = useBulkActionsStore.getState();
    const active = tracked.filter(isActive);
    await Promise.all(
      active.map(async (t) => {
        try {
          const a = await call('bulkActions.get', { id: t.id });
          useBulkActionsStore.setState((s) => ({
            tracked: s.tracked.map((x) => (x.id === a.id && isActive(x) ? { ...x, processed: a.processed, total: a.total, status: a.status } : x)),
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

export const useBulkActionsStore = create<BulkActionsState>()((set, get) => {
  const reloadSoon = () => {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => void get().load({ quiet: true }), 150);
  };
  return {
    tracked: [],
    track(a) {
      set({ tracked: [...get().tracked.filter((t) => t.id !== a.id), a] });
      pollTracked();
    },
    untrack(id) {
      set({ tracked: get().tracked.filter((t) => t.id !== id) });
    },
    page: 0,
    pageSize: 25,
    rows: [],
    total: 0,
    loading: false,
    loaded: false,
    error: null,

    setPage(page, pageSize) {
      set(pageSize !== undefined && pageSize !== get().pageSize ? { page: 0, pageSize } : { page });
      void get().load();
    },

    async load(opts) {
      const seq = ++requestSeq;
      const { page, pageSize } = get();
      set(opts?.quiet ? { error: null } : { loading: true, error: null });
      try {
        const result = await call('bulkActions.list', { offset: page * pageSize, limit: pageSize });
        if (seq !== requestSeq) return;
        set({ rows: result.rows, total: result.total, loading: false, loaded: true });
      } catch (err) {
        if (seq !== requestSeq) return;
        set({ loading: false, loaded: true, error: errorMessage(err) });
      }
    },

    applyProgress(p) {
      if (get().tracked.some((t) => t.id === p.id)) {
        set({ tracked: get().tracked.map((t) => (t.id === p.id ? { ...t, processed: p.processed, total: p.total, status: p.status } : t)) });
      }
      const rows = get().rows;
      const row = rows.find((r) => r.id === p.id);
      if (!row) return reloadSoon();
      const statusChanged = row.status !== p.status;
      set({ rows: rows.map((r) => (r.id === p.id ? { ...r, processed: p.processed, total: p.total, status: p.status } : r)) });
      // The label ("Complete · Restored", "Failed: …") is the core's: fetch it when the status moves.
      if (statusChanged) reloadSoon();
    },

    async restore(id) {
      const result = await call('bulkActions.restore', { id });
      reloadSoon();
      return result;
    },

    async cancel(id) {
      const updated = await call('bulkActions.cancel', { id });
      set({ rows: get().rows.map((r) => (r.id === id ? updated : r)) });
      reloadSoon();
    },
  };
});

export const isActive = (a: Pick<BulkAction, 'status'>) => a.status === 'running' || a.status === 'queued';
