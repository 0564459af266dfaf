// Server state of the Contacts list and the contact page (scope 'contacts' of data.changed): one page
// of the list for the search, filters, sort and paging in the contacts store; the tag counts; one
// contact with its related records.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ContactSort } from '../../../shared/contract.ts';
import { call } from '../../api/client.ts';
import { queryClient } from '../../lib/queryClient.ts';
import { listFilter, useContactsStore, type ContactListParams } from '../../stores/contactsStore.ts';

export const contactsKeys = {
  all: ['contacts'] as const,
  lists: ['contacts', 'list'] as const,
  list: (p: ContactListParams) =>
    ['contacts', 'list', { query: p.query, tag: p.tag, from: p.from, to: p.to, sort: p.sort, page: p.page, pageSize: p.pageSize }] as const,
  tags: ['contacts', 'tags'] as const,
  detail: (id: string) => ['contacts', 'detail', id] as const,
};

export const contactsListQuery = (p: ContactListParams) =>
  queryOptions({
    queryKey: contactsKeys.list(p),
    queryFn: () => call('contacts.list', { ...listFilter(p), sort: p.sort as ContactSort, offset: p.page * p.pageSize, limit: p.pageSize }),
    // A new page, sort or search keeps the rows on screen (under a loading bar) until its answer.
    placeholderData: keepPreviousData,
  });

/** The page the Contacts list shows, for the params in the contacts store. */
export function useContactsList() {
  const params = useContactsStore(
    useShallow((s) => ({ query: s.query, tag: s.tag, from: s.from, to: s.to, sort: s.sort, page: s.page, pageSize: s.pageSize })),
  );
  const hydrated = useContactsStore((s) => s.hydrated);
  const list = useQuery({ ...contactsListQuery(params), enabled: hydrated });
  const data = list.isPlaceholderData ? undefined : list.data;
  const { page, pageSize } = params;
  useEffect(() => {
    // After a deletion the current page may lie past the end: step back to the last page.
    if (data && data.rows.length === 0 && page > 0 && data.total > 0) {
      useContactsStore.getState().setParams({ page: Math.max(0, Math.ceil(data.total / pageSize) - 1) });
    }
  }, [data, page, pageSize]);
  return list;
}

export const tagsQuery = queryOptions({
  queryKey: contactsKeys.tags,
  // The tag filter simply stays empty when this fails; the list itself reports errors.
  queryFn: () => call('contacts.tags', {}).catch(() => []),
  // Tag counts scan every contact: fetched once, then again only after data.changed (throttled in liveUpdates).
  staleTime: Infinity,
});

const NO_TAGS: { tag: string; count: number }[] = [];
export const useTags = () => useQuery(tagsQuery).data ?? NO_TAGS;

export const contactQuery = (id: string) =>
  queryOptions({
    queryKey: contactsKeys.detail(id),
    queryFn: () => call('contacts.get', { id }),
  });

/** After a change made from this window the list on screen refetches at once (the core's data.changed follows). */
export function refetchContactLists(): void {
  void queryClient.invalidateQueries({ queryKey: contactsKeys.lists });
}

/** After sample data arrived: the list, the tags and any open contact. */
export function refetchContacts(): void {
  void queryClient.invalidateQueries({ queryKey: contactsKeys.all });
}

/** A contact just deleted from its page: its cached page is dropped, so nothing refetches it (NOT_FOUND). */
export function forgetContact(id: string): void {
  void queryClient.cancelQueries({ queryKey: contactsKeys.detail(id) });
  queryClient.removeQueries({ queryKey: contactsKeys.detail(id) });
}
