import { createContext, use, useCallback, useMemo, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';

/** The query parameter a link to one task carries: `/tasks/projects/3?task=17` (reminders use it). */
export const LINKED_TASK_PARAM = 'task';

type LinkedTask = { id: number | null; seen: () => void };

const LinkedTaskContext = createContext<LinkedTask>({ id: null, seen: () => undefined });

/** Reads `?task=<id>` for the task lists below it (any view). */
export function LinkedTaskProvider({ children }: { children: ReactNode }) {
  const [params, setParams] = useSearchParams();
  const raw = params.get(LINKED_TASK_PARAM);
  const id = raw !== null && /^\d+$/.test(raw) ? Number(raw) : null;
  // Dropped once the task has opened, so the same link followed again opens it again.
  const seen = useCallback(
    () =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          next.delete(LINKED_TASK_PARAM);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const value = useMemo(() => ({ id, seen }), [id, seen]);
  return <LinkedTaskContext value={value}>{children}</LinkedTaskContext>;
}

/** Whether the URL links to this task; `seen` drops the link. */
export function useLinkedTask(taskId: number): { linked: boolean; seen: () => void } {
  const { id, seen } = use(LinkedTaskContext);
  return { linked: id === taskId, seen };
}
