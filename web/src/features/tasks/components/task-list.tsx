import { EmptyState, ErrorState, Loading } from '@/components/ui/status';
import { useNow } from '@/hooks/use-now';
import { errorMessage } from '@/lib/api-error';
import { useTasks } from '../api/get-tasks';
import type { TaskFilters } from '../api/keys';
import { TaskItem } from './task-item';

export function TaskList({ filters, filtered }: { filters: TaskFilters; filtered: boolean }) {
  const tasks = useTasks(filters);
  const now = useNow();

  if (tasks.isPending) return <Loading label="Loading tasks…" />;
  // Without data an error replaces the list; with data (a failed "Load more" or background
  // refetch) the list stays and the error shows below it.
  if (!tasks.data) {
    return <ErrorState message={errorMessage(tasks.error)} onRetry={() => void tasks.refetch()} />;
  }

  const items = tasks.data.pages.flatMap((page) => page.items);
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
}
