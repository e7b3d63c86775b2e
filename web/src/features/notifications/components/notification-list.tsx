import { EmptyState, ErrorState, Loading } from '@/components/ui/status';
import { errorMessage } from '@/lib/api-error';
import { formatDateTime } from '@/utils/dates';
import { useNotifications } from '../api/get-notifications';
import { useMarkNotificationRead } from '../api/mark-read';

export function NotificationList() {
  const notifications = useNotifications();
  const markRead = useMarkNotificationRead();

  if (notifications.isPending) return <Loading label="Loading notifications…" />;
  if (notifications.isError) {
    return (
      <ErrorState
        message={errorMessage(notifications.error)}
        onRetry={() => void notifications.refetch()}
      />
    );
  }
  if (notifications.data.items.length === 0) {
    return <EmptyState>No notifications yet. Reminders you set on tasks show up here.</EmptyState>;
  }

  return (
    <>
      {markRead.isError && (
        <p role="alert" className="form-error">
          {errorMessage(markRead.error)}
        </p>
      )}
      <ul className="notification-list" aria-label="Notification list">
        {notifications.data.items.map((n) => (
          <li key={n.id} className={n.read_at ? 'read' : 'unread'}>
            <p>{n.message}</p>
            <small>
              <time dateTime={n.created_at}>{formatDateTime(n.created_at)}</time>
              {n.read_at ? ' · read' : ''}
            </small>
            {!n.read_at && (
              <button
                type="button"
                disabled={markRead.isPending && markRead.variables === n.id}
                onClick={() => markRead.mutate(n.id)}
              >
                Mark read
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
