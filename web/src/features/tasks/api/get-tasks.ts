import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { Page, Task, TaskListParams } from '@/types/api';
import { taskKeys, type TaskFilters } from './keys';

export const TASK_PAGE_SIZE = 20;

export async function getTasks(params: TaskListParams): Promise<Page<Task>> {
  const response = await apiClient.get<Page<Task>>('/tasks', { params });
  return response.data;
}

export const getTasksQueryOptions = (filters: TaskFilters) =>
  infiniteQueryOptions({
    queryKey: taskKeys.list(filters),
    queryFn: ({ pageParam }) =>
      getTasks({ ...filters, limit: TASK_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor,
    // Keep the current list on screen while a new filter or search loads.
    placeholderData: keepPreviousData,
  });

export const useTasks = (filters: TaskFilters) => useInfiniteQuery(getTasksQueryOptions(filters));
