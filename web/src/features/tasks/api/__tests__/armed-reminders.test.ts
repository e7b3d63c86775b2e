import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { makeReminder, makeTask } from '@/testing/fixtures';
import type { Task } from '@/types/api';
import { armedReminderTimes } from '../armed-reminders';
import { taskKeys } from '../keys';

const cached = (...lists: Task[][]) => {
  const queryClient = new QueryClient();
  lists.forEach((items, i) => {
    queryClient.setQueryData(taskKeys.list({ q: String(i) }), {
      pages: [{ items, next_cursor: null }],
      pageParams: [null],
    });
  });
  return queryClient;
};

describe('armedReminderTimes', () => {
  it('lists every reminder not yet sent, by fires_at, once however many lists hold its task', () => {
    const task = makeTask({
      due_date: '2026-12-08T09:00:00Z',
      reminders: [
        makeReminder({ at: '2026-12-07T08:00:00Z' }, { id: 1 }),
        makeReminder(
          { before_due_minutes: 60, fires_at: '2026-12-08T08:00:00Z' },
          { id: 2, sent_at: null },
        ),
        makeReminder({ at: '2026-12-01T08:00:00Z' }, { id: 3, sent_at: '2026-12-01T08:00:01Z' }),
      ],
    });
    expect(armedReminderTimes(cached([task], [task]))).toEqual([
      Date.parse('2026-12-07T08:00:00Z'),
      Date.parse('2026-12-08T08:00:00Z'),
    ]);
  });

  it('expects nothing of a completed task', () => {
    const task = makeTask({
      completed: true,
      completed_at: '2026-12-01T10:00:00Z',
      reminders: [makeReminder({ at: '2026-12-07T08:00:00Z' })],
    });
    expect(armedReminderTimes(cached([task]))).toEqual([]);
  });
});
