import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTask } from '@/testing/fixtures';
import { mockApi, resetApi } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import type { Task } from '@/types/api';
import { TaskList } from '../task-list';

function serve(task: Task) {
  let stored = task;
  return mockApi({
    'GET /tasks': () => ({ status: 200, data: { items: [stored], next_cursor: null } }),
    'PATCH /tasks/1': (request) => {
      stored = { ...stored, ...(request.body as Partial<Task>), version: stored.version + 1 };
      return { status: 200, data: stored };
    },
  });
}

const renderList = () => renderWithClient(<TaskList filters={{}} filtered={false} />);

async function openEditor(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: /^Edit/ }));
  return screen.findByRole('form', { name: 'Edit task Write report' });
}

describe('the edit form’s draft', () => {
  afterEach(resetApi);

  it('comes back when the form comes back (the page was left when the session ended)', async () => {
    serve(makeTask({ version: 2 }));
    const user = userEvent.setup();
    const first = renderList();
    const form = await openEditor(user);
    await user.type(within(form).getByLabelText('Description'), 'Half done');
    first.unmount();

    renderList();
    const again = await openEditor(user);
    expect(within(again).getByLabelText('Description')).toHaveValue('Half done');
  });

  it('goes once saved, or cancelled', async () => {
    const { calls } = serve(makeTask({ version: 2 }));
    const user = userEvent.setup();
    renderList();
    let form = await openEditor(user);
    await user.type(within(form).getByLabelText('Description'), 'Saved text');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    await screen.findByRole('button', { name: /^Edit/ });
    expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(1);
    expect(window.sessionStorage.length).toBe(0);

    form = await openEditor(user);
    await user.type(within(form).getByLabelText('Title'), ' later');
    await user.click(within(form).getByRole('button', { name: 'Cancel' }));
    expect(window.sessionStorage.length).toBe(0);
  });
});
