import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { isPreconditionFailed } from '@/lib/api-error';
import type { Task } from '@/types/api';
import { taskKeys } from './keys';
import { announceDeleted } from './undo-task';
import { ifMatch } from './update-task';

export type DeleteTaskVariables = {
  id: number;
  /** The version the user saw: a task changed since then is kept (412). */
  version: number;
  /** The task as it was: deleting it then offers an undo that creates it again. */
  task?: Task;
};

export async function deleteTask({ id, version }: DeleteTaskVariables): Promise<void> {
  await apiClient.delete(`/tasks/${id}`, { headers: ifMatch(version) });
}

/** Deletes at once (no confirmation); the toast's Undo brings the task back (see undo-task.ts). */
export function useDeleteTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteTask,
    onSuccess: (_data, { task }) => {
      if (task) announceDeleted(queryClient, task);
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
