import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useDebouncedValue } from '@/hooks/use-debounced-value';
import {
  parseFilterParams,
  toApiFilters,
  toFilterParams,
  type TaskFilterState,
} from '../utils/filters';

export const SEARCH_DEBOUNCE_MS = 300;

/**
 * Filter state, mirrored into the URL so a reload or a shared link keeps it; the search text
 * reaches the API only once typing pauses.
 *
 * The controls render from local state, set in the same event as the click or keystroke. The
 * router applies a URL change later (after an await, inside a transition), and a controlled input
 * waiting for it would flip back meanwhile: a checkbox reads as unchanged, the search box loses
 * keystrokes or its caret.
 */
export function useTaskFilters() {
  const [searchParams, setSearchParams] = useSearchParams();
  const search = searchParams.toString();
  const [state, setLocalState] = useState(() => parseFilterParams(searchParams));
  // Query strings written but not yet in the URL, oldest first. A navigation overtaken by a newer
  // one may never arrive, so an arrival settles every write before it too.
  const [inFlight, setInFlight] = useState<string[]>([]);
  const [seenSearch, setSeenSearch] = useState(search);

  if (search !== seenSearch) {
    setSeenSearch(search);
    const arrived = inFlight.indexOf(search);
    if (arrived >= 0) {
      setInFlight(inFlight.slice(arrived + 1));
    } else {
      // Not ours: a link (the "Tasks" item in the menu) or back/forward. The controls follow.
      setInFlight([]);
      setLocalState(parseFilterParams(searchParams));
    }
  }

  const setState = (next: TaskFilterState) => {
    setLocalState(next);
    const params = toFilterParams(next);
    const target = params.toString();
    if (target === (inFlight.at(-1) ?? search)) return;
    setInFlight([...inFlight, target]);
    setSearchParams(params, { replace: true });
  };

  const debouncedQ = useDebouncedValue(state.q, SEARCH_DEBOUNCE_MS);
  return { state, setState, apiFilters: toApiFilters(state, debouncedQ) };
}
