import { matchQuery, queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useNow } from '@/hooks/use-now';
import { useUserTimeZone } from '@/hooks/use-user-time-zone';
import { apiClient } from '@/lib/api-client';
import type { TaskCounts } from '@/types/api';
import { dayKeyOf } from '../utils/views';
import { taskKeys } from './keys';

export async function getTaskCounts(): Promise<TaskCounts> {
  const response = await apiClient.get<TaskCounts>('/tasks/counts');
  return response.data;
}

export const getTaskCountsQueryOptions = (day: string, timeZone: string) =>
  queryOptions({ queryKey: taskKeys.counts(day, timeZone), queryFn: getTaskCounts });

/** Lists are what every task write and live event invalidates; counts follow them in one place. */
function useCountsFollowLists() {
  const queryClient = useQueryClient();
  useEffect(() => {
    return queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated' || event.action.type !== 'invalidate') return;
      if (!matchQuery({ queryKey: taskKeys.lists() }, event.query)) return;
      // Several lists go stale at once: one counts request answers them all.
      void queryClient.invalidateQueries({ queryKey: taskKeys.counts() }, { cancelRefetch: false });
    });
  }, [queryClient]);
}

/** The counts, refetched when the day turns in the user's zone and whenever a task list changes. */
export function useTaskCounts() {
  const timeZone = useUserTimeZone();
  const day = dayKeyOf(useNow(), timeZone);
  useCountsFollowLists();
  return useQuery(getTaskCountsQueryOptions(day, timeZone));
}
