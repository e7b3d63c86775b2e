import { memo, useEffect, useId, useRef, useState, type FocusEvent, type ReactNode } from 'react';
import { EmptyState, ErrorState, Loading } from '@/components/ui/status';
import { useNow } from '@/hooks/use-now';
import { useUserTimeZone } from '@/hooks/use-user-time-zone';
import { errorMessage } from '@/lib/api-error';
import { useTasks } from '../api/get-tasks';
import type { TaskFilters } from '../api/keys';
import type { Task } from '@/types/api';
import { groupByDay, splitOverdue, type TaskGroup } from '../utils/views';
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

/**
 * Rendered again only when its task (kept the same object by the query cache's structural
 * sharing) or the minute changes: a page arriving at the end of a long list costs that page alone.
 */
const Item = memo(TaskItem);

/** How the open tasks are grouped: not at all, overdue then today, or by day. */
export type TaskGrouping = 'none' | 'today' | 'by-day';

/** A list this long gets `content-visibility`, so the rows out of sight cost no layout or paint. */
const LONG_LIST = 100;

const SHOW_COMPLETED_KEY = 'tasktracker.showCompleted';

/** Whether the completed tasks are unfolded: closed at first, then as the user last left it. */
function useShowCompleted(): [boolean, (show: boolean) => void] {
  const [show, setShow] = useState(() => localStorage.getItem(SHOW_COMPLETED_KEY) === 'true');
  return [
    show,
    (next) => {
      setShow(next);
      localStorage.setItem(SHOW_COMPLETED_KEY, String(next));
    },
  ];
}

type Pages = ReturnType<typeof useTasks>;

/**
 * "Load more", pressed by itself when it scrolls near the screen, so a long list reads on as the
 * user scrolls; the button stays for the keyboard and for a failed page.
 */
function LoadMore({ pages }: { pages: Pages }) {
  const ref = useRef<HTMLButtonElement>(null);
  const { fetchNextPage, isFetchingNextPage, isFetchNextPageError } = pages;
  useEffect(() => {
    const button = ref.current;
    // After a failed page it waits for a click rather than retrying in a loop.
    if (!button || typeof IntersectionObserver === 'undefined' || isFetchNextPageError) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage)
          void fetchNextPage();
      },
      { rootMargin: '800px 0px' },
    );
    observer.observe(button);
    return () => observer.disconnect();
  }, [fetchNextPage, isFetchingNextPage, isFetchNextPageError]);
  return (
    <button
      ref={ref}
      type="button"
      className="load-more"
      disabled={isFetchingNextPage}
      onClick={() => void fetchNextPage()}
    >
      {isFetchingNextPage ? 'Loading more…' : 'Load more'}
    </button>
  );
}

function pageError(pages: Pages) {
  if (!pages.isError) return null;
  return (
    <ErrorState
      message={errorMessage(pages.error)}
      onRetry={() => void (pages.isFetchNextPageError ? pages.fetchNextPage() : pages.refetch())}
    />
  );
}

function groupsOf(tasks: Task[], grouping: TaskGrouping, now: number, timeZone: string) {
  if (grouping === 'today') return splitOverdue(tasks, now);
  if (grouping === 'by-day') return groupByDay(tasks, now, timeZone);
  return [{ key: 'all', heading: '', tasks }] satisfies TaskGroup[];
}

type Props = {
  filters: TaskFilters;
  filtered: boolean;
  grouping?: TaskGrouping;
  /**
   * The completed tasks' query, when the view folds them under the open ones (`filters` then asks
   * for the open ones): a "Completed (n)" button after the open tasks unfolds them.
   */
  folded?: TaskFilters | undefined;
  /** What an empty list says when no filter is set. */
  emptyMessage?: ReactNode;
};

export function TaskList({
  filters,
  filtered,
  grouping = 'none',
  folded,
  emptyMessage = 'No tasks yet. Add your first one above.',
}: Props) {
  const tasks = useTasks(filters);
  const completed = useTasks(folded ?? filters, folded !== undefined);
  const [showCompleted, setShowCompleted] = useShowCompleted();
  const now = useNow();
  const timeZone = useUserTimeZone();
  const headingId = useId();
  const items = tasks.data?.pages.flatMap((page) => page.items) ?? [];
  // Between a toggle and both lists' refetches a task can be in both answers: the open list's
  // line stands until its own refetch drops it, so the task shows once.
  const openIds = new Set(items.map((task) => task.id));
  const done = folded
    ? (completed.data?.pages.flatMap((page) => page.items) ?? []).filter(
        (task) => !openIds.has(task.id),
      )
    : [];
  // The fold sits after the open tasks, so it waits until they are all loaded.
  const foldShown = done.length > 0 && !tasks.hasNextPage;
  const unfolded = foldShown && showCompleted ? done : [];
  const { sectionRef, headingRef, onFocus, onBlur } = useFocusKeeper(
    [...items, ...unfolded].map((task) => task.id),
  );

  const body = () => {
    if (tasks.isPending) return <Loading label="Loading tasks…" />;
    // Without data an error replaces the list; with data (a failed "Load more" or background
    // refetch) the list stays and the error shows below it.
    if (!tasks.data) {
      return (
        <ErrorState message={errorMessage(tasks.error)} onRetry={() => void tasks.refetch()} />
      );
    }
    if (items.length === 0 && !foldShown) {
      return <EmptyState>{filtered ? 'No tasks match these filters.' : emptyMessage}</EmptyState>;
    }
    const groups = groupsOf(items, grouping, now, timeZone);
    const long = items.length + unfolded.length > LONG_LIST;
    const count = `${done.length}${completed.hasNextPage ? '+' : ''}`;
    return (
      <>
        <ul
          className={long ? 'task-list task-list-long' : 'task-list'}
          aria-label="Tasks"
          aria-busy={tasks.isFetching || completed.isFetching}
        >
          {groups.map((group) => [
            group.heading && (
              // A heading between the tasks, in an item of its own: a list holds only items (axe).
              <li key={`group-${group.key}`} className="task-group">
                <h3>{group.heading}</h3>
              </li>
            ),
            ...group.tasks.map((task) => <Item key={task.id} task={task} now={now} />),
          ])}
          {foldShown && (
            <li className="completed-fold">
              <button
                type="button"
                aria-expanded={showCompleted}
                onClick={() => setShowCompleted(!showCompleted)}
              >
                Completed ({count})
              </button>
            </li>
          )}
          {unfolded.map((task) => (
            <Item key={task.id} task={task} now={now} />
          ))}
        </ul>
        {pageError(tasks)}
        {tasks.hasNextPage ? (
          <LoadMore pages={tasks} />
        ) : (
          foldShown &&
          showCompleted && (
            <>
              {pageError(completed)}
              {completed.hasNextPage && <LoadMore pages={completed} />}
            </>
          )
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
