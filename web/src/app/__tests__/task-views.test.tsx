import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appRoutes, INBOX, ME } from '@/testing/app-api';
import { makeProject, makeTask } from '@/testing/fixtures';
import { mockApi, resetApi, type RecordedRequest } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import { routes } from '../router';

const HOME = makeProject({ id: 7, name: 'Home' });

function renderAt(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const rendered = renderWithClient(<RouterProvider router={router} />);
  return { router, ...rendered };
}

const taskQueries = (calls: RecordedRequest[]) =>
  calls.filter((c) => c.method === 'GET' && c.url === '/tasks').map((c) => c.params);

describe('the task views', () => {
  beforeEach(() => {
    localStorage.clear();
    // Tuesday 1 December 2026, 10:00 in Berlin (the user's zone).
    vi.useFakeTimers({ now: Date.parse('2026-12-01T09:00:00Z'), toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
    resetApi();
  });

  const berlin = () => {
    const routes = appRoutes({ projects: [INBOX, HOME] });
    return {
      ...routes,
      'GET /users/me': () => ({ status: 200, data: { ...ME, time_zone: 'Europe/Berlin' } }),
    };
  };

  it('/ opens Today: overdue first under its own heading, then today’s', async () => {
    const { calls } = mockApi({
      ...berlin(),
      'GET /tasks': () => ({
        status: 200,
        data: {
          items: [
            makeTask({ id: 1, title: 'Pay rent', due_date: '2026-11-30T09:00:00Z' }),
            makeTask({ id: 2, title: 'Call mum', due_date: '2026-12-01T17:00:00Z' }),
          ],
          next_cursor: null,
        },
      }),
    });
    const { router } = renderAt('/');
    expect(await screen.findByRole('heading', { name: 'Today', level: 1 })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/today');
    await waitFor(() => expect(document.title).toBe('Today — Task Tracker'));
    // Before tomorrow starts in Berlin: 23:00 UTC.
    await waitFor(() =>
      expect(taskQueries(calls).at(-1)).toMatchObject({
        completed: false,
        due_before: '2026-12-01T23:00:00Z',
        sort: 'due_date',
      }),
    );
    const list = await screen.findByRole('list', { name: 'Tasks' });
    await within(list).findByRole('heading', { name: 'Pay rent' });
    const order = within(list)
      .getAllByRole('heading')
      .map((h) => h.textContent);
    expect(order).toEqual(['Overdue', 'Pay rent', 'Today', 'Call mum']);
    // Today's order is the point of the view: no sort or status controls.
    expect(screen.queryByRole('combobox', { name: 'Sort by' })).toBeNull();
    expect(screen.getByRole('searchbox', { name: 'Search' })).toBeInTheDocument();
  });

  it('Upcoming asks for the next 7 days and groups them by day', async () => {
    const { calls } = mockApi({
      ...berlin(),
      'GET /tasks': () => ({
        status: 200,
        data: {
          items: [
            makeTask({ id: 1, title: 'Stand-up', due_date: '2026-12-01T15:00:00Z' }),
            makeTask({ id: 2, title: 'Dentist', due_date: '2026-12-02T08:00:00Z' }),
            makeTask({ id: 3, title: 'Party', due_date: '2026-12-05T18:00:00Z' }),
          ],
          next_cursor: null,
        },
      }),
    });
    renderAt('/upcoming');
    expect(await screen.findByRole('heading', { name: 'Upcoming', level: 1 })).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe('Upcoming — Task Tracker'));
    await waitFor(() =>
      expect(taskQueries(calls).at(-1)).toMatchObject({
        completed: false,
        due_after: '2026-11-30T23:00:00Z',
        due_before: '2026-12-07T23:00:00Z',
        sort: 'due_date',
      }),
    );
    const list = await screen.findByRole('list', { name: 'Tasks' });
    await within(list).findByRole('heading', { name: 'Party' });
    expect(
      within(list)
        .getAllByRole('heading')
        .map((h) => h.textContent),
    ).toEqual(['Today', 'Stand-up', 'Tomorrow', 'Dentist', 'Saturday 5 December', 'Party']);
  });

  it('Completed asks for completed tasks, newest first', async () => {
    const { calls } = mockApi(berlin());
    renderAt('/completed');
    expect(await screen.findByRole('heading', { name: 'Completed', level: 1 })).toBeInTheDocument();
    await waitFor(() =>
      expect(taskQueries(calls).at(-1)).toEqual(
        expect.objectContaining({ completed: true, sort: '-created_at' }),
      ),
    );
    expect(await screen.findByText('No completed tasks yet.')).toBeInTheDocument();
  });

  it('a project lists open tasks first, the completed folded under "Completed (n)"', async () => {
    const tasks = [
      makeTask({ id: 1, project_id: HOME.id, title: 'Fix the tap' }),
      makeTask({ id: 2, project_id: HOME.id, title: 'Paint the door', completed: true }),
    ];
    mockApi({ ...appRoutes({ projects: [INBOX, HOME], tasks }) });
    const user = userEvent.setup({ advanceTimers: () => undefined });
    renderAt('/tasks/projects/7');
    expect(await screen.findByRole('heading', { name: 'Home', level: 1 })).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe('Home — Task Tracker'));
    const fold = await screen.findByRole('button', { name: 'Completed (1)' });
    expect(fold).toHaveAttribute('aria-expanded', 'false');
    expect(screen.getByRole('heading', { name: 'Fix the tap' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Paint the door' })).toBeNull();

    await user.click(fold);
    expect(fold).toHaveAttribute('aria-expanded', 'true');
    // The tasks in order: the open one, then (after the fold's own item) the completed one.
    const items = within(screen.getByRole('list', { name: 'Tasks' })).getAllByRole('listitem');
    expect(items.map((li) => li.getAttribute('data-task-id'))).toEqual(['1', null, '2']);

    await user.click(fold);
    expect(screen.queryByRole('heading', { name: 'Paint the door' })).toBeNull();
  });

  it('a task in both answers (mid-refetch after a toggle) shows once, in the open part', async () => {
    const both = makeTask({ id: 3, project_id: HOME.id, title: 'Water the plants' });
    const { calls } = mockApi({
      ...appRoutes({ projects: [INBOX, HOME] }),
      'GET /tasks': (request) => {
        const { completed } = request.params as { completed?: boolean };
        const item = completed ? { ...both, completed: true } : both;
        return { status: 200, data: { items: [item], next_cursor: null } };
      },
    });
    renderAt('/tasks/projects/7');
    await screen.findByRole('heading', { name: 'Water the plants' });
    await waitFor(() => expect(taskQueries(calls).length).toBeGreaterThanOrEqual(2));
    expect(screen.getAllByRole('heading', { name: 'Water the plants' })).toHaveLength(1);
    expect(screen.queryByRole('button', { name: /^Completed \(/ })).toBeNull();
  });

  it('the sidebar shows each view’s and project’s count, overdue apart', async () => {
    mockApi({
      ...berlin(),
      'GET /tasks/counts': () => ({
        status: 200,
        data: {
          overdue: 2,
          today: 5,
          upcoming: 9,
          assigned: 1,
          completed: 4,
          projects: [
            { project_id: INBOX.id, open: 6 },
            { project_id: HOME.id, open: 3 },
          ],
        },
      }),
    });
    renderAt('/today');
    const sidebar = await screen.findByRole('navigation', { name: 'Projects' });
    const views = within(sidebar).getByRole('list', { name: 'Views' });
    await within(views).findByText('Upcoming');
    await waitFor(() => expect(within(sidebar).getByTestId('count-upcoming')).toBeInTheDocument());
    const row = (name: string) =>
      within(sidebar).getByRole('link', { name }).closest('li')?.textContent;
    expect(row('Today')).toBe('Today2 overdue5 open');
    expect(row('Upcoming')).toBe('Upcoming9 open');
    expect(row('Assigned to me')).toBe('Assigned to me1 open');
    expect(row('Completed')).toBe('Completed4 completed');
    expect(row('All tasks')).toBe('All tasks9 open');
    expect(row('Inbox')).toBe('Inbox6 open');
    expect(row('Home')).toBe('Home3 open');
    expect(within(sidebar).getByTestId('count-overdue')).toHaveClass('nav-count-overdue');
  });

  it('the counts are fetched again when a task changes', async () => {
    let asked = 0;
    const { calls } = mockApi({
      ...appRoutes({ projects: [INBOX], tasks: [makeTask({ id: 1, title: 'Fix the tap' })] }),
      'GET /tasks/counts': () => {
        asked += 1;
        return {
          status: 200,
          data: {
            overdue: 0,
            today: 0,
            upcoming: 0,
            assigned: 0,
            completed: asked > 1 ? 1 : 0,
            projects: [{ project_id: INBOX.id, open: asked > 1 ? 0 : 1 }],
          },
        };
      },
      'PATCH /tasks/1': () => ({
        status: 200,
        data: makeTask({ id: 1, title: 'Fix the tap', completed: true }),
      }),
    });
    const user = userEvent.setup({ advanceTimers: () => undefined });
    renderAt('/tasks');
    const sidebar = await screen.findByRole('navigation', { name: 'Projects' });
    await waitFor(() =>
      expect(within(sidebar).getByTestId('count-completed')).toHaveTextContent('0'),
    );
    await user.click(await screen.findByRole('checkbox', { name: 'Completed: Fix the tap' }));
    await waitFor(() =>
      expect(within(sidebar).getByTestId('count-completed')).toHaveTextContent('1'),
    );
    expect(within(sidebar).getByTestId('count-all')).toHaveTextContent('0');
    expect(calls.filter((c) => c.url === '/tasks/counts').length).toBe(2);
  });
});
