import { useEffect, useId, useRef, type FocusEvent } from 'react';
import { EmptyState, ErrorState, Loading } from '@/components/ui/status';
import { useNow } from '@/hooks/use-now';
import { errorMessage } from '@/lib/api-error';
import { useTasks } from '../api/get-tasks';
import type { TaskFilters } from '../api/keys';
import { TaskItem } from './task-item';

function taskIdOf(element: EventTarget | null): number | null {
  const id =
    element instanceof Element
      ? element.closest('[data-task-id]')?.getAttribute('data-task-id')
      : null;
  return id ? Number(id) : null;
}

/**
 * When the task holding focus leaves the list (deleted, or no longer matching the filters after
 * an edit or a toggle), focus would fall to <body>. It goes to the task that took its place, or
 * the one before it, or the list's heading when none is left.
 */
function useFocusKeeper(ids: readonly number[]) {
  const sectionRef = useRef<HTMLElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focusedTask = useRef<number | null>(null);
  const shownIds = useRef<readonly number[]>([]);

  useEffect(() => {
    const before = shownIds.current;
    shownIds.current = ids;
    const lost = focusedTask.current;
    if (lost === null || ids.includes(lost)) return;
    focusedTask.current = null;
    // Focus the user has since put somewhere else stays there.
    if (document.activeElement !== null && document.activeElement !== document.body) return;
    const next = ids[Math.min(before.indexOf(lost), ids.length - 1)];
    const target =
      next === undefined
        ? headingRef.current
        : sectionRef.current?.querySelector<HTMLElement>(`[data-task-id="${next}"]`);
    target?.focus();
  });

  const onFocus = (event: FocusEvent) => {
    focusedTask.current = taskIdOf(event.target);
  };
  const onBlur = (event: FocusEvent) => {
    // A removed element blurs with no relatedTarget: that is the case to repair, so keep it.
    if (event.relatedTarget instanceof Node && !event.currentTarget.contains(event.relatedTarget)) {
      focusedTask.current = null;
    }
  };
  return { sectionRef, headingRef, onFocus, onBlur };
}

export function TaskList({ filters, filtered }: { filters: TaskFilters; filtered: boolean }) {
  const tasks = useTasks(filters);
  const now = useNow();
  const headingId = useId();
  const items = tasks.data?.pages.flatMap((page) => page.items) ?? [];
  const { sectionRef, headingRef, onFocus, onBlur } = useFocusKeeper(items.map((task) => task.id));

  const body = () => {
    if (tasks.isPending) return <Loading label="Loading tasks…" />;
    // Without data an error replaces the list; with data (a failed "Load more" or background
    // refetch) the list stays and the error shows below it.
    if (!tasks.data) {
      return (
        <ErrorState message={errorMessage(tasks.error)} onRetry={() => void tasks.refetch()} />
      );
    }
    if (items.length === 0) {
      return (
        <EmptyState>
          {filtered ? 'No tasks match these filters.' : 'No tasks yet. Add your first one above.'}
        </EmptyState>
      );
    }
    return (
      <>
        <ul className="task-list" aria-label="Tasks" aria-busy={tasks.isFetching}>
          {items.map((task) => (
            <TaskItem key={task.id} task={task} now={now} />
          ))}
        </ul>
        {tasks.isError && (
          <ErrorState
            message={errorMessage(tasks.error)}
            onRetry={() =>
              void (tasks.isFetchNextPageError ? tasks.fetchNextPage() : tasks.refetch())
            }
          />
        )}
        {tasks.hasNextPage && (
          <button
            type="button"
            className="load-more"
            disabled={tasks.isFetchingNextPage}
            onClick={() => void tasks.fetchNextPage()}
          >
            {tasks.isFetchingNextPage ? 'Loading more…' : 'Load more'}
          </button>
        )}
      </>
    );
  };

  return (
    <section ref={sectionRef} aria-labelledby={headingId} onFocus={onFocus} onBlur={onBlur}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        Your tasks
      </h2>
      {body()}
    </section>
  );
}
