import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Task } from '@/types/api';
import { apiError, mockApi, resetApi } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import { TaskList } from '../task-list';
import { makeTask } from '@/testing/fixtures';

const initial: Task = makeTask({ description: 'Q4 numbers', priority: 'high', version: 3 });

/** A fake server holding one task, with the API's version check on PATCH and DELETE. */
function serve() {
  let stored: Task | null = initial;
  const matches = (ifMatch: string | null) =>
    ifMatch === null || ifMatch === `"${String(stored?.version)}"`;
  const api = mockApi({
    'GET /tasks': () => ({
      status: 200,
      data: { items: stored ? [stored] : [], next_cursor: null },
    }),
    'PATCH /tasks/1': (request) => {
      if (!stored) return apiError(404, 'not_found', 'No such task.');
      if (!matches(request.ifMatch)) {
        return apiError(412, 'precondition_failed', 'The task has changed since.');
      }
      stored = { ...stored, ...(request.body as Partial<Task>), version: stored.version + 1 };
      return { status: 200, data: stored, headers: { etag: `"${stored.version}"` } };
    },
    'DELETE /tasks/1': (request) => {
      if (!stored) return apiError(404, 'not_found', 'No such task.');
      if (!matches(request.ifMatch)) {
        return apiError(412, 'precondition_failed', 'The task has changed since.');
      }
      stored = null;
      return { status: 204 };
    },
  });
  return {
    ...api,
    /** Someone changes the task in another tab, unseen by this one. */
    changeElsewhere: (changes: Partial<Task>) => {
      if (stored) stored = { ...stored, ...changes, version: stored.version + 1 };
    },
    count: (method: string) => api.calls.filter((c) => c.method === method).length,
  };
}

const openEditor = async (user: ReturnType<typeof userEvent.setup>) => {
  const item = await screen.findByRole('listitem');
  await user.click(within(item).getByRole('button', { name: /^Edit/ }));
  return screen.getByRole('form', { name: 'Edit task Write report' });
};

describe('TaskList: a change made elsewhere is never overwritten', () => {
  afterEach(resetApi);

  it('saves an edit on the version the form was opened on', async () => {
    const server = serve();
    const user = userEvent.setup();
    renderWithClient(<TaskList filters={{}} filtered={false} />);

    const form = await openEditor(user);
    await user.clear(within(form).getByLabelText('Title'));
    await user.type(within(form).getByLabelText('Title'), 'Write final report');
    await user.click(within(form).getByRole('button', { name: 'Save' }));

    expect(await screen.findByRole('heading', { name: 'Write final report' })).toBeInTheDocument();
    const patch = server.calls.find((c) => c.method === 'PATCH');
    expect(patch?.ifMatch).toBe('"3"');
    expect(patch?.body).toEqual({ title: 'Write final report' });
  });

  it('on a 412, reloads the task into the open form and keeps the unsaved edit in view', async () => {
    const server = serve();
    const user = userEvent.setup();
    renderWithClient(<TaskList filters={{}} filtered={false} />);

    const form = await openEditor(user);
    server.changeElsewhere({ title: 'Write the board report', priority: 'urgent' });
    await user.clear(within(form).getByLabelText('Title'));
    await user.type(within(form).getByLabelText('Title'), 'Write final report');
    await user.click(within(form).getByRole('button', { name: 'Save' }));

    const reloaded = await screen.findByRole('form', { name: 'Edit task Write the board report' });
    const alert = within(reloaded).getByRole('alert');
    expect(alert).toHaveTextContent(
      'This task was changed elsewhere — reloaded the latest version.',
    );
    expect(within(alert).getByText('Write final report')).toBeInTheDocument();
    expect(within(reloaded).getByLabelText('Title')).toHaveValue('Write the board report');
    expect(within(reloaded).getByLabelText('Priority')).toHaveValue('urgent');
    expect(server.count('PATCH')).toBe(1);
    expect(server.count('GET')).toBe(2);

    // Saving again goes out on the reloaded version, and keeps the other change.
    await user.clear(within(reloaded).getByLabelText('Title'));
    await user.type(within(reloaded).getByLabelText('Title'), 'Write final report');
    await user.click(within(reloaded).getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('heading', { name: 'Write final report' })).toBeInTheDocument();
    expect(server.calls.filter((c) => c.method === 'PATCH').map((c) => c.ifMatch)).toEqual([
      '"3"',
      '"4"',
    ]);
    expect(screen.getByText('Urgent')).toBeInTheDocument();
  });

  it('on a 412, keeps the task it was asked to delete and shows it as it is now', async () => {
    const server = serve();
    const user = userEvent.setup();
    renderWithClient(<TaskList filters={{}} filtered={false} />);

    const item = await screen.findByRole('listitem');
    server.changeElsewhere({ title: 'Write the board report' });
    await user.click(within(item).getByRole('button', { name: /^Delete/ }));

    expect(
      await screen.findByRole('heading', { name: 'Write the board report' }),
    ).toBeInTheDocument();
    await waitFor(() => {
      expect(screen.getByRole('alert')).toHaveTextContent(
        'Could not delete “Write the board report”: it was changed elsewhere — reloaded the latest version.',
      );
    });
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
    expect(server.calls.filter((c) => c.method === 'DELETE').map((c) => c.ifMatch)).toEqual([
      '"3"',
    ]);
    expect(server.count('GET')).toBe(2);
  });
});
