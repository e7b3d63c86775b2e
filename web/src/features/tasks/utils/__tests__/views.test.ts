import { describe, expect, it } from 'vitest';
import { makeTask } from '@/testing/fixtures';
import {
  dayHeading,
  groupByDay,
  splitOverdue,
  startOfDay,
  viewFilters,
  type TaskView,
} from '../views';

const at = (iso: string) => Date.parse(iso);

describe('viewFilters: what each view asks the API for', () => {
  // Tuesday 1 December 2026, 18:30 UTC: already Wednesday in Tokyo.
  const now = at('2026-12-01T18:30:00Z');

  it('Today: open tasks due before tomorrow starts in the user’s zone, soonest first', () => {
    expect(viewFilters({ kind: 'today' }, now, 'Europe/Berlin')).toEqual({
      completed: false,
      due_before: '2026-12-01T23:00:00Z',
      sort: 'due_date',
    });
    // The same instant is the 2nd in Tokyo, so its "today" ends a day later there.
    expect(viewFilters({ kind: 'today' }, now, 'Asia/Tokyo').due_before).toBe(
      '2026-12-02T15:00:00Z',
    );
  });

  it('Upcoming: open tasks from the start of today for seven days', () => {
    expect(viewFilters({ kind: 'upcoming' }, now, 'America/New_York')).toEqual({
      completed: false,
      due_after: '2026-12-01T05:00:00Z',
      due_before: '2026-12-08T05:00:00Z',
      sort: 'due_date',
    });
  });

  it('Completed, Assigned to me, a project and All tasks', () => {
    const filters = (view: TaskView) => viewFilters(view, now, 'UTC');
    expect(filters({ kind: 'completed' })).toEqual({ completed: true, sort: '-created_at' });
    expect(filters({ kind: 'assigned' })).toEqual({ assignee: 'me' });
    expect(filters({ kind: 'project', id: 7 })).toEqual({ project_id: 7 });
    expect(filters({ kind: 'all' })).toEqual({});
  });
});

describe('startOfDay: day boundaries in the user’s zone', () => {
  it('a day that loses an hour to daylight saving is 23 hours long', () => {
    // Europe/Berlin springs forward on Sunday 29 March 2026 at 02:00.
    const noon = at('2026-03-29T10:00:00Z');
    const start = startOfDay(noon, 'Europe/Berlin');
    const end = startOfDay(noon, 'Europe/Berlin', 1);
    expect(new Date(start).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(end).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect((end - start) / 3_600_000).toBe(23);
  });

  it('a week across the autumn change ends at midnight, not an hour off', () => {
    // New York falls back on Sunday 1 November 2026.
    const friday = at('2026-10-30T16:00:00Z');
    expect(new Date(startOfDay(friday, 'America/New_York')).toISOString()).toBe(
      '2026-10-30T04:00:00.000Z',
    );
    expect(new Date(startOfDay(friday, 'America/New_York', 7)).toISOString()).toBe(
      '2026-11-06T05:00:00.000Z',
    );
  });

  it('a midnight that is skipped starts the day when the clocks resume', () => {
    // Chile springs forward at 00:00 on Sunday 6 September 2026: the day starts at 01:00.
    const noon = at('2026-09-06T16:00:00Z');
    expect(new Date(startOfDay(noon, 'America/Santiago')).toISOString()).toBe(
      '2026-09-06T04:00:00.000Z',
    );
  });

  it('rolls over month and year ends', () => {
    expect(new Date(startOfDay(at('2026-12-31T12:00:00Z'), 'UTC', 1)).toISOString()).toBe(
      '2027-01-01T00:00:00.000Z',
    );
  });
});

describe('grouping', () => {
  const now = at('2026-12-01T09:00:00Z'); // a Tuesday
  const due = (id: number, iso: string | null) => makeTask({ id, title: `T${id}`, due_date: iso });

  it('day headings: Today, Tomorrow, then the weekday and date', () => {
    expect(dayHeading('2026-12-01', now, 'UTC')).toBe('Today');
    expect(dayHeading('2026-12-02', now, 'UTC')).toBe('Tomorrow');
    expect(dayHeading('2026-12-03', now, 'UTC')).toBe('Thursday 3 December');
  });

  it('Upcoming groups tasks by the day they are due in the user’s zone', () => {
    const tasks = [
      due(1, '2026-12-01T10:00:00Z'),
      // 23:30 UTC on the 1st is already the 2nd in Berlin.
      due(2, '2026-12-01T23:30:00Z'),
      due(3, '2026-12-02T12:00:00Z'),
      due(4, '2026-12-04T08:00:00Z'),
    ];
    const groups = (zone: string) =>
      groupByDay(tasks, now, zone).map((g) => [g.heading, g.tasks.map((t) => t.id)]);
    expect(groups('UTC')).toEqual([
      ['Today', [1, 2]],
      ['Tomorrow', [3]],
      ['Friday 4 December', [4]],
    ]);
    expect(groups('Europe/Berlin')).toEqual([
      ['Today', [1]],
      ['Tomorrow', [2, 3]],
      ['Friday 4 December', [4]],
    ]);
  });

  it('Today puts the overdue ones under their own heading first', () => {
    const groups = splitOverdue(
      [
        due(1, '2026-11-28T10:00:00Z'),
        due(2, '2026-12-01T08:59:00Z'),
        due(3, '2026-12-01T17:00:00Z'),
      ],
      now,
    );
    expect(groups.map((g) => [g.heading, g.tasks.map((t) => t.id)])).toEqual([
      ['Overdue', [1, 2]],
      ['Today', [3]],
    ]);
    expect(splitOverdue([due(3, '2026-12-01T17:00:00Z')], now).map((g) => g.heading)).toEqual([
      'Today',
    ]);
  });
});
