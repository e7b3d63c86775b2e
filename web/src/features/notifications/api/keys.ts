export const notificationKeys = {
  all: ['notifications'] as const,
  list: (filter: { unread: boolean }) => [...notificationKeys.all, 'list', filter] as const,
};
