import { useId } from 'react';
import { ErrorState, Loading } from '@/components/ui/status';
import { useUserTimeZone } from '@/hooks/use-user-time-zone';
import { errorMessage } from '@/lib/api-error';
import { formatShortDateTime } from '@/utils/dates';
import { useCompletions } from '../api/get-completions';

/** The times a repeating task was done, newest first, with the date each was due. */
export function CompletionHistory({ taskId }: { taskId: number }) {
  const completions = useCompletions(taskId);
  const timeZone = useUserTimeZone();
  const headingId = useId();
  const items = completions.data?.pages.flatMap((page) => page.items) ?? [];

  const body = () => {
    if (completions.isPending) return <Loading label="Loading history…" />;
    if (!completions.data) {
      return (
        <ErrorState
          message={errorMessage(completions.error)}
          onRetry={() => void completions.refetch()}
        />
      );
    }
    if (items.length === 0) return <p className="hint">Not completed yet.</p>;
    return (
      <>
        <ol className="completion-list" aria-labelledby={headingId}>
          {items.map((c, i) => (
            <li key={`${c.completed_at}-${i}`}>
              Done{' '}
              <time dateTime={c.completed_at}>{formatShortDateTime(c.completed_at, timeZone)}</time>
              {c.due_date && (
                <span className="hint">
                  {' '}
                  (due{' '}
                  <time dateTime={c.due_date}>{formatShortDateTime(c.due_date, timeZone)}</time>)
                </span>
              )}
            </li>
          ))}
        </ol>
        {completions.isFetchNextPageError && (
          <ErrorState
            message={errorMessage(completions.error)}
            onRetry={() => void completions.fetchNextPage()}
          />
        )}
        {completions.hasNextPage && (
          <button
            type="button"
            disabled={completions.isFetchingNextPage}
            onClick={() => void completions.fetchNextPage()}
          >
            {completions.isFetchingNextPage ? 'Loading more…' : 'Show older'}
          </button>
        )}
      </>
    );
  };

  return (
    <section className="completion-history" aria-labelledby={headingId}>
      <h4 id={headingId}>History</h4>
      {body()}
    </section>
  );
}
