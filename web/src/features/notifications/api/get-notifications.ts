import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { NotificationPage } from '@/types/api';
import { notificationKeys } from './keys';

export const UNREAD_POLL_MS = 30_000;

export async function getNotifications({ unread }: { unread: boolean }): Promise<NotificationPage> {
  const response = await apiClient.get<NotificationPage>('/notifications', {
    params: unread ? { unread: true } : {},
  });
  return response.data;
}

export const getNotificationsQueryOptions = (filter: { unread: boolean }) =>
  queryOptions({
    queryKey: notificationKeys.list(filter),
    queryFn: () => getNotifications(filter),
  });

/**
 * Unread reminders. Polled while the page is visible, and fetched again whenever the user comes
 * back to it (polling pauses in a background tab), so the bell notices reminders sent meanwhile.
 * The app also fetches them as each known reminder falls due.
 */
export const useUnreadNotifications = () =>
  useQuery({
    ...getNotificationsQueryOptions({ unread: true }),
    refetchInterval: UNREAD_POLL_MS,
    refetchOnWindowFocus: 'always',
  });

export const useNotifications = () => useQuery(getNotificationsQueryOptions({ unread: false }));
