import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeTask } from '@/testing/fixtures';
import { mockApi, resetApi } from '@/testing/mock-api';
import { stubNotifications } from '@/testing/notifications';
import { renderWithClient } from '@/testing/test-utils';
import type { Notification } from '@/types/api';
import { NotificationBell } from '../notification-bell';

const reminder = (id: number, read = false): Notification => ({
  id,
  task_id: 7,
  kind: 'task_reminder',
  message: `Reminder: Write report (${id})`,
  fires_at: '2026-11-25T12:00:00Z',
  created_at: '2026-11-25T12:00:00Z',
  read_at: read ? '2026-11-25T12:05:00Z' : null,
});

function renderBell() {
  const router = createMemoryRouter([
    { path: '/', element: <NotificationBell /> },
    { path: '/tasks/projects/:projectId', element: <p>Project page</p> },
  ]);
  renderWithClient(<RouterProvider router={router} />);
  return { router, user: userEvent.setup() };
}

async function openPanel(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: /^Notifications/ }));
  return screen.findByRole('region', { name: 'Notifications' });
}

const noNotifications = () => ({ status: 200, data: { items: [], next_cursor: null } });

describe('desktop notifications in the bell', () => {
  afterEach(() => {
    resetApi();
    vi.unstubAllGlobals();
  });

  it('asks the browser for permission only when the user turns them on', async () => {
    const { requestPermission } = stubNotifications('default', 'granted');
    mockApi({ 'GET /notifications': noNotifications });
    const { user } = renderBell();

    const panel = await openPanel(user);
    expect(requestPermission).not.toHaveBeenCalled();
    await user.click(within(panel).getByRole('button', { name: 'Turn on desktop notifications' }));

    expect(requestPermission).toHaveBeenCalledTimes(1);
    expect(await within(panel).findByText('Desktop notifications: on.')).toBeInTheDocument();
    await user.click(within(panel).getByRole('button', { name: 'Turn off desktop notifications' }));
    expect(
      within(panel).getByRole('button', { name: 'Turn on desktop notifications' }),
    ).toBeVisible();
  });

  it('says when the browser blocks them, and offers nothing it cannot do', async () => {
    const { requestPermission } = stubNotifications('default', 'denied');
    mockApi({ 'GET /notifications': noNotifications });
    const { user } = renderBell();

    const panel = await openPanel(user);
    await user.click(within(panel).getByRole('button', { name: 'Turn on desktop notifications' }));

    expect(
      await within(panel).findByText(/Desktop notifications are blocked by the browser/),
    ).toBeInTheDocument();
    expect(within(panel).queryByRole('button', { name: /desktop notifications/ })).toBeNull();
    expect(requestPermission).toHaveBeenCalledTimes(1);
  });
});

describe('the bell’s notifications', () => {
  afterEach(resetApi);

  it('marks all read at once, which empties the unread count', async () => {
    let items = [reminder(1), reminder(2)];
    const { calls } = mockApi({
      'GET /notifications': (request) => {
        const unread = (request.params as { unread?: boolean }).unread === true;
        return {
          status: 200,
          data: { items: unread ? items.filter((n) => !n.read_at) : items, next_cursor: null },
        };
      },
      'POST /notifications/read-all': () => {
        items = items.map((n) => ({ ...n, read_at: '2026-11-25T12:05:00Z' }));
        return { status: 200, data: { marked: 2 } };
      },
    });
    const { user } = renderBell();

    expect(
      await screen.findByRole('button', { name: 'Notifications, 2 unread' }),
    ).toBeInTheDocument();
    const panel = await openPanel(user);
    await user.click(within(panel).getByRole('button', { name: 'Mark all read' }));

    expect(await screen.findByRole('button', { name: 'Notifications' })).toBeInTheDocument();
    expect(screen.queryByTestId('unread-count')).toBeNull();
    expect(calls.filter((c) => c.url === '/notifications/read-all')).toHaveLength(1);
    await waitFor(() =>
      expect(within(panel).queryByRole('button', { name: 'Mark read' })).toBeNull(),
    );
    expect(within(panel).queryByRole('button', { name: 'Mark all read' })).toBeNull();
  });

  it('opens a notification’s task in its project', async () => {
    mockApi({
      'GET /notifications': () => ({
        status: 200,
        data: { items: [reminder(1)], next_cursor: null },
      }),
      'GET /tasks/7': () => ({ status: 200, data: makeTask({ id: 7, project_id: 3 }) }),
    });
    const { router, user } = renderBell();

    const panel = await openPanel(user);
    await user.click(await within(panel).findByRole('button', { name: /^Open task/ }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/tasks/projects/3'));
    expect(router.state.location.search).toBe('?task=7');
  });
});
