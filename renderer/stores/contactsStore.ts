// The Contacts list: filters, sort, paging and selection. Paging is server-side (contacts.list), so the
// list stays fast at a million contacts; only one page is ever held here.
import { create } from 'zustand';
import type { ChannelInput, ContactFilter, ContactSort } from '../../shared/contract.ts';
import type { Contact } from '../../shared/domain.ts';
import { call } from '../api/client.ts';
import { errorMessage } from '../lib/errors.ts';
import { displayName } from '../lib/format.ts';

export const PAGE_SIZES = [25, 50, 100] as const;
const SORTS: readonly ContactSort[] = ['name', '-name', 'email', '-email', 'company', '-company', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt'];

export interface ContactListParams {
  query: string;
  tag: string;
  /** Created-date range, 'YYYY-MM-DD' in local time ('' = open). */
  from: string;
  to: string;
  sort: ContactSort;
  page: number;
  pageSize: number;
}

export const DEFAULT_PARAMS: ContactListParams = { query: '', tag: '', from: '', to: '', sort: '-createdAt', page: 0, pageSize: 25 };

interface ContactsState extends ContactListParams {
  rows: Contact[];
  total: number;
  /** The core stopped counting at its cap: `total` is a lower bound (shown as "10,000+"). */
  totalCapped: boolean;
  loading: boolean;
  /** True once the first page arrived: before that the table shows skeleton rows. */
  loaded: boolean;
  error: string | null;
  tags: { tag: string; count: number }[];
  /** Selected ids with their display names (kept across pages). */
  selected: Record<string, string>;
  /** "Select all N matching": the selection is the filter, not ids. */
  allMatching: boolean;

  /** Bumped when the params come from outside (URL, storage), so inputs re-read them. */
  hydration: number;
  setParams(p: Partial<ContactListParams>): void;
  /** Takes all params at once (from the URL hash or storage) and loads. */
  hydrate(p: ContactListParams): void;
  /** `quiet`: a background refresh (after data.changed) that does not show the loading bar. */
  load(opts?: { quiet?: boolean }): Promise<void>;
  loadTags(): Promise<void>;
  toggle(c: Contact): void;
  togglePage(): void;
  selectAllMatching(): void;
  clearSelection(): void;
}

let requestSeq = 0;

export const useContactsStore = create<ContactsState>()((set, get) => ({
  ...DEFAULT_PARAMS,
  rows: [],
  total: 0,
  totalCapped: false,
  loading: false,
  loaded: false,
  error: null,
  tags: [],
  selected: {},
  allMatching: false,
  hydration: 0,

  hydrate(p) {
    const same = paramsToSearch(p) === paramsToSearch(currentParams());
    if (same && get().loaded) return;
    set({ ...p, hydration: get().hydration + 1, ...(same ? {} : { selected: {}, allMatching: false }) });
    void get().load();
  },

  setParams(p) {
    const cur = get();
    const filterChanged = (['query', 'tag', 'from', 'to'] as const).some((k) => p[k] !== undefined && p[k] !== cur[k]);
    const next: Partial<ContactsState> = { ...p };
    if (filterChanged) {
      next.page = 0;
      next.selected = {};
      next.allMatching = false;
    }
    if (p.pageSize !== undefined && p.pageSize !== get().pageSize) next.page = 0;
    set(next);
    void get().load();
  },

  async load(opts) {
    const seq = ++requestSeq;
    const { sort, page, pageSize } = get();
    set(opts?.quiet ? { error: null } : { loading: true, error: null });
    try {
      const result = await call('contacts.list', {
        ...listFilter(get()),
        sort,
        offset: page * pageSize,
        limit: pageSize,
      });
      if (seq !== requestSeq) return;
      // After a deletion the current page may lie past the end: step back to the last page.
      if (result.rows.length === 0 && page > 0 && result.total > 0) {
        set({ page: Math.max(0, Math.ceil(result.total / pageSize) - 1) });
        return get().load();
      }
      set({ rows: result.rows, total: result.total, totalCapped: result.totalCapped === true, loading: false, loaded: true });
    } catch (err) {
      if (seq !== requestSeq) return;
      set({ loading: false, loaded: true, error: errorMessage(err) });
    }
  },

  async loadTags() {
    try {
      set({ tags: await call('contacts.tags', {}) });
    } catch {
      // The tag filter simply stays empty; the list itself reports errors.
    }
  },

  toggle(c) {
    const selected = { ...get().selected };
    if (selected[c.id]) delete selected[c.id];
    else selected[c.id] = displayName(c);
    set({ selected, allMatching: false });
  },

  togglePage() {
    const { rows, selected } = get();
    const allOn = rows.length > 0 && rows.every((r) => selected[r.id]);
    const next = { ...selected };
    for (const r of rows) {
      if (allOn) delete next[r.id];
      else next[r.id] = displayName(r);
    }
    set({ selected: next, allMatching: false });
  },

  selectAllMatching() {
    set({ allMatching: true });
  },

  clearSelection() {
    set({ selected: {}, allMatching: false });
  },
}));

/** What a Delete of the current selection sends: explicit ids, or the filter for "all N matching". */
const DAY = 86_400_000;
/** Local midnight of a 'YYYY-MM-DD' date, or undefined. */
function dayStart(d: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return undefined;
  const t = new Date(`${d}T00:00:00`).getTime();
  return Number.isNaN(t) ? undefined : t;
}

/** The contract's filter for the list's search, tag and created-date range. */
export function listFilter(s: Pick<ContactListParams, 'query' | 'tag' | 'from' | 'to'>): ContactFilter {
  const end = dayStart(s.to);
  return {
    query: s.query.trim() || undefined,
    tag: s.tag || undefined,
    createdFrom: dayStart(s.from),
    createdTo: end === undefined ? undefined : end + DAY - 1,
  };
}

export const isFiltered = (s: Pick<ContactListParams, 'query' | 'tag' | 'from' | 'to'>) => Boolean(s.query.trim() || s.tag || s.from || s.to);

export function selectionInput(s: Pick<ContactsState, 'allMatching' | 'selected' | 'query' | 'tag' | 'from' | 'to'>): ChannelInput<'contacts.delete'> {
  if (s.allMatching) return { filter: listFilter(s) };
  return { ids: Object.keys(s.selected) };
}

export function selectedCount(s: Pick<ContactsState, 'allMatching' | 'selected' | 'total'>): number {
  return s.allMatching ? s.total : Object.keys(s.selected).length;
}

// ---------- list state in the URL hash and localStorage ----------

const STORAGE_KEY = 'kyrios.contacts.list';

export function paramsToSearch(p: ContactListParams): string {
  const q = new URLSearchParams();
  if (p.query) q.set('q', p.query);
  if (p.tag) q.set('tag', p.tag);
  if (p.from) q.set('from', p.from);
  if (p.to) q.set('to', p.to);
  if (p.sort !== DEFAULT_PARAMS.sort) q.set('sort', p.sort);
  if (p.page) q.set('page', String(p.page + 1));
  if (p.pageSize !== DEFAULT_PARAMS.pageSize) q.set('size', String(p.pageSize));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function searchToParams(q: URLSearchParams): ContactListParams {
  const sort = q.get('sort') as ContactSort | null;
  const size = Number(q.get('size'));
  const page = Number(q.get('page'));
  return {
    query: (q.get('q') ?? '').slice(0, 200),
    tag: (q.get('tag') ?? '').slice(0, 50),
    from: dayStart(q.get('from') ?? '') !== undefined ? q.get('from')! : '',
    to: dayStart(q.get('to') ?? '') !== undefined ? q.get('to')! : '',
    sort: sort && SORTS.includes(sort) ? sort : DEFAULT_PARAMS.sort,
    page: Number.isInteger(page) && page > 0 ? page - 1 : 0,
    pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PARAMS.pageSize,
  };
}

export function saveParams(p: ContactListParams): void {
  try {
    localStorage.setItem(STORAGE_KEY, paramsToSearch(p));
  } catch {
    // Private mode or a full quota: the hash still keeps the state for this window.
  }
}

export function storedSearch(): string {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

export const currentParams = (): ContactListParams => {
  const { query, tag, from, to, sort, page, pageSize } = useContactsStore.getState();
  return { query, tag, from, to, sort, page, pageSize };
};
