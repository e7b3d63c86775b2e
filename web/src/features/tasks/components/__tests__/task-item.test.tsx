import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { UserTimeZoneProvider } from '@/hooks/use-user-time-zone';
import { makeReminder, makeTask } from '@/testing/fixtures';
import { mockApi, resetApi } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import type { Task } from '@/types/api';
import { TaskItem } from '../task-item';
import { TaskList } from '../task-list';

const now = Date.parse('2026-12-01T12:00:00Z');

const renderItem = (task: Task, timeZone = 'Europe/Berlin') =>
  renderWithClient(
    <UserTimeZoneProvider timeZone={timeZone}>
      <ul>
        <TaskItem task={task} now={now} />
      </ul>
    </UserTimeZoneProvider>,
  );

// Tuesday 8 December 2026, 08:00 UTC: 09:00 in Berlin, 03:00 in New York.
const weekly = makeTask({
  due_date: '2026-12-08T08:00:00Z',
  time_zone: 'Europe/Berlin',
  recurrence: 'FREQ=WEEKLY;BYDAY=TU',
});

describe('a task line', () => {
  afterEach(resetApi);

  it('marks a repeating task and shows its next date in the user’s zone', () => {
    renderItem(weekly);
    const icon = screen.getByRole('img', { name: 'Repeats' });
    expect(icon).toHaveAttribute('title', 'Every week on Tuesday');
    expect(screen.getByText('next: Tue 8 Dec, 09:00', { exact: false })).toBeInTheDocument();
  });

  it('shows the next date in the user’s zone, not the task’s', () => {
    renderItem(weekly, 'America/New_York');
    expect(screen.getByText('next: Tue 8 Dec, 03:00', { exact: false })).toBeInTheDocument();
  });

  it('shows neither on a plain task', () => {
    renderItem(makeTask({ due_date: '2026-12-08T08:00:00Z' }));
    expect(screen.queryByRole('img', { name: 'Repeats' })).not.toBeInTheDocument();
    expect(screen.queryByText(/next:/)).not.toBeInTheDocument();
  });

  it('names its reminders on the bell, and counts them when there are several', () => {
    renderItem({
      ...weekly,
      reminders: [
        makeReminder({ at: '2026-12-07T17:00:00Z' }, { id: 1, sent_at: '2026-12-07T17:00:01Z' }),
        makeReminder({ before_due_minutes: 60, fires_at: '2026-12-08T07:00:00Z' }, { id: 2 }),
      ],
    });
    const bell = screen.getByRole('img', { name: /reminders/ });
    expect(bell).toHaveAccessibleName(
      '2 reminders: sent for Mon 7 Dec, 18:00; set for Tue 8 Dec, 08:00 (1 hour before due)',
    );
    expect(bell).toHaveTextContent('2');
  });

  it('names a lone reminder by when it fires', () => {
    renderItem({ ...weekly, reminders: [makeReminder({ at: '2026-12-07T17:00:00Z' })] });
    const bell = screen.getByRole('img', { name: /^Reminder / });
    expect(bell).toHaveAccessibleName('Reminder set for Mon 7 Dec, 18:00');
    expect(bell).toHaveTextContent('');
  });

  it('completing a repeating task shows its next date, open', async () => {
    let stored = { ...weekly, version: 3 };
    mockApi({
      'GET /tasks': () => ({ status: 200, data: { items: [stored], next_cursor: null } }),
      'PATCH /tasks/1': () => {
        stored = { ...stored, due_date: '2026-12-15T08:00:00Z', version: 4 };
        return { status: 200, data: stored };
      },
    });
    const user = userEvent.setup();
    renderWithClient(
      <UserTimeZoneProvider timeZone="Europe/Berlin">
        <TaskList filters={{}} filtered={false} />
      </UserTimeZoneProvider>,
    );

    const item = await screen.findByRole('listitem');
    await user.click(within(item).getByRole('checkbox', { name: 'Completed: Write report' }));

    await waitFor(() => {
      expect(within(item).getByText(/next:/)).toHaveTextContent(/next: Tue 15 Dec( 2026)?, 09:00/);
    });
    expect(
      within(item).getByRole('checkbox', { name: 'Completed: Write report' }),
    ).not.toBeChecked();
  });
});
