import type { OccurrencePreviewParams, TaskListParams } from '@/types/api';

export type TaskFilters = Omit<TaskListParams, 'cursor' | 'limit'>;

export const taskKeys = {
  all: ['tasks'] as const,
  lists: () => [...taskKeys.all, 'list'] as const,
  list: (filters: TaskFilters) => [...taskKeys.lists(), filters] as const,
  /** Series previewed in a form, before (or without) saving them. */
  occurrencePreview: (params: OccurrencePreviewParams) =>
    [...taskKeys.all, 'occurrence-preview', params] as const,
  /** GET /labels: the labels in use, with counts; every task write may change them. */
  labels: () => [...taskKeys.all, 'labels'] as const,
  completionLists: () => [...taskKeys.all, 'completions'] as const,
  completions: (id: number) => [...taskKeys.completionLists(), id] as const,
};
