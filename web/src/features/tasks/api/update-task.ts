import {
  useMutation,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
  type QueryKey,
} from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { isPreconditionFailed } from '@/lib/api-error';
import type { Task, TaskPage, UpdateTaskInput } from '@/types/api';
import { taskKeys } from './keys';

/** The header that makes a write conditional: a task changed since `version` answers 412. */
export const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

export type UpdateTaskVariables = {
  id: number;
  changes: UpdateTaskInput;
  /** The version the changes were made on; without it the last write wins. */
  version?: number;
};

export async function updateTask({ id, changes, version }: UpdateTaskVariables): Promise<Task> {
  const config = version === undefined ? undefined : { headers: ifMatch(version) };
  const response = await apiClient.patch<Task>(`/tasks/${id}`, changes, config);
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
      void queryClient.invalidateQueries({ queryKey: taskKeys.labels() });
      return queryClient.invalidateQueries({ queryKey: taskKeys.lists() });
    },
    // Not awaited, so the form can say so at once; it takes up the reloaded task when it lands.
    onError: (error) => {
      if (isPreconditionFailed(error)) {
        void queryClient.invalidateQueries({ queryKey: taskKeys.lists() });
      }
    },
  });
}
