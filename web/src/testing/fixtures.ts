import type { Task } from '@/types/api';

/** A task as the API returns it: plain, open, in UTC, at version 1; override what a test needs. */
export function makeTask(overrides: Partial<Task> = {}): Task {
  return {
    id: 1,
    title: 'Write report',
    description: null,
    due_date: null,
    completed: false,
    completed_at: null,
    priority: 'medium',
    time_zone: 'UTC',
    recurrence: null,
    remind_at: null,
    reminded_at: null,
    version: 1,
    created_at: '2026-11-25T12:00:00Z',
    updated_at: '2026-11-25T12:00:00Z',
    ...overrides,
  };
}
