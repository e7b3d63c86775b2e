import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { toApiError } from '@/lib/api-error';
import type { NotificationPage } from '@/types/api';
import { notificationKeys } from './keys';

export const UNREAD_POLL_MS = 30_000;

export async function getNotifications({ unread }: { unread: boolean }): Promise<NotificationPage> {
  const response = await apiClient.get<NotificationPage>('/notifications', {
    params: unread ? { unread: true } : {},
  });
  return response.data;
}

/** A server without the notification routes answers 404: the feature is absent, not broken. */
export function notificationsUnavailable(error: unknown): boolean {
  return error !== null && toApiError(error).status === 404;
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
    refetchInterval: (query) =>
      notificationsUnavailable(query.state.error) ? false : UNREAD_POLL_MS,
    refetchOnWindowFocus: (query) =>
      notificationsUnavailable(query.state.error) ? false : 'always',
  });

export const useNotifications = () => useQuery(getNotificationsQueryOptions({ unread: false }));
