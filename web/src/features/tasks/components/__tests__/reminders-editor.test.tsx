import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { UserTimeZoneProvider } from '@/hooks/use-user-time-zone';
import { applyTaskBody, makeReminder, makeTask } from '@/testing/fixtures';
import { mockApi, resetApi } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import type { TaskBody } from '@/types/api';
import { formatShortDateTime, fromDateTimeLocal } from '@/utils/dates';
import { CreateTaskForm } from '../create-task-form';
import { TaskList } from '../task-list';

type User = ReturnType<typeof userEvent.setup>;

const renderCreateForm = () => {
  const api = mockApi({
    'POST /tasks': (request) => ({
      status: 201,
      data: applyTaskBody(makeTask({ version: 0 }), request.body as TaskBody),
    }),
    'GET /occurrences': () => ({ status: 200, data: { items: [] } }),
  });
  renderWithClient(
    <UserTimeZoneProvider timeZone="UTC">
      <CreateTaskForm />
    </UserTimeZoneProvider>,
  );
  return api;
};

const editor = () => screen.getByRole('group', { name: 'Reminders' });

async function addBeforeDue(user: User, amount: string, unit: string) {
  const group = editor();
  await user.clear(within(group).getByLabelText('Time before due'));
  await user.type(within(group).getByLabelText('Time before due'), amount);
  await user.selectOptions(within(group).getByLabelText('Unit'), unit);
  await user.click(within(group).getByRole('button', { name: 'Add reminder before due' }));
}

const chips = () =>
  within(editor())
    .queryAllByRole('listitem')
    .map((chip) => chip.textContent.replace('×', '').trim());

