import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { isPreconditionFailed } from '@/lib/api-error';
import { taskKeys } from './keys';
import { ifMatch } from './update-task';

export type DeleteTaskVariables = {
  id: number;
  /** The version the user saw: a task changed since then is kept (412). */
  version: number;
};

export async function deleteTask({ id, version }: DeleteTaskVariables): Promise<void> {
  await apiClient.delete(`/tasks/${id}`, { headers: ifMatch(version) });
}

export function useDeleteTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteTask,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: taskKeys.labels() });
      return queryClient.invalidateQueries({ queryKey: taskKeys.lists() });
    },
    // Not awaited: the message must not wait for the lists to reload.
    onError: (error) => {
      if (isPreconditionFailed(error)) {
        void queryClient.invalidateQueries({ queryKey: taskKeys.lists() });
      }
    },
  });
}
