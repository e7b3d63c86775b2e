import { useSearchParams } from 'react-router';
import { useDebouncedValue } from '@/hooks/use-debounced-value';
import {
  parseFilterParams,
  toApiFilters,
  toFilterParams,
  type TaskFilterState,
} from '../utils/filters';

export const SEARCH_DEBOUNCE_MS = 300;

/** Filter state lives in the URL; the search text reaches the API only once typing pauses. */
export function useTaskFilters() {
  const [searchParams, setSearchParams] = useSearchParams();
  const state = parseFilterParams(searchParams);
  const debouncedQ = useDebouncedValue(state.q, SEARCH_DEBOUNCE_MS);
  const setState = (next: TaskFilterState) =>
    setSearchParams(toFilterParams(next), { replace: true });
  return { state, setState, apiFilters: toApiFilters(state, debouncedQ) };
}
