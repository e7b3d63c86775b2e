import {
  useMutation,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
  type QueryKey,
} from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { Task, TaskPage, UpdateTaskInput } from '@/types/api';
import { taskKeys } from './keys';

export type UpdateTaskVariables = { id: number; changes: UpdateTaskInput };

export async function updateTask({ id, changes }: UpdateTaskVariables): Promise<Task> {
  const response = await apiClient.patch<Task>(`/tasks/${id}`, changes);
  return response.data;
}

type TaskPages = InfiniteData<TaskPage, string | null>;

/** Applies `change` to the task with `id` in every cached list; returns what was there before. */
export function patchCachedTask(
  queryClient: QueryClient,
  id: number,
  change: (task: Task) => Task,
): [QueryKey, TaskPages | undefined][] {
  const previous = queryClient.getQueriesData<TaskPages>({ queryKey: taskKeys.lists() });
  queryClient.setQueriesData<TaskPages>({ queryKey: taskKeys.lists() }, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            items: page.items.map((task) => (task.id === id ? change(task) : task)),
          })),
        }
      : data,
  );
  return previous;
}

export function useUpdateTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateTask,
    onSuccess: (task) => {
      patchCachedTask(queryClient, task.id, () => task);
      return queryClient.invalidateQueries({ queryKey: taskKeys.lists() });
    },
  });
}
