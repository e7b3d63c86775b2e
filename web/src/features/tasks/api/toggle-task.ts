import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Task } from '@/types/api';
import { taskKeys } from './keys';
import { announceCompleted } from './undo-task';
import { patchCachedTask, updateTask } from './update-task';

type ToggleVariables = {
  id: number;
  completed: boolean;
  /** The task as the user saw it: completing it then offers an undo that restores it. */
  before?: Task;
};

/**
 * PATCH {completed} with an optimistic update; the lists roll back if the server says no.
 * Completing announces itself in a toast with Undo (see undo-task.ts).
 *
 * Unconditional (no If-Match): the body is the state the user asks for, so it cannot undo a change
 * made elsewhere (other fields are kept by the server, and a task already in that state stays
 * as it is), while a version check would refuse a second click sent before the first answered.
 */
export function useToggleTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, completed }: ToggleVariables) => updateTask({ id, changes: { completed } }),
    onMutate: async ({ id, completed }) => {
      await queryClient.cancelQueries({ queryKey: taskKeys.lists() });
      // Completing a repeating task moves it to its next date instead, which only the server
      // knows: it stays open until the answer says where.
      const previous = patchCachedTask(queryClient, id, (task) =>
        completed && task.recurrence
          ? task
          : { ...task, completed, completed_at: completed ? new Date().toISOString() : null },
      );
      return { previous };
    },
    // The server's copy carries the new version, which a delete or an edit right after needs.
    onSuccess: (task, { completed, before }) => {
      patchCachedTask(queryClient, task.id, () => task);
      void queryClient.invalidateQueries({ queryKey: taskKeys.completions(task.id) });
      if (completed && before) announceCompleted(queryClient, before, task);
    },
    onError: (_error, _variables, context) => {
      context?.previous.forEach(([key, data]) => queryClient.setQueryData(key, data));
    },
    // Not awaited: the error message must not wait for the lists to reload.
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: taskKeys.lists() });
    },
  });
}