describe('the reminders editor', () => {
  afterEach(resetApi);

  it('adds a reminder at a time and one before the due date, and sends both', async () => {
    const { calls } = renderCreateForm();
    const user = userEvent.setup();

    await user.type(screen.getByLabelText('Title'), 'Write report');
    await user.type(screen.getByLabelText('Due date'), '2026-12-08T09:00');
    await addBeforeDue(user, '1', 'hours');
    await user.type(within(editor()).getByLabelText('Remind at'), '2026-12-07T18:30');
    await user.click(within(editor()).getByRole('button', { name: 'Add reminder at this time' }));

    const at = fromDateTimeLocal('2026-12-07T18:30') ?? '';
    expect(chips()).toEqual(['1 hour before due', `At ${formatShortDateTime(at, 'UTC')}`]);
    expect(within(editor()).getByLabelText('Remind at')).toHaveValue('');

    await user.click(screen.getByRole('button', { name: 'Add task' }));
    await waitFor(() => {
      expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    });
    expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({
      title: 'Write report',
      reminders: [{ before_due_minutes: 60 }, { at }],
    });
  });

  it('removes a reminder by its button, named after it', async () => {
    const { calls } = renderCreateForm();
    const user = userEvent.setup();

    await user.type(screen.getByLabelText('Title'), 'Write report');
    await user.type(screen.getByLabelText('Due date'), '2026-12-08T09:00');
    await addBeforeDue(user, '2', 'days');
    await addBeforeDue(user, '30', 'minutes');
    await user.click(screen.getByRole('button', { name: 'Remove reminder: 2 days before due' }));

    expect(chips()).toEqual(['30 minutes before due']);
    await user.click(screen.getByRole('button', { name: 'Add task' }));
    await waitFor(() => {
      expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({
        reminders: [{ before_due_minutes: 30 }],
      });
    });
  });

  it('offers reminders before the due date only once there is a due date', async () => {
    renderCreateForm();
    const user = userEvent.setup();

    const amount = within(editor()).getByLabelText('Time before due');
    const add = within(editor()).getByRole('button', { name: 'Add reminder before due' });
    expect(amount).toBeDisabled();
    expect(add).toBeDisabled();
    expect(amount).toHaveAccessibleDescription('Set a due date to be reminded before it.');
    expect(add).toHaveAccessibleDescription('Needs a due date.');

    await user.type(screen.getByLabelText('Due date'), '2026-12-08T09:00');
    expect(amount).toBeEnabled();
    expect(add).toBeEnabled();
  });

  it('refuses to save reminders before a due date that was cleared', async () => {
    const { calls } = renderCreateForm();
    const user = userEvent.setup();

    await user.type(screen.getByLabelText('Title'), 'Write report');
    await user.type(screen.getByLabelText('Due date'), '2026-12-08T09:00');
    await addBeforeDue(user, '1', 'hours');
    await user.clear(screen.getByLabelText('Due date'));
    await user.click(screen.getByRole('button', { name: 'Add task' }));

    expect(editor()).toHaveAccessibleDescription(
      'Reminders before the due date need a due date: set one, or remove them.',
    );
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('takes at most 10 reminders, and no two alike', async () => {
    renderCreateForm();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Due date'), '2026-12-08T09:00');

    await addBeforeDue(user, '1', 'hours');
    await addBeforeDue(user, '60', 'minutes');
    expect(within(editor()).getByLabelText('Time before due')).toHaveAccessibleDescription(
      'That reminder is already set.',
    );
    for (let n = 1; n <= 9; n++) await addBeforeDue(user, String(n), 'days');

    expect(chips()).toHaveLength(10);
    const add = within(editor()).getByRole('button', { name: 'Add reminder before due' });
    expect(add).toBeDisabled();
    expect(
      within(editor()).getByRole('button', { name: 'Add reminder at this time' }),
    ).toBeDisabled();
    expect(editor()).toHaveAccessibleDescription(
      '10 reminders is the most a task can have: remove one to add another.',
    );

    await user.click(screen.getByRole('button', { name: 'Remove reminder: 1 day before due' }));
    expect(add).toBeEnabled();
  });

  it('refuses more than 365 days before the due date', async () => {
    renderCreateForm();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Due date'), '2026-12-08T09:00');

    await addBeforeDue(user, '366', 'days');
    expect(within(editor()).getByLabelText('Time before due')).toHaveAccessibleDescription(
      'At most 365 days before due.',
    );
    expect(chips()).toEqual([]);
  });
});

describe('editing a task’s reminders', () => {
  afterEach(resetApi);

  const task = makeTask({
    due_date: '2026-12-08T09:00:00Z',
    version: 2,
    reminders: [
      makeReminder({ at: '2026-12-01T08:00:00Z' }, { id: 11, sent_at: '2026-12-01T08:00:01Z' }),
      makeReminder({ before_due_minutes: 60, fires_at: '2026-12-08T08:00:00Z' }, { id: 12 }),
    ],
  });

  function serve() {
    let stored = task;
    return mockApi({
      'GET /tasks': () => ({ status: 200, data: { items: [stored], next_cursor: null } }),
      'PATCH /tasks/1': (request) => {
        stored = applyTaskBody(stored, request.body as TaskBody);
        return { status: 200, data: stored };
      },
    });
  }

  const openEditor = async (user: User) => {
    const item = await screen.findByRole('listitem');
    await user.click(within(item).getByRole('button', { name: /^Edit/ }));
    return screen.getByRole('form', { name: 'Edit task Write report' });
  };

  it('shows the saved ones, the sent one marked, and leaves them out of an unrelated edit', async () => {
    const { calls } = serve();
    const user = userEvent.setup();
    renderWithClient(
      <UserTimeZoneProvider timeZone="UTC">
        <TaskList filters={{}} filtered={false} />
      </UserTimeZoneProvider>,
    );

    const form = await openEditor(user);
    expect(chips()).toEqual(['At Tue 1 Dec, 08:00 · sent', '1 hour before due']);
    await user.type(within(form).getByLabelText('Title'), ' now');
    await user.click(within(form).getByRole('button', { name: 'Save' }));

    await waitFor(() => {
      expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({
        title: 'Write report now',
      });
    });
  });

  it('sends the whole set when one is removed, the rest exactly as the server wrote them', async () => {
    const { calls } = serve();
    const user = userEvent.setup();
    renderWithClient(
      <UserTimeZoneProvider timeZone="UTC">
        <TaskList filters={{}} filtered={false} />
      </UserTimeZoneProvider>,
    );

    const form = await openEditor(user);
    await user.click(screen.getByRole('button', { name: 'Remove reminder: 1 hour before due' }));
    await user.click(within(form).getByRole('button', { name: 'Save' }));

    await waitFor(() => {
      expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({
        reminders: [{ at: '2026-12-01T08:00:00Z' }],
      });
    });
  });

  it('sends the saved ones as they were, with the one added', async () => {
    const { calls } = serve();
    const user = userEvent.setup();
    renderWithClient(
      <UserTimeZoneProvider timeZone="UTC">
        <TaskList filters={{}} filtered={false} />
      </UserTimeZoneProvider>,
    );

    const form = await openEditor(user);
    await addBeforeDue(user, '1', 'days');
    await user.click(within(form).getByRole('button', { name: 'Save' }));

    await waitFor(() => {
      expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({
        reminders: [
          { at: '2026-12-01T08:00:00Z' },
          { before_due_minutes: 60 },
          { before_due_minutes: 1440 },
        ],
      });
    });
  });
});
