import { useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { TaskPage } from '@/types/api';
import { taskKeys } from './keys';

/**
 * When the reminders not yet sent fall due (ms since the epoch, ascending, each once), among the
 * tasks in every cached list. A completed task gets no reminder.
 */
export function armedReminderTimes(queryClient: QueryClient): number[] {
  const times = new Set<number>();
  const lists = queryClient.getQueriesData<InfiniteData<TaskPage>>({ queryKey: taskKeys.lists() });
  for (const [, data] of lists) {
    for (const page of data?.pages ?? []) {
      for (const task of page.items) {
        if (task.completed) continue;
        for (const reminder of task.reminders) {
          if (reminder.sent_at === null) times.add(Date.parse(reminder.fires_at));
        }
      }
    }
  }
  return [...times].sort((a, b) => a - b);
}

/** {@link armedReminderTimes}, kept current as the task lists load and change. */
export function useArmedReminderTimes(): number[] {
  const queryClient = useQueryClient();
  const subscribe = useCallback(
    (onChange: () => void) => queryClient.getQueryCache().subscribe(onChange),
    [queryClient],
  );
  // A string compares by value, so cache events that move no reminder render nothing.
  const snapshot = useSyncExternalStore(subscribe, () => armedReminderTimes(queryClient).join(','));
  return useMemo(() => (snapshot ? snapshot.split(',').map(Number) : []), [snapshot]);
}
