import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { TaskListParams, TaskPage } from '@/types/api';
import { taskKeys, type TaskFilters } from './keys';

export const TASK_PAGE_SIZE = 20;

export async function getTasks(params: TaskListParams): Promise<TaskPage> {
  const response = await apiClient.get<TaskPage>('/tasks', { params });
  return response.data;
}

export const getTasksQueryOptions = (filters: TaskFilters, enabled = true) =>
  infiniteQueryOptions({
    enabled,
    queryKey: taskKeys.list(filters),
    queryFn: ({ pageParam }) =>
      getTasks({ ...filters, limit: TASK_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor,
    // Keep the current list on screen while a new filter or search loads.
    placeholderData: keepPreviousData,
  });

/** A task list, page by page; `enabled: false` keeps it idle (a view without that list). */
export const useTasks = (filters: TaskFilters, enabled = true) =>
  useInfiniteQuery(getTasksQueryOptions(filters, enabled));
