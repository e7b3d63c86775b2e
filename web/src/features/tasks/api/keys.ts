import type { TaskListParams } from '@/types/api';

export type TaskFilters = Omit<TaskListParams, 'cursor' | 'limit'>;

export const taskKeys = {
  all: ['tasks'] as const,
  lists: () => [...taskKeys.all, 'list'] as const,
  list: (filters: TaskFilters) => [...taskKeys.lists(), filters] as const,
};
