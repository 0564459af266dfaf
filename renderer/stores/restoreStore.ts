// The Restore tab: deleted contacts still inside the retention period, newest first.
import { create } from 'zustand';
import type { DeletedContact } from '../../shared/domain.ts';
import { call } from '../api/client.ts';
import { errorMessage } from '../lib/errors.ts';
import { displayName } from '../lib/format.ts';

interface RestoreState {
  query: string;
  page: number;
  pageSize: number;
  rows: DeletedContact[];
  total: number;
  loading: boolean;
  loaded: boolean;
  error: string | null;
  /** When the page was loaded: "purges in N days" counts from here, so renders stay pure. */
  loadedAt: number;
  selected: Record<string, string>;

  setQuery(q: string): void;
  setPage(page: number, pageSize?: number): void;
  /** `quiet`: a background refresh (after data.changed) that does not show the loading bar. */
  load(opts?: { quiet?: boolean }): Promise<void>;
  toggle(c: DeletedContact): void;
  togglePage(): void;
  clearSelection(): void;
}

let requestSeq = 0;

export const useRestoreStore = create<RestoreState>()((set, get) => ({
  query: '',
  page: 0,
  pageSize: 25,
  rows: [],
  total: 0,
  loading: false,
  loaded: false,
  error: null,
  loadedAt: 0,
  selected: {},

  setQuery(query) {
    if (query === get().query) return;
    set({ query, page: 0, selected: {} });
    void get().load();
  },

  setPage(page, pageSize) {
    set(pageSize !== undefined && pageSize !== get().pageSize ? { page: 0, pageSize } : { page });
    void get().load();
  },

  async load(opts) {
    const seq = ++requestSeq;
    const { query, page, pageSize } = get();
    set(opts?.quiet ? { error: null } : { loading: true, error: null });
    try {
      const result = await call('restore.list', { query: query.trim() || undefined, offset: page * pageSize, limit: pageSize });
      if (seq !== requestSeq) return;
      if (result.rows.length === 0 && page > 0 && result.total > 0) {
        set({ page: Math.max(0, Math.ceil(result.total / pageSize) - 1) });
        return get().load();
      }
      // Drop selected ids that are no longer in the Restore tab (restored or purged meanwhile).
      const selected = { ...get().selected };
      const visible = new Set(result.rows.map((r) => r.id));
      for (const id of Object.keys(selected)) if (!visible.has(id) && result.total <= pageSize) delete selected[id];
      set({ rows: result.rows, total: result.total, loading: false, loaded: true, selected, loadedAt: Date.now() });
    } catch (err) {
      if (seq !== requestSeq) return;
      set({ loading: false, loaded: true, error: errorMessage(err) });
    }
  },

  toggle(c) {
    const selected = { ...get().selected };
    if (selected[c.id]) delete selected[c.id];
    else selected[c.id] = displayName(c);
    set({ selected });
  },

  togglePage() {
    const { rows, selected } = get();
    const allOn = rows.length > 0 && rows.every((r) => selected[r.id]);
    const next = { ...selected };
    for (const r of rows) {
      if (allOn) delete next[r.id];
      else next[r.id] = displayName(r);
    }
    set({ selected: next });
  },

  clearSelection() {
    set({ selected: {} });
  },
}));
