import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Task } from '@/types/api';
import { mockApi, resetApi, type MockHandler } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import { TaskList } from '../task-list';
import { makeTask } from '@/testing/fixtures';

const task = (id: number, title: string): Task => makeTask({ id, title });

/** A fake server holding `tasks`: GET (with the `completed` filter), PATCH and DELETE. */
function serve(tasks: Task[]) {
  let stored = [...tasks];
  const routes: Record<string, MockHandler> = {
    'GET /tasks': (request) => {
      const { completed } = request.params as { completed?: boolean };
      const items = stored.filter((t) => completed === undefined || t.completed === completed);
      return { status: 200, data: { items, next_cursor: null } };
    },
  };
  for (const { id } of tasks) {
    routes[`PATCH /tasks/${id}`] = (request) => {
      stored = stored.map((t) => (t.id === id ? { ...t, ...(request.body as Partial<Task>) } : t));
      return { status: 200, data: stored.find((t) => t.id === id) };
    };
    routes[`DELETE /tasks/${id}`] = () => {
      stored = stored.filter((t) => t.id !== id);
      return { status: 204 };
    };
  }
  return mockApi(routes);
}

const itemOf = (title: string) => {
  const item = screen.getByRole('heading', { name: title }).closest('li');
  if (!item) throw new Error(`no task item for ${title}`);
  return item;
};

/** A task's Edit or Delete button (jsdom drops the space before the hidden title in its name). */
const actionOf = (action: 'Edit' | 'Delete', title: string) =>
  within(itemOf(title)).getByRole('button', { name: new RegExp(`^${action}`) });

describe('TaskList: where focus goes', () => {
  afterEach(resetApi);

  it('puts focus in the editor’s title; Escape closes it unsaved and goes back to Edit', async () => {
    const { calls } = serve([task(1, 'Write report')]);
    const user = userEvent.setup();
    renderWithClient(<TaskList filters={{}} filtered={false} />);

    await screen.findByRole('list', { name: 'Tasks' });
    await user.click(actionOf('Edit', 'Write report'));
    const form = screen.getByRole('form', { name: 'Edit task Write report' });
    const title = within(form).getByLabelText('Title');
    expect(title).toHaveFocus();

    await user.type(title, ' draft');
    await user.keyboard('{Escape}');

    expect(screen.queryByRole('form', { name: 'Edit task Write report' })).not.toBeInTheDocument();
    expect(actionOf('Edit', 'Write report')).toHaveFocus();
    expect(screen.getByRole('heading', { name: 'Write report' })).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(0);
  });

  it('goes back to the task’s Edit button after a save', async () => {
    serve([task(1, 'Write report')]);
    const user = userEvent.setup();
    renderWithClient(<TaskList filters={{}} filtered={false} />);

    await screen.findByRole('list', { name: 'Tasks' });
    await user.click(actionOf('Edit', 'Write report'));
    const title = screen.getByLabelText('Title');
    await user.clear(title);
    await user.type(title, 'Write final report');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => {
      expect(actionOf('Edit', 'Write final report')).toHaveFocus();
    });
  });

  it('moves to the next task after a delete, else the previous one, else the heading', async () => {
    serve([task(1, 'Buy milk'), task(2, 'Pay rent'), task(3, 'Call the bank')]);
    const user = userEvent.setup();
    renderWithClient(<TaskList filters={{}} filtered={false} />);

    await screen.findByRole('list', { name: 'Tasks' });
    const remove = async (title: string) => {
      await user.click(actionOf('Delete', title));
      await waitFor(() => {
        expect(screen.queryByRole('heading', { name: title })).not.toBeInTheDocument();
      });
    };

    await remove('Pay rent');
    expect(itemOf('Call the bank')).toHaveFocus();
    await remove('Call the bank');
    expect(itemOf('Buy milk')).toHaveFocus();
    await remove('Buy milk');
    expect(await screen.findByText(/No tasks yet/)).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Your tasks' })).toHaveFocus();
  });

  it('moves to the next task when a completed one leaves the list of active tasks', async () => {
    serve([task(1, 'Buy milk'), task(2, 'Pay rent')]);
    const user = userEvent.setup();
    renderWithClient(<TaskList filters={{ completed: false }} filtered />);

    await user.click(await screen.findByRole('checkbox', { name: 'Completed: Buy milk' }));

    await waitFor(() => {
      expect(screen.queryByRole('heading', { name: 'Buy milk' })).not.toBeInTheDocument();
    });
    expect(itemOf('Pay rent')).toHaveFocus();
  });
});
