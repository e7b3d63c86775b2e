import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Toaster, toast } from '@/components/ui/toast';
import { makeMember, makeReminder, makeTask } from '@/testing/fixtures';
import { resetApi } from '@/testing/mock-api';
import { serveTasks } from '@/testing/task-server';
import { renderWithClient } from '@/testing/test-utils';
import { TaskAccessContext, type TaskAccess } from '@/features/tasks/hooks/use-task-access';
import { TaskList } from '../task-list';

const renderList = (filters = {}) =>
  renderWithClient(
    <>
      <TaskList filters={filters} filtered={false} />
      <Toaster />
    </>,
  );

const itemOf = (title: string) => {
  const item = screen.getByRole('heading', { name: title }).closest('li');
  if (!item) throw new Error(`no task item for ${title}`);
  return item;
};

const messages = () => within(screen.getByRole('region', { name: 'Messages' }));

describe('Undo', () => {
  beforeEach(() => {
    act(() => toast.clear());
  });
  afterEach(resetApi);

  it('reopens a completed task: PATCH completed false on the version the completion answered', async () => {
    const server = serveTasks([makeTask({ id: 1, title: 'Pay rent', version: 3 })]);
    const user = userEvent.setup();
    renderList();

    await user.click(await screen.findByRole('checkbox', { name: 'Completed: Pay rent' }));
    expect(await messages().findByText('Task completed')).toBeInTheDocument();
    await user.click(messages().getByRole('button', { name: 'Undo' }));

    await waitFor(() => {
      expect(server.tasks()[0]?.completed).toBe(false);
    });
    expect(server.writes()).toEqual([
      { request: 'PATCH /tasks/1', ifMatch: null, body: { completed: true } },
      { request: 'PATCH /tasks/1', ifMatch: '"4"', body: { completed: false } },
    ]);
    await waitFor(() => {
      expect(screen.getByRole('checkbox', { name: 'Completed: Pay rent' })).not.toBeChecked();
    });
    // The Undo button that had focus is gone: focus goes to the task it brought back.
    expect(itemOf('Pay rent')).toHaveFocus();
  });

  it('puts a repeating task back on the date it had before it moved on', async () => {
    const server = serveTasks([
      makeTask({
        id: 1,
        title: 'Stand-up',
        due_date: '2026-12-01T08:00:00.000Z',
        recurrence: 'FREQ=WEEKLY',
        version: 2,
      }),
    ]);
    const user = userEvent.setup();
    renderList();

    await user.click(await screen.findByRole('checkbox', { name: 'Completed: Stand-up' }));
    await user.click(await messages().findByRole('button', { name: 'Undo' }));

    await waitFor(() => {
      expect(server.writes()).toHaveLength(2);
    });
    expect(server.writes()[1]).toEqual({
      request: 'PATCH /tasks/1',
      ifMatch: '"3"',
      body: { due_date: '2026-12-01T08:00:00.000Z' },
    });
    await waitFor(() => {
      expect(server.tasks()[0]).toMatchObject({
        due_date: '2026-12-01T08:00:00.000Z',
        completed: false,
      });
    });
  });

  it('says so, and overwrites nothing, when the task changed elsewhere meanwhile', async () => {
    const server = serveTasks([makeTask({ id: 1, title: 'Pay rent' })]);
    const user = userEvent.setup();
    renderList();

    await user.click(await screen.findByRole('checkbox', { name: 'Completed: Pay rent' }));
    await messages().findByText('Task completed');
    server.changeElsewhere(1, { title: 'Pay the rent' });
    await user.click(messages().getByRole('button', { name: 'Undo' }));

    expect(
      await messages().findByText('Could not undo: the task was changed elsewhere meanwhile.'),
    ).toBeInTheDocument();
    expect(server.tasks()[0]).toMatchObject({ completed: true, title: 'Pay the rent' });
  });

  it('deletes at once, and Undo creates the task again with all its fields', async () => {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const past = new Date(Date.now() - 86_400_000).toISOString();
    const server = serveTasks([
      makeTask({ id: 1, title: 'Buy milk' }),
      makeTask({
        id: 2,
        title: 'Pay rent',
        project_id: 4,
        description: 'Before the 5th',
        due_date: future,
        priority: 'high',
        time_zone: 'Europe/Berlin',
        labels: ['home', 'money'],
        assignee_id: 7,
        reminders: [
          makeReminder({ at: future }, { id: 1 }),
          makeReminder({ at: past }, { id: 2, sent_at: past }),
        ],
        version: 5,
      }),
    ]);
    const user = userEvent.setup();
    renderList();

    await screen.findByRole('heading', { name: 'Pay rent' });
    await user.click(within(itemOf('Pay rent')).getByRole('button', { name: /^Delete/ }));
    await waitFor(() => {
      expect(screen.queryByRole('heading', { name: 'Pay rent' })).not.toBeInTheDocument();
    });
    expect(server.writes()).toEqual([
      { request: 'DELETE /tasks/2', ifMatch: '"5"', body: undefined },
    ]);

    await user.click(await messages().findByRole('button', { name: 'Undo' }));

    expect(await screen.findByRole('heading', { name: 'Pay rent' })).toBeInTheDocument();
    expect(server.writes()[1]).toEqual({
      request: 'POST /tasks',
      ifMatch: null,
      body: {
        project_id: 4,
        title: 'Pay rent',
        description: 'Before the 5th',
        due_date: future,
        priority: 'high',
        time_zone: 'Europe/Berlin',
        labels: ['home', 'money'],
        assignee_id: 7,
        completed: false,
        // The one that already fired would fire again at once: left out.
        reminders: [{ at: future }],
      },
    });
    await waitFor(() => {
      expect(itemOf('Pay rent')).toHaveFocus();
    });
  });

  it('moves a task back to the project it came from, with its assignee', async () => {
    const members = (ids: number[]) => ids.map((user_id) => makeMember({ user_id }));
    const access: TaskAccess = {
      canEdit: () => true,
      // Member 7 is in Home (4), not in Work (5).
      membersOf: (id) => (id === 4 ? members([1, 7]) : members([1])),
      currentUserId: 1,
      movableTo: [
        { id: 4, name: 'Home' },
        { id: 5, name: 'Work' },
      ],
    };
    const server = serveTasks([
      makeTask({ id: 1, title: 'Pay rent', project_id: 4, assignee_id: 7, version: 2 }),
    ]);
    const user = userEvent.setup();
    renderWithClient(
      <TaskAccessContext value={access}>
        <TaskList filters={{ project_id: 4 }} filtered={false} />
        <Toaster />
      </TaskAccessContext>,
    );

    await user.click(await screen.findByRole('button', { name: /^Edit/ }));
    await user.selectOptions(screen.getByLabelText('Project'), 'Work');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await messages().findByText('Moved to Work')).toBeInTheDocument();
    await waitFor(() => {
      expect(screen.queryByRole('heading', { name: 'Pay rent' })).not.toBeInTheDocument();
    });
    await user.click(messages().getByRole('button', { name: 'Undo' }));

    expect(await screen.findByRole('heading', { name: 'Pay rent' })).toBeInTheDocument();
    expect(server.writes()).toEqual([
      {
        request: 'PATCH /tasks/1',
        ifMatch: '"2"',
        body: { project_id: 5, assignee_id: null },
      },
      { request: 'PATCH /tasks/1', ifMatch: '"3"', body: { project_id: 4, assignee_id: 7 } },
    ]);
    expect(server.tasks()[0]).toMatchObject({ project_id: 4, assignee_id: 7 });
  });
});
