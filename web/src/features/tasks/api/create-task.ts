import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { CreateTaskInput, Task } from '@/types/api';
import { taskKeys } from './keys';

export async function createTask(input: CreateTaskInput): Promise<Task> {
  const response = await apiClient.post<Task>('/tasks', input);
  return response.data;
}

export function useCreateTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createTask,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: taskKeys.labels() });
      return queryClient.invalidateQueries({ queryKey: taskKeys.lists() });
    },
  });
}
