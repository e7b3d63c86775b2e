import { createAsyncStoragePersister } from '@tanstack/query-async-storage-persister';
import { onlineManager, type Query, type QueryClient } from '@tanstack/react-query';
import type { PersistQueryClientProviderProps } from '@tanstack/react-query-persist-client';
import { authKeys } from '@/features/auth/api/keys';
import { notificationKeys } from '@/features/notifications/api/keys';
import { projectKeys } from '@/features/projects/api/keys';
import { taskKeys } from '@/features/tasks/api/keys';

/** Where the last data read is kept, so a reload without network still shows it. */
export const PERSISTED_CACHE_KEY = 'tasktracker.query-cache';
/** Older than this, kept data is dropped rather than shown. */
export const PERSISTED_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** Bump when a kept answer's shape changes, so an old copy is not read as the new one. */
const CACHE_VERSION = '1';

/**
 * Only what the task views read. Never a token (the access token lives in memory, the refresh
 * token in an HttpOnly cookie) nor the calendar feed's secret address, which `data` holds.
 */
const KEPT_ROOTS: readonly unknown[] = [
  authKeys.all[0],
  taskKeys.all[0],
  projectKeys.all[0],
  notificationKeys.all[0],
];
const sessionKey = authKeys.session();

function isSessionQuery(queryKey: readonly unknown[]): boolean {
  return queryKey[0] === sessionKey[0] && queryKey[1] === sessionKey[1];
}

function shouldKeep(query: Query): boolean {
  if (query.state.status !== 'success' || !KEPT_ROOTS.includes(query.queryKey[0])) return false;
  // A signed-out session is not kept: the next load asks the refresh cookie again.
  return !isSessionQuery(query.queryKey) || query.state.data != null;
}

const persister = createAsyncStoragePersister({
  storage: typeof window === 'undefined' ? undefined : window.localStorage,
  key: PERSISTED_CACHE_KEY,
});

export const persistOptions: PersistQueryClientProviderProps['persistOptions'] = {
  persister,
  maxAge: PERSISTED_MAX_AGE_MS,
  buster: CACHE_VERSION,
  dehydrateOptions: { shouldDehydrateQuery: shouldKeep },
};

/**
 * Drops the kept copy as soon as the session ends (log out, or a refused refresh), rather than
 * a throttled write later: the next person on this device must not see it. Returns the
 * unsubscribe.
 */
export function forgetOnSignOut(queryClient: QueryClient): () => void {
  return queryClient.getQueryCache().subscribe((event) => {
    const { queryKey, state } = event.query as Query;
    if (event.type === 'updated' && isSessionQuery(queryKey) && state.data === null) {
      void persister.removeClient();
    }
  });
}

/** onlineManager assumes "online" until an event says otherwise: a page loaded offline is not. */
export function syncOnlineState(): void {
  if (typeof navigator !== 'undefined') onlineManager.setOnline(navigator.onLine);
}
