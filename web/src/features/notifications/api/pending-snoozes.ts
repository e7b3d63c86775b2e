import { queryOptions, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { NotificationPage } from '@/types/api';
import { notificationKeys } from './keys';

/**
 * A snooze made in this tab. The server does not list snoozes (they are not among the task's
 * reminders), so only the tab that made one knows when the reminder fires again.
 */
export type PendingSnooze = {
  /** The notification snoozed. */
  id: number;
  taskId: number;
  /** When the snooze ends, by this machine's clock (ms since the epoch). */
  endsAt: number;
};

/**
 * How far the server's clock may be from this one: the notification a snooze makes has the
 * snooze's end, by the server's clock, as its `fires_at`. Below the shortest snooze (a minute), so
 * a notification sent before the snooze is never taken for the one it makes.
 */
export const CLOCK_SLACK_MS = 30_000;
/** A snooze ended this long ago is forgotten when the next one is recorded. */
const FORGET_AFTER_MS = 60 * 60 * 1000;

const pendingSnoozesQueryOptions = queryOptions({
  queryKey: notificationKeys.snoozes(),
  queryFn: (): PendingSnooze[] => [],
  initialData: [],
  staleTime: Infinity,
  gcTime: Infinity,
});

/** Remembers `snooze`, in place of an earlier snooze of the same notification (the server moves it). */
export function recordSnooze(queryClient: QueryClient, snooze: PendingSnooze, now = Date.now()) {
  queryClient.setQueryData(pendingSnoozesQueryOptions.queryKey, (snoozes = []) => [
    ...snoozes.filter((s) => s.id !== snooze.id && now - s.endsAt < FORGET_AFTER_MS),
    snooze,
  ]);
}

/**
 * When the snoozes not yet seen to fire end (ms, ascending, each once): seen is a newer
 * notification of the same task, fired at (about) the snooze's end, in a cached list.
 */
export function pendingSnoozeEnds(queryClient: QueryClient): number[] {
  const snoozes = queryClient.getQueryData(pendingSnoozesQueryOptions.queryKey) ?? [];
  const notifications = queryClient
    .getQueriesData<NotificationPage>({ queryKey: notificationKeys.all })
    .flatMap(([, page]) => page?.items ?? []);
  const ends = new Set<number>();
  for (const snooze of snoozes) {
    const fired = notifications.some(
      (n) =>
        n.id > snooze.id &&
        n.task_id === snooze.taskId &&
        Date.parse(n.fires_at) >= snooze.endsAt - CLOCK_SLACK_MS,
    );
    if (!fired) ends.add(snooze.endsAt);
  }
  return [...ends].sort((a, b) => a - b);
}

/** {@link pendingSnoozeEnds}, kept current as snoozes are made and notifications fetched. */
export function usePendingSnoozeEnds(): number[] {
  const queryClient = useQueryClient();
  // Observed, so the cache keeps the snoozes for as long as the app is shown.
  useQuery(pendingSnoozesQueryOptions);
  const subscribe = useCallback(
    (onChange: () => void) => queryClient.getQueryCache().subscribe(onChange),
    [queryClient],
  );
  // A string compares by value, so cache events that change no end render nothing.
  const snapshot = useSyncExternalStore(subscribe, () => pendingSnoozeEnds(queryClient).join(','));
  return useMemo(() => (snapshot ? snapshot.split(',').map(Number) : []), [snapshot]);
}
