import { PRIORITIES, TASK_SORTS, type Priority, type TaskSort } from '@/types/api';
import type { TaskFilters } from '../api/keys';
import { labelKey } from './task-labels';

export type TaskStatus = 'all' | 'active' | 'completed';

/** What the filter controls show; kept in the URL so a reload or a shared link keeps them. */
export type TaskFilterState = {
  status: TaskStatus;
  priority: Priority | '';
  overdue: boolean;
  q: string;
  /**
   * Labels every task shown carries, all of them (the API's repeated `label=` is all-of);
   * empty: any. Distinct case-insensitively, in the order chosen.
   */
  labels: string[];
  sort: TaskSort;
};

// Soonest due first: overdue tasks lead, undated ones close the list.
export const DEFAULT_SORT: TaskSort = 'due_date';

function isPriority(value: string | null): value is Priority {
  return PRIORITIES.some((p) => p === value);
}

function isSort(value: string | null): value is TaskSort {
  return TASK_SORTS.some((s) => s === value);
}

/** Trimmed, without empties, the first spelling of each label that differs only in case. */
function distinctLabels(labels: readonly string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const label of labels) {
    const key = labelKey(label);
    if (key && !seen.has(key)) {
      seen.add(key);
      result.push(label.trim());
    }
  }
  return result;
}

export function parseFilterParams(params: URLSearchParams): TaskFilterState {
  const status = params.get('status');
  const priority = params.get('priority');
  const sort = params.get('sort');
  return {
    status: status === 'active' || status === 'completed' ? status : 'all',
    priority: isPriority(priority) ? priority : '',
    overdue: params.get('overdue') === 'true',
    q: params.get('q') ?? '',
    labels: distinctLabels(params.getAll('label')),
    sort: isSort(sort) ? sort : DEFAULT_SORT,
  };
}

export function toFilterParams(state: TaskFilterState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.status !== 'all') params.set('status', state.status);
  if (state.priority) params.set('priority', state.priority);
  if (state.overdue) params.set('overdue', 'true');
  if (state.q) params.set('q', state.q);
  for (const label of state.labels) params.append('label', label);
  if (state.sort !== DEFAULT_SORT) params.set('sort', state.sort);
  return params;
}

/** The API query for a filter state; `q` is passed separately so it can be debounced. */
export function toApiFilters(state: TaskFilterState, q: string): TaskFilters {
  const filters: TaskFilters = { sort: state.sort };
  if (state.status !== 'all') filters.completed = state.status === 'completed';
  if (state.priority) filters.priority = [state.priority];
  if (state.overdue) filters.overdue = true;
  const search = q.trim();
  if (search) filters.q = search;
  if (state.labels.length > 0) filters.label = [...state.labels];
  return filters;
}

export function isFiltered(state: TaskFilterState): boolean {
  return (
    state.status !== 'all' ||
    state.priority !== '' ||
    state.overdue ||
    state.q.trim() !== '' ||
    state.labels.length > 0
  );
}
