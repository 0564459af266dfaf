// Server state of the Restore tab (scope 'restore' of data.changed): the deleted contacts still
// inside the retention period, in the order chosen (newest deletion first by default), one page at a time.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RestoreSort } from '../../../shared/contract.ts';
import { call } from '../../api/client.ts';
import { queryClient } from '../../lib/queryClient.ts';
import { useRestoreStore } from '../../stores/restoreStore.ts';

export const restoreKeys = {
  all: ['restore'] as const,
  list: (query: string, page: number, pageSize: number, sort: RestoreSort) => ['restore', 'list', { query, page, pageSize, sort }] as const,
};

export const restoreListQuery = (query: string, page: number, pageSize: number, sort: RestoreSort = '-deletedAt') =>
  queryOptions({
    queryKey: restoreKeys.list(query, page, pageSize, sort),
    queryFn: async () => {
      const result = await call('restore.list', { query: query.trim() || undefined, offset: page * pageSize, limit: pageSize, sort });
      // "Purges in N days" counts from when the page was loaded, so renders stay pure.
      return { ...result, loadedAt: Date.now() };
    },
    placeholderData: keepPreviousData,
  });

/** The page the Restore tab shows, for its search and paging. */
export function useRestoreList() {
  const { query, page, pageSize, sort } = useRestoreStore(useShallow((s) => ({ query: s.query, page: s.page, pageSize: s.pageSize, sort: s.sort })));
  const list = useQuery(restoreListQuery(query, page, pageSize, sort));
  const data = list.isPlaceholderData ? undefined : list.data;
  useEffect(() => {
    if (!data) return;
    // After a restore or purge the page may lie past the end: step back to the last page.
    if (data.rows.length === 0 && page > 0 && data.total > 0) {
      useRestoreStore.getState().setPage(Math.max(0, Math.ceil(data.total / pageSize) - 1));
      return;
    }
    // Selected contacts that left the tab (restored or purged meanwhile) are unselected, when the
    // whole tab fits on this page and so shows what is left.
    if (data.total <= pageSize) useRestoreStore.getState().keepSelected(new Set(data.rows.map((r) => r.id)));
  }, [data, page, pageSize]);
  return list;
}

/** After a restore or a purge from this tab: the lists refetch at once (the core's data.changed follows). */
export const refetchRestore = () => void queryClient.invalidateQueries({ queryKey: restoreKeys.all });
