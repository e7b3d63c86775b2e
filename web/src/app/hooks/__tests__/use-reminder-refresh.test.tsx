import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useUnreadNotifications } from '@/features/notifications/api/get-notifications';
import { recordSnooze } from '@/features/notifications/api/pending-snoozes';
import { taskKeys } from '@/features/tasks/api/keys';
import { delay, mockApi, resetApi } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import type { Task } from '@/types/api';
import {
  DELIVERY_GRACE_MS,
  RECHECK_MS,
  RECHECK_WINDOW_MS,
  nextRefreshAt,
  useReminderRefresh,
} from '../use-reminder-refresh';
import { makeReminder, makeTask } from '@/testing/fixtures';

const now = Date.parse('2026-11-25T12:00:00Z');

describe('nextRefreshAt', () => {
  it('expects nothing without reminders', () => {
    expect(nextRefreshAt([], now)).toBeNull();
  });

  it('looks just after the soonest reminder falls due', () => {
    expect(nextRefreshAt([now + 2_000, now + 60_000], now)).toBe(now + 2_000 + DELIVERY_GRACE_MS);
  });

  it('looks again shortly for a reminder past due but not yet seen sent', () => {
    expect(nextRefreshAt([now - 5_000, now + 60_000], now)).toBe(now + RECHECK_MS);
  });

  it('leaves a reminder long past due to the regular polling', () => {
    expect(nextRefreshAt([now - RECHECK_WINDOW_MS - 1], now)).toBeNull();
  });
});

function Bell() {
  useReminderRefresh();
  const unread = useUnreadNotifications();
  return <p>{unread.data?.items.length ?? 0} unread</p>;
}

describe('useReminderRefresh', () => {
  afterEach(resetApi);

  it('fetches the notifications as a reminder of a cached task falls due', async () => {
    const remindAt = new Date(Date.now() + 300).toISOString();
    const task: Task = makeTask({
      id: 7,
      priority: 'high',
      reminders: [makeReminder({ at: remindAt })],
    });
    const fetchedAt: number[] = [];
    mockApi({
      'GET /notifications': () => {
        fetchedAt.push(Date.now());
        return { status: 200, data: { items: [], next_cursor: null } };
      },
    });
    const { queryClient } = renderWithClient(<Bell />);
    queryClient.setQueryData(taskKeys.list({ sort: '-created_at' }), {
      pages: [{ items: [task], next_cursor: null }],
      pageParams: [null],
    });

    await waitFor(
      () => {
        expect(fetchedAt).toHaveLength(2);
      },
      { timeout: 5_000 },
    );
    expect(fetchedAt[1]).toBeGreaterThanOrEqual(Date.parse(remindAt));
  });

  it('fetches the notifications as a snooze made here ends, and stops once it has fired', async () => {
    const endsAt = Date.now() + 300;
    const fired = {
      id: 9,
      task_id: 7,
      kind: 'task_reminder',
      message: 'Reminder: Write report',
      fires_at: new Date(endsAt).toISOString(),
      created_at: new Date(endsAt).toISOString(),
      read_at: null,
    };
    const fetchedAt: number[] = [];
    mockApi({
      'GET /notifications': () => {
        fetchedAt.push(Date.now());
        const items = Date.now() >= endsAt ? [fired] : [];
        return { status: 200, data: { items, next_cursor: null } };
      },
    });
    const { queryClient } = renderWithClient(<Bell />);
    recordSnooze(queryClient, { id: 3, taskId: 7, endsAt });

    expect(await screen.findByText('1 unread', {}, { timeout: 5_000 })).toBeInTheDocument();
    expect(fetchedAt).toHaveLength(2);
    expect(fetchedAt[1]).toBeGreaterThanOrEqual(endsAt);
    // Seen: no looking again for it.
    await delay(RECHECK_MS + DELIVERY_GRACE_MS);
    expect(fetchedAt).toHaveLength(2);
  });
});
