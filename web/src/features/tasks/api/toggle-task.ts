import { useMutation, useQueryClient } from '@tanstack/react-query';
import { taskKeys } from './keys';
import { patchCachedTask, updateTask } from './update-task';

type ToggleVariables = { id: number; completed: boolean };

/** PATCH {completed} with an optimistic update; the lists roll back if the server says no. */
export function useToggleTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, completed }: ToggleVariables) => updateTask({ id, changes: { completed } }),
    onMutate: async ({ id, completed }) => {
      await queryClient.cancelQueries({ queryKey: taskKeys.lists() });
      const previous = patchCachedTask(queryClient, id, (task) => ({
        ...task,
        completed,
        completed_at: completed ? new Date().toISOString() : null,
      }));
      return { previous };
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
