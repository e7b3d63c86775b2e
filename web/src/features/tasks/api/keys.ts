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
  /**
   * GET /tasks/counts for the sidebar, per day and zone (its today and overdue move at midnight);
   * it goes stale whenever a task list does (see get-task-counts.ts).
   */
  counts: (day?: string, timeZone?: string) =>
    day === undefined
      ? ([...taskKeys.all, 'counts'] as const)
      : ([...taskKeys.all, 'counts', day, timeZone] as const),
  completions: (id: number) => [...taskKeys.completionLists(), id] as const,
};
