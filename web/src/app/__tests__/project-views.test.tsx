import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { appRoutes, INBOX } from '@/testing/app-api';
import { makeMember, makeProject, makeTask } from '@/testing/fixtures';
import { mockApi, resetApi, type RecordedRequest } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import { routes } from '../router';

const HOME = makeProject({ id: 7, name: 'Home' });
const SHARED = makeProject({ id: 9, name: 'Shared', role: 'viewer', owner_id: 2 });

function renderAt(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  renderWithClient(<RouterProvider router={router} />);
  return router;
}

const taskQueries = (calls: RecordedRequest[]) =>
  calls.filter((c) => c.method === 'GET' && c.url === '/tasks').map((c) => c.params);

describe('the project views', () => {
  afterEach(resetApi);

  it('filters the list by the project selected in the sidebar, and keeps it in the URL', async () => {
    const { calls } = mockApi(appRoutes({ projects: [INBOX, HOME] }));
    const router = renderAt('/tasks');
    const user = userEvent.setup();
    const sidebar = await screen.findByRole('navigation', { name: 'Projects' });
    // Every project's open tasks, and the completed ones folded under them.
    await waitFor(() => expect(taskQueries(calls)).toHaveLength(2));
    expect(taskQueries(calls)).toEqual([
      expect.objectContaining({ completed: false }),
      expect.objectContaining({ completed: true }),
    ]);
    expect(taskQueries(calls)[0]).not.toHaveProperty('project_id');

    await user.click(within(sidebar).getByRole('link', { name: 'Home' }));
    expect(router.state.location.pathname).toBe('/tasks/projects/7');
    await waitFor(() => expect(taskQueries(calls).at(-1)).toMatchObject({ project_id: 7 }));
    expect(await screen.findByRole('heading', { name: 'Home', level: 1 })).toBeInTheDocument();
    expect(within(sidebar).getByRole('link', { name: 'Home' })).toHaveAttribute(
      'aria-current',
      'page',
    );

    await user.click(within(sidebar).getByRole('link', { name: 'Assigned to me' }));
    await waitFor(() => expect(taskQueries(calls).at(-1)).toMatchObject({ assignee: 'me' }));
    expect(taskQueries(calls).at(-1)).not.toHaveProperty('project_id');
  });

  it('opens on the project the URL names (a reload keeps the view)', async () => {
    const { calls } = mockApi(appRoutes({ projects: [INBOX, HOME] }));
    renderAt('/tasks/projects/7?label=work');
    expect(await screen.findByRole('heading', { name: 'Home', level: 1 })).toBeInTheDocument();
    await waitFor(() =>
      expect(taskQueries(calls).at(-1)).toMatchObject({ project_id: 7, label: ['work'] }),
    );
  });

  it('creates a task in the selected project, and in the inbox from "All tasks"', async () => {
    const { calls } = mockApi({
      ...appRoutes({ projects: [INBOX, HOME] }),
      'POST /tasks': (request) => ({
        status: 201,
        data: makeTask({ id: 5, ...(request.body as object) }),
      }),
    });
    const user = userEvent.setup();
    renderAt('/tasks/projects/7');
    await user.type(
      await screen.findByRole('combobox', { name: 'Quick add' }),
      'Fix the tap{Enter}',
    );
    await screen.findByText('Added “Fix the tap”.');

    await user.click(screen.getByRole('link', { name: 'All tasks' }));
    await screen.findByRole('heading', { name: 'All tasks', level: 1 });
    await user.type(await screen.findByRole('combobox', { name: 'Quick add' }), 'Buy milk{Enter}');
    await screen.findByText('Added “Buy milk”.');

    const posts = calls.filter((c) => c.method === 'POST' && c.url === '/tasks');
    expect(posts.map((c) => c.body)).toEqual([
      expect.objectContaining({ title: 'Fix the tap', project_id: 7 }),
      expect.objectContaining({ title: 'Buy milk', project_id: INBOX.id }),
    ]);
  });

  it('gives a viewer no controls on the tasks of their project, in "All projects" too', async () => {
    const mine = makeTask({ id: 1, project_id: INBOX.id, title: 'Mine' });
    const theirs = makeTask({ id: 2, project_id: SHARED.id, title: 'Theirs', created_by: 2 });
    mockApi(
      appRoutes({
        projects: [INBOX, SHARED],
        tasks: [mine, theirs],
        members: {
          [SHARED.id]: [
            makeMember({ user_id: 2, email: 'owner@example.com', role: 'owner' }),
            makeMember({ role: 'viewer' }),
          ],
        },
      }),
    );
    renderAt('/tasks');
    // In "All projects", each task line follows its own project's role.
    const line = async (title: string) =>
      (await screen.findByRole('heading', { name: title })).closest('li') ?? document.body;
    const mineLine = await line('Mine');
    await waitFor(() => expect(within(mineLine).getByRole('checkbox')).toBeInTheDocument());
    const theirsLine = await line('Theirs');
    expect(within(theirsLine).queryByRole('checkbox')).toBeNull();
    expect(within(theirsLine).queryByRole('button')).toBeNull();
  });

  it('shows a viewer the project without a new-task form', async () => {
    const theirs = makeTask({ id: 2, project_id: SHARED.id, title: 'Theirs', created_by: 2 });
    mockApi(appRoutes({ projects: [INBOX, SHARED], tasks: [theirs] }));
    renderAt('/tasks/projects/9');
    expect(await screen.findByRole('heading', { name: 'Shared', level: 1 })).toBeInTheDocument();
    await screen.findByText('Theirs');
    expect(screen.getByText(/you can read this project’s tasks/)).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'New task' })).toBeNull();
    expect(screen.queryByRole('combobox', { name: 'Quick add' })).toBeNull();
    expect(screen.queryByRole('checkbox', { name: /Completed/ })).toBeNull();
  });
});
