import { PRIORITIES, TASK_SORTS, type Priority, type TaskSort } from '@/types/api';
import type { TaskFilters } from '../api/keys';

export type TaskStatus = 'all' | 'active' | 'completed';

/** What the filter controls show; kept in the URL so a reload or a shared link keeps them. */
export type TaskFilterState = {
  status: TaskStatus;
  priority: Priority | '';
  overdue: boolean;
  q: string;
  /** A label every task shown carries; empty: any. */
  label: string;
  sort: TaskSort;
};

export const DEFAULT_SORT: TaskSort = '-created_at';

function isPriority(value: string | null): value is Priority {
  return PRIORITIES.some((p) => p === value);
}

function isSort(value: string | null): value is TaskSort {
  return TASK_SORTS.some((s) => s === value);
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
    label: params.get('label') ?? '',
    sort: isSort(sort) ? sort : DEFAULT_SORT,
  };
}

export function toFilterParams(state: TaskFilterState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.status !== 'all') params.set('status', state.status);
  if (state.priority) params.set('priority', state.priority);
  if (state.overdue) params.set('overdue', 'true');
  if (state.q) params.set('q', state.q);
  if (state.label) params.set('label', state.label);
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
  if (state.label) filters.label = [state.label];
  return filters;
}

export function isFiltered(state: TaskFilterState): boolean {
  return (
    state.status !== 'all' ||
    state.priority !== '' ||
    state.overdue ||
    state.q.trim() !== '' ||
    state.label !== ''
  );
}
