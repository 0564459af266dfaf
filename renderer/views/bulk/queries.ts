// Server state of Bulk Actions (scope 'bulkActions' of data.changed): the list, page by page, kept
// live by bulkActions.progress events written straight into the cached pages.
import { keepPreviousData, queryOptions, type QueryClient } from '@tanstack/react-query';
import type { ChannelInput, ChannelResult, EventPayload } from '../../../shared/contract.ts';
import { call } from '../../api/client.ts';
import { queryClient } from '../../lib/queryClient.ts';
import { useBulkActionsStore } from '../../stores/bulkActionsStore.ts';

type ListResult = ChannelResult<'bulkActions.list'>;

export const bulkActionsKeys = {
  all: ['bulkActions'] as const,
  lists: ['bulkActions', 'list'] as const,
  list: (page: number, pageSize: number) => ['bulkActions', 'list', { page, pageSize }] as const,
};

export const bulkActionsListQuery = (page: number, pageSize: number) =>
  queryOptions({
    queryKey: bulkActionsKeys.list(page, pageSize),
    queryFn: () => call('bulkActions.list', { offset: page * pageSize, limit: pageSize }),
    // Paging keeps the rows on screen until the next page arrives.
    placeholderData: keepPreviousData,
  });

let refetchTimer: ReturnType<typeof setTimeout> | undefined;
/** Refetches the lists on screen shortly (a burst of events makes one call). */
function refetchSoon(client: QueryClient): void {
  clearTimeout(refetchTimer);
  refetchTimer = setTimeout(() => void client.invalidateQueries({ queryKey: bulkActionsKeys.all }), 150);
}

/**
 * A progress event moves the row it names in every cached page. An action no page holds yet (a new
 * one) or one whose status moved refetches the lists on screen: the label ("Complete · Restored",
 * "Failed: …") is the core's.
 */
export function applyProgress(client: QueryClient, p: EventPayload<'bulkActions.progress'>): void {
  useBulkActionsStore.getState().applyProgress(p);
  let found = false;
  let statusChanged = false;
  client.setQueriesData<ListResult>({ queryKey: bulkActionsKeys.lists }, (old) => {
    const row = old?.rows.find((r) => r.id === p.id);
    if (!old || !row) return old;
    found = true;
    if (row.status !== p.status) statusChanged = true;
    return { ...old, rows: old.rows.map((r) => (r.id === p.id ? { ...r, processed: p.processed, total: p.total, status: p.status } : r)) };
  });
  if (!found || statusChanged) refetchSoon(client);
}

/** bulkActions.restore; the lists refetch to show the new restore action. */
export async function restoreBulkAction(id: string): Promise<ChannelResult<'bulkActions.restore'>> {
  const result = await call('bulkActions.restore', { id });
  refetchSoon(queryClient);
  return result;
}

/** bulkActions.cancel; the cancelled row shows at once, the lists refetch for the rest. */
export async function cancelBulkAction(id: string): Promise<void> {
  const updated = await call('bulkActions.cancel', { id });
  queryClient.setQueriesData<ListResult>({ queryKey: bulkActionsKeys.lists }, (old) =>
    old ? { ...old, rows: old.rows.map((r) => (r.id === id ? updated : r)) } : old,
  );
  refetchSoon(queryClient);
}

// ---------- one action told in full (the detail drawer, #/bulk/<id>) ----------

export const bulkActionDetailQuery = (id: string) =>
  queryOptions({
    queryKey: ['bulkActions', 'detail', id] as const,
    queryFn: () => call('bulkActions.detail', { id }),
  });

export type ItemState = NonNullable<ChannelInput<'bulkActions.items'>['state']>;

export const bulkActionItemsQuery = (id: string, state: ItemState, page: number, pageSize: number) =>
  queryOptions({
    queryKey: ['bulkActions', 'items', id, { state, page, pageSize }] as const,
    queryFn: () => call('bulkActions.items', { id, state, offset: page * pageSize, limit: pageSize }),
    placeholderData: keepPreviousData,
  });

/** What a bulk restore would bring back and what it cannot: asked afresh each time its confirmation opens. */
export const bulkRestorePreviewQuery = (id: string) =>
  queryOptions({
    queryKey: ['bulkActions', 'restorePreview', id] as const,
    queryFn: () => call('bulkActions.restorePreview', { id }),
    staleTime: 0,
    gcTime: 0,
  });
