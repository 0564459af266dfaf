// The renderer's cache of server state (TanStack Query). Every query key starts with the scope of
// `data.changed` that makes it stale ('contacts', 'restore', 'bulkActions', 'settings'; backups
// have no scope of their own), so an event invalidates exactly the queries it names, and only those on
// screen refetch; the others refetch when a view shows them again.
import { QueryClient } from '@tanstack/react-query';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // The core's errors are answers (VALIDATION, NOT_FOUND…), not flukes: show them at once.
      retry: false,
      // Freshness comes from data.changed, not from the window regaining focus or the network.
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
    },
    mutations: { retry: false },
  },
});
