// The Contacts list, the UI side: filters, sort, paging and selection. The page of contacts itself is
// server state (views/contacts/queries.ts); paging is server-side (contacts.list), so the list stays
// fast at a million contacts.
import { create } from 'zustand';
import type { ChannelInput, ContactFilter, ContactSort } from '../../shared/contract.ts';
import type { Contact } from '../../shared/domain.ts';
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
  /** Selected ids with their display names (kept across pages). */
  selected: Record<string, string>;
  /** "Select all N matching": the selection is the filter, not ids. */
  allMatching: boolean;
  /** Bumped when the params come from outside (URL, storage), so inputs re-read them. */
  hydration: number;
  /** The params came from the URL or storage: before that the list asks nothing (it would ask for the wrong page). */
  hydrated: boolean;
  /** A new search, tag or date range starts at the first page with nothing selected. */
  setParams(p: Partial<ContactListParams>): void;
  /** Takes all params at once (from the URL hash or storage). */
  hydrate(p: ContactListParams): void;
  toggle(c: Contact): void;
  /** Selects every row of the page shown, or clears them when all are selected. */
  togglePage(rows: Contact[]): void;
  selectAllMatching(): void;
  clearSelection(): void;
}

export const useContactsStore = create<ContactsState>()((set, get) => ({
  ...DEFAULT_PARAMS,
  selected: {},
  allMatching: false,
  hydration: 0,
  hydrated: false,
  hydrate(p) {
    if (paramsToSearch(p) === paramsToSearch(currentParams())) {
      if (!get().hydrated) set({ hydrated: true });
      return;
    }
    set({ ...p, hydration: get().hydration + 1, hydrated: true, selected: {}, allMatching: false });
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
  selectAllMatching() {
    set({ allMatching: true });
  },
  clearSelection() {
    set({ selected: {}, allMatching: false });
  },
}));

/** What a Delete of the current selection sends: explicit ids, or the filter for "all N matching". */
const DAY = 86_400_000;
/**
 * Local midnight of a 'YYYY-MM-DD' date, or undefined: also for a date before 1970 (no contact was
 * created then, and a browser's date field passes through year 0002 while the year is being typed).
 */
function dayStart(d: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return undefined;
  const t = new Date(`${d}T00:00:00`).getTime();
  return Number.isNaN(t) || t < 0 ? undefined : t;
}

/** A whole date the list can filter by (from 1970 on). */
export const isUsableDay = (d: string): boolean => dayStart(d) !== undefined;

/** The created-date range is the wrong way round: it can match nothing. */
export const isInverted = (s: Pick<ContactListParams, 'from' | 'to'>): boolean =>
  isUsableDay(s.from) && isUsableDay(s.to) && s.from > s.to;

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

export function selectedCount(s: Pick<ContactsState, 'allMatching' | 'selected'> & { total: number }): number {
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
