import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useShortcuts } from '@/app/hooks/use-shortcuts';
import { Toaster, toast } from '@/components/ui/toast';
import { TaskList } from '@/features/tasks/components/task-list';
import { makeTask } from '@/testing/fixtures';
import { resetApi } from '@/testing/mock-api';
import { serveTasks } from '@/testing/task-server';
import { renderWithClient } from '@/testing/test-utils';

function Page() {
  useShortcuts();
  return (
    <>
      <TaskList filters={{}} filtered={false} />
      <Toaster />
    </>
  );
}

const itemOf = (title: string) => {
  const item = screen.getByRole('heading', { name: title }).closest('li');
  if (!item) throw new Error(`no task item for ${title}`);
  return item;
};

describe('The keyboard path through the task list', () => {
  beforeEach(() => {
    act(() => toast.clear());
  });
  afterEach(resetApi);

  it('x completes the focused task and focus stays on it; z undoes', async () => {
    const server = serveTasks([
      makeTask({ id: 1, title: 'Buy milk' }),
      makeTask({ id: 2, title: 'Pay rent' }),
    ]);
    const user = userEvent.setup();
    renderWithClient(<Page />);

    await screen.findByRole('heading', { name: 'Pay rent' });
    await user.keyboard('jj');
    expect(itemOf('Pay rent')).toHaveFocus();
    await user.keyboard('x');

    expect(await screen.findByText('Task completed')).toBeInTheDocument();
    expect(within(itemOf('Pay rent')).getByRole('checkbox')).toBeChecked();
    expect(itemOf('Pay rent')).toHaveFocus();

    await user.keyboard('z');
    await waitFor(() => {
      expect(server.tasks().find((t) => t.id === 2)?.completed).toBe(false);
    });
    expect(itemOf('Pay rent')).toHaveFocus();
  });

  it('e edits the focused task in place; Enter saves and focus is back on the task', async () => {
    serveTasks([makeTask({ id: 1, title: 'Buy milk' })]);
    const user = userEvent.setup();
    renderWithClient(<Page />);

    await screen.findByRole('heading', { name: 'Buy milk' });
    await user.keyboard('j');
    await user.keyboard('e');
    const title = screen.getByLabelText('Title');
    expect(title).toHaveFocus();
    expect(title).toHaveValue('Buy milk');

    await user.clear(title);
    await user.type(title, 'Buy oat milk{Enter}');

    expect(await screen.findByRole('heading', { name: 'Buy oat milk' })).toBeInTheDocument();
    await waitFor(() => {
      expect(itemOf('Buy oat milk')).toHaveFocus();
    });
  });

  it('Escape leaves the editor unsaved and focus goes back to the task', async () => {
    const server = serveTasks([makeTask({ id: 1, title: 'Buy milk' })]);
    const user = userEvent.setup();
    renderWithClient(<Page />);

    await screen.findByRole('heading', { name: 'Buy milk' });
    await user.keyboard('je');
    await user.keyboard('{Escape}');

    expect(itemOf('Buy milk')).toHaveFocus();
    expect(server.writes()).toEqual([]);
  });

  it('# deletes the focused task; focus goes to the next one, else the previous, else the heading', async () => {
    const server = serveTasks([
      makeTask({ id: 1, title: 'Buy milk' }),
      makeTask({ id: 2, title: 'Pay rent' }),
      makeTask({ id: 3, title: 'Call the bank' }),
    ]);
    const user = userEvent.setup();
    renderWithClient(<Page />);
    const removeFocused = async (title: string) => {
      await user.keyboard('#');
      await waitFor(() => {
        expect(screen.queryByRole('heading', { name: title })).not.toBeInTheDocument();
      });
    };

    await screen.findByRole('heading', { name: 'Call the bank' });
    await user.keyboard('jj');
    await removeFocused('Pay rent');
    expect(itemOf('Call the bank')).toHaveFocus();
    expect(await screen.findByText('Task deleted')).toBeInTheDocument();

    await removeFocused('Call the bank');
    expect(itemOf('Buy milk')).toHaveFocus();
    await removeFocused('Buy milk');
    // The list's heading, whatever the view names it.
    expect(document.activeElement?.matches('h1, h2')).toBe(true);
    expect(server.writes().map((w) => w.request)).toEqual([
      'DELETE /tasks/2',
      'DELETE /tasks/3',
      'DELETE /tasks/1',
    ]);
  });
});
