// The Restore tab, the UI side: the search, the page and the selection. The deleted contacts
// themselves are server state: views/restore/queries.ts.
import { create } from 'zustand';
import type { RestoreSort } from '../../shared/contract.ts';
import type { DeletedContact } from '../../shared/domain.ts';
import { displayName } from '../lib/format.ts';

interface RestoreState {
  query: string;
  page: number;
  pageSize: number;
  sort: RestoreSort;
  /** Selected ids with their display names (kept across pages; '' for ids chosen by "Select all N matching"). */
  selected: Record<string, string>;
  /** "Select all N matching" was used: the selection is every contact the search matched then. */
  allMatching: boolean;
  setSort(sort: RestoreSort): void;
  /** Selects every id of "Select all N matching", keeping the names already known. */
  selectIds(ids: readonly string[]): void;
  setQuery(q: string): void;
  setPage(page: number, pageSize?: number): void;
  toggle(c: DeletedContact): void;
  /** Selects every row of the page shown, or clears them when all are selected. */
  togglePage(rows: DeletedContact[]): void;
  clearSelection(): void;
  /** Keeps only the selected ids still in the tab (the others were restored or purged meanwhile). */
  keepSelected(ids: ReadonlySet<string>): void;
}

export const useRestoreStore = create<RestoreState>()((set, get) => ({
  query: '',
  page: 0,
  pageSize: 25,
  sort: '-deletedAt',
  selected: {},
  allMatching: false,
  setQuery(query) {
    if (query === get().query) return;
    set({ query, page: 0, selected: {}, allMatching: false });
  },
  setSort(sort) {
    set({ sort, page: 0 });
  },
  selectIds(ids) {
    const { selected } = get();
    set({ selected: Object.fromEntries(ids.map((id) => [id, selected[id] ?? ''])), allMatching: true });
  },
  setPage(page, pageSize) {
    set(pageSize !== undefined && pageSize !== get().pageSize ? { page: 0, pageSize } : { page });
  },
  toggle(c) {
    const selected = { ...get().selected };
    if (selected[c.id]) delete selected[c.id];
    else selected[c.id] = displayName(c);
    set({ selected, allMatching: false });
  },
  togglePage(rows) {
    const { selected } = get();
    const allOn = rows.length > 0 && rows.every((r) => selected[r.id]);
    const next = { ...selected };
    for (const r of rows) {
      if (allOn) delete next[r.id];
      else next[r.id] = displayName(r);
    }
    set({ selected: next, allMatching: false });
  },
  clearSelection() {
    set({ selected: {}, allMatching: false });
  },
  keepSelected(ids) {
    const { selected } = get();
    const gone = Object.keys(selected).filter((id) => !ids.has(id));
    if (!gone.length) return;
    const next = { ...selected };
    for (const id of gone) delete next[id];
    set({ selected: next });
  },
}));
