import { focusManager } from '@tanstack/react-query';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { apiError, mockApi, resetApi } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import { NotificationBell } from '../notification-bell';

const reminder = {
  id: 3,
  task_id: 7,
  kind: 'task_reminder',
  message: 'Reminder: Write report is due soon',
  fires_at: '2026-11-25T12:00:00Z',
  created_at: '2026-11-25T12:00:00Z',
  read_at: null,
};

describe('NotificationBell', () => {
  afterEach(() => {
    resetApi();
    focusManager.setFocused(undefined);
  });

  it('counts unread reminders and lists them', async () => {
    mockApi({
      'GET /notifications': () => ({
        status: 200,
        data: { items: [reminder], next_cursor: null },
      }),
    });
    const user = userEvent.setup();
    renderWithClient(
      <MemoryRouter>
        <NotificationBell />
      </MemoryRouter>,
    );

    const bell = await screen.findByRole('button', { name: 'Notifications, 1 unread' });
    await user.click(bell);

    const panel = screen.getByRole('region', { name: 'Notifications' });
    expect(await within(panel).findByText(reminder.message)).toBeInTheDocument();
    expect(within(panel).getByRole('button', { name: 'Mark read' })).toBeInTheDocument();
  });

  it('looks for new reminders when the user comes back to the page', async () => {
    let unread: (typeof reminder)[] = [];
    mockApi({
      'GET /notifications': () => ({ status: 200, data: { items: unread, next_cursor: null } }),
    });
    renderWithClient(
      <MemoryRouter>
        <NotificationBell />
      </MemoryRouter>,
    );
    await screen.findByRole('button', { name: 'Notifications' });

    // A reminder is sent while the page is in the background, where polling pauses.
    act(() => {
      focusManager.setFocused(false);
    });
    unread = [reminder];
    act(() => {
      focusManager.setFocused(true);
    });

    await waitFor(() => {
      expect(screen.getByTestId('unread-count')).toHaveTextContent('1');
    });
  });

  it('shows a failed load as an error to retry, a 404 like any other', async () => {
    let fail = true;
    mockApi({
      'GET /notifications': () =>
        fail
          ? apiError(404, 'not_found', 'Not found.')
          : { status: 200, data: { items: [reminder], next_cursor: null } },
    });
    const user = userEvent.setup();
    renderWithClient(
      <MemoryRouter>
        <NotificationBell />
      </MemoryRouter>,
    );

    await user.click(screen.getByRole('button', { name: 'Notifications' }));
    const panel = screen.getByRole('region', { name: 'Notifications' });
    expect(await within(panel).findByRole('alert')).toHaveTextContent('Not found.');

    fail = false;
    await user.click(within(panel).getByRole('button', { name: 'Try again' }));
    expect(await within(panel).findByText(reminder.message)).toBeInTheDocument();
  });
});
