export const dataKeys = {
  all: ['data'] as const,
  calendarFeed: () => [...dataKeys.all, 'calendar-feed'] as const,
};
