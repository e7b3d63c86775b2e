import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { UserTimeZoneProvider } from '@/hooks/use-user-time-zone';
import { applyTaskBody, makeTask } from '@/testing/fixtures';
import { apiError, mockApi, resetApi, type MockHandler } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import type { Task, TaskBody } from '@/types/api';
import { formatShortDateTime, fromDateTimeLocal } from '@/utils/dates';
import { CreateTaskForm } from '../create-task-form';
import { TaskList } from '../task-list';

const ZONE = 'Europe/Berlin';
const NEXT = [
  '2026-12-08T08:00:00Z',
  '2026-12-10T08:00:00Z',
  '2026-12-15T08:00:00Z',
  '2026-12-17T08:00:00Z',
  '2026-12-22T08:00:00Z',
];

function renderCreateForm(preview: MockHandler = () => ({ status: 200, data: { items: NEXT } })) {
  const api = mockApi({
    'POST /tasks': (request) => ({
      status: 201,
      data: applyTaskBody(makeTask({ version: 0 }), request.body as TaskBody),
    }),
    'GET /occurrences': preview,
  });
  renderWithClient(
    <UserTimeZoneProvider timeZone={ZONE}>
      <CreateTaskForm />
    </UserTimeZoneProvider>,
  );
  return api;
}

const previews = (calls: { method: string; url: string; params: unknown }[]) =>
  calls.filter((c) => c.url === '/occurrences').map((c) => c.params);

describe('the recurrence picker', () => {
  afterEach(resetApi);

  it('builds a weekly rule from the day toggles, previews it in the user’s zone, and sends it', async () => {
    const { calls } = renderCreateForm();
    const user = userEvent.setup();

    await user.type(screen.getByLabelText('Title'), 'Team sync');
    // 2026-12-08 is a Tuesday, wherever this test runs.
    await user.type(screen.getByLabelText('Due date'), '2026-12-08T09:00');
    await user.selectOptions(screen.getByLabelText('Repeats'), 'Every week on…');
    const days = screen.getByRole('group', { name: 'On days' });
    expect(within(days).getByRole('checkbox', { name: 'Tuesday' })).toBeChecked();
    await user.click(within(days).getByRole('checkbox', { name: 'Thursday' }));

    const list = await screen.findByRole('list', { name: 'Next dates' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(NEXT.map((at) => formatShortDateTime(at, ZONE)));
    expect(list).toHaveTextContent('Tue 8 Dec, 09:00');
    expect(previews(calls).at(-1)).toEqual({
      recurrence: 'FREQ=WEEKLY;BYDAY=TU,TH',
      due_date: fromDateTimeLocal('2026-12-08T09:00'),
      time_zone: ZONE,
      limit: 5,
    });

    await user.click(screen.getByRole('button', { name: 'Add task' }));
    await waitFor(() => {
      expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({
        title: 'Team sync',
        recurrence: 'FREQ=WEEKLY;BYDAY=TU,TH',
      });
    });
  });

  it('asks once the user stops typing a custom rule', async () => {
    const { calls } = renderCreateForm();
    const user = userEvent.setup();

    await user.type(screen.getByLabelText('Due date'), '2026-12-08T09:00');
    await user.selectOptions(screen.getByLabelText('Repeats'), 'Custom rule');
    await user.type(screen.getByLabelText('Rule (RRULE)'), 'FREQ=DAILY;INTERVAL=2');

    await screen.findByRole('list', { name: 'Next dates' });
    expect(previews(calls)).toEqual([
      expect.objectContaining({ recurrence: 'FREQ=DAILY;INTERVAL=2' }),
    ]);
  });

  it('shows the server’s reason a rule is refused, next to the rule', async () => {
    renderCreateForm(() =>
      apiError(422, 'validation_failed', 'Some fields are invalid.', {
        recurrence: 'BYHOUR is not supported',
      }),
    );
    const user = userEvent.setup();

    await user.type(screen.getByLabelText('Due date'), '2026-12-08T09:00');
    await user.selectOptions(screen.getByLabelText('Repeats'), 'Custom rule');
    await user.type(screen.getByLabelText('Rule (RRULE)'), 'FREQ=DAILY;BYHOUR=9');

    const rule = screen.getByLabelText('Rule (RRULE)');
    await waitFor(() => {
      expect(rule).toHaveAccessibleDescription(expect.stringContaining('BYHOUR is not supported'));
    });
    expect(rule).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByRole('list', { name: 'Next dates' })).not.toBeInTheDocument();
  });

  it('needs a due date: says so, previews nothing, and does not save', async () => {
    const { calls } = renderCreateForm();
    const user = userEvent.setup();

    await user.type(screen.getByLabelText('Title'), 'Team sync');
    await user.selectOptions(screen.getByLabelText('Repeats'), 'Every day');
    expect(screen.getByText('Set a due date: a repeating task starts on it.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Add task' }));

    expect(screen.getByLabelText('Due date')).toHaveAccessibleDescription(
      'A repeating task needs a due date: its first occurrence.',
    );
    expect(calls).toEqual([]);
  });
});

