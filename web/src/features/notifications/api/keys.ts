export const notificationKeys = {
  all: ['notifications'] as const,
  list: (filter: { unread: boolean }) => [...notificationKeys.all, 'list', filter] as const,
  /**
   * The snoozes this tab made, kept in the cache but never fetched; outside `all`, so fetching the
   * notifications again keeps them.
   */
  snoozes: () => ['notification-snoozes'] as const,
};
