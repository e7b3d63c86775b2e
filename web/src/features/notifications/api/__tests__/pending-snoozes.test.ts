import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { Notification } from '@/types/api';
import { notificationKeys } from '../keys';
import { CLOCK_SLACK_MS, pendingSnoozeEnds, recordSnooze } from '../pending-snoozes';

const now = Date.parse('2026-12-01T12:00:00Z');
const endsAt = now + 10 * 60_000;

const notification = (overrides: Partial<Notification>): Notification => ({
  id: 3,
  task_id: 7,
  kind: 'task_reminder',
  message: 'Reminder: Write report',
  fires_at: new Date(now - 60_000).toISOString(),
  created_at: new Date(now - 60_000).toISOString(),
  read_at: null,
  ...overrides,
});

function cacheWith(notifications: Notification[]) {
  const queryClient = new QueryClient();
  queryClient.setQueryData(notificationKeys.list({ unread: false }), {
    items: notifications,
    next_cursor: null,
  });
  return queryClient;
}

describe('pendingSnoozeEnds', () => {
  it('expects a snooze made here to fire at its end', () => {
    const queryClient = cacheWith([notification({ read_at: new Date(now).toISOString() })]);
    recordSnooze(queryClient, { id: 3, taskId: 7, endsAt }, now);
    expect(pendingSnoozeEnds(queryClient)).toEqual([endsAt]);
  });

  it('stops expecting it once the notification it makes is fetched', () => {
    const queryClient = cacheWith([]);
    recordSnooze(queryClient, { id: 3, taskId: 7, endsAt }, now);
    // The server's clock a little behind this one.
    const fired = new Date(endsAt - CLOCK_SLACK_MS / 2).toISOString();
    queryClient.setQueryData(notificationKeys.list({ unread: true }), {
      items: [notification({ id: 9, fires_at: fired, created_at: fired })],
      next_cursor: null,
    });
    expect(pendingSnoozeEnds(queryClient)).toEqual([]);
  });

  it('does not take an earlier notification of the task, or another task’s, for it', () => {
    const queryClient = cacheWith([
      notification({ id: 4, fires_at: new Date(now - 1_000).toISOString() }),
      notification({ id: 5, task_id: 8, fires_at: new Date(endsAt).toISOString() }),
    ]);
    recordSnooze(queryClient, { id: 3, taskId: 7, endsAt }, now);
    expect(pendingSnoozeEnds(queryClient)).toEqual([endsAt]);
  });

  it('keeps one snooze per notification: snoozing again moves it', () => {
    const queryClient = cacheWith([]);
    recordSnooze(queryClient, { id: 3, taskId: 7, endsAt }, now);
    recordSnooze(queryClient, { id: 3, taskId: 7, endsAt: endsAt + 3_600_000 }, now + 1_000);
    expect(pendingSnoozeEnds(queryClient)).toEqual([endsAt + 3_600_000]);
  });

  it('survives fetching the notifications again', async () => {
    const queryClient = cacheWith([]);
    recordSnooze(queryClient, { id: 3, taskId: 7, endsAt }, now);
    await queryClient.invalidateQueries({ queryKey: notificationKeys.all });
    expect(pendingSnoozeEnds(queryClient)).toEqual([endsAt]);
  });
});