describe('an empty custom rule', () => {
  afterEach(resetApi);

  it('is asked for, not taken for "does not repeat"', async () => {
    const { calls } = renderCreateForm();
    const user = userEvent.setup();

    await user.type(screen.getByLabelText('Title'), 'Team sync');
    await user.type(screen.getByLabelText('Due date'), '2026-12-08T09:00');
    await user.selectOptions(screen.getByLabelText('Repeats'), 'Custom rule');
    await user.clear(screen.getByLabelText('Rule (RRULE)'));
    await user.click(screen.getByRole('button', { name: 'Add task' }));

    expect(screen.getByLabelText('Rule (RRULE)')).toHaveAccessibleDescription(
      expect.stringContaining('Enter a rule, or choose “Does not repeat”.'),
    );
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
  });
});

describe('the recurrence picker on a saved task', () => {
  afterEach(resetApi);

  function openEditor(recurrence: string) {
    let stored: Task = makeTask({ due_date: '2026-12-25T08:00:00Z', time_zone: ZONE, recurrence });
    const api = mockApi({
      'GET /tasks': () => ({ status: 200, data: { items: [stored], next_cursor: null } }),
      'GET /occurrences': () => ({ status: 200, data: { items: NEXT } }),
      'PATCH /tasks/1': (request) => {
        stored = applyTaskBody(stored, request.body as TaskBody);
        return { status: 200, data: stored };
      },
    });
    renderWithClient(
      <UserTimeZoneProvider timeZone="UTC">
        <TaskList filters={{}} filtered={false} />
      </UserTimeZoneProvider>,
    );
    return api;
  }

  const edit = async (user: ReturnType<typeof userEvent.setup>) => {
    const item = await screen.findByRole('listitem');
    await user.click(within(item).getByRole('button', { name: /^Edit/ }));
    return screen.getByRole('form', { name: /^Edit task/ });
  };

  it('opens on the preset the rule is, with its choices', async () => {
    openEditor('FREQ=MONTHLY;BYDAY=-1FR');
    const form = await edit(userEvent.setup());

    expect(within(form).getByLabelText('Repeats')).toHaveDisplayValue('Every month on the…');
    expect(within(form).getByLabelText('Week of month')).toHaveDisplayValue('last');
    expect(within(form).getByLabelText('Day of week')).toHaveDisplayValue('Friday');
  });

  it('opens a rule no preset matches as custom, unchanged, and previews it in the task’s zone', async () => {
    const { calls } = openEditor('FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR');
    const form = await edit(userEvent.setup());

    expect(within(form).getByLabelText('Repeats')).toHaveDisplayValue('Custom rule');
    expect(within(form).getByLabelText('Rule (RRULE)')).toHaveValue(
      'FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR',
    );
    // Read in the task's zone by the server, shown in the user's (UTC here).
    const list = await within(form).findByRole('list', { name: 'Next dates' });
    expect(within(list).getAllByRole('listitem')[0]).toHaveTextContent('Tue 8 Dec, 08:00');
    expect(previews(calls)).toEqual([
      {
        recurrence: 'FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR',
        due_date: '2026-12-25T08:00:00Z',
        time_zone: ZONE,
        limit: 5,
      },
    ]);
  });

  it('sends the rule only when it changed; "does not repeat" clears it', async () => {
    const { calls } = openEditor('FREQ=YEARLY');
    const user = userEvent.setup();
    let form = await edit(user);

    await user.type(within(form).getByLabelText('Title'), '!');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    await screen.findByRole('heading', { name: 'Write report!' });

    form = await edit(user);
    await user.selectOptions(within(form).getByLabelText('Repeats'), 'Does not repeat');
    await user.click(within(form).getByRole('button', { name: 'Save' }));

    await waitFor(() => {
      expect(calls.filter((c) => c.method === 'PATCH').map((c) => c.body)).toEqual([
        { title: 'Write report!' },
        { recurrence: null },
      ]);
    });
  });
});
