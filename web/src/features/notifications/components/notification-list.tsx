import { EmptyState, ErrorState, Loading } from '@/components/ui/status';
import { errorMessage } from '@/lib/api-error';
import { useNotifications } from '../api/get-notifications';
import { NotificationItem } from './notification-item';

/** `onOpenedTask`: a notification's task was opened (the panel closes). */
export function NotificationList({ onOpenedTask }: { onOpenedTask?: () => void }) {
  const notifications = useNotifications();

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
    <ul className="notification-list" aria-label="Notification list">
      {notifications.data.items.map((n) => (
        <NotificationItem key={n.id} notification={n} onOpenedTask={onOpenedTask} />
      ))}
    </ul>
  );
}
