import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UserTimeZoneProvider } from '@/hooks/use-user-time-zone';
import { apiError, mockApi, resetApi, type MockHandler } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import type { Notification } from '@/types/api';
import { NotificationBell } from '../notification-bell';

const reminder: Notification = {
  id: 3,
  task_id: 7,
  kind: 'task_reminder',
  message: 'Reminder: Write report is due soon',
  fires_at: '2026-12-01T19:00:00Z',
  created_at: '2026-12-01T19:00:00Z',
  read_at: null,
};

function openBell(snooze: MockHandler) {
  let items = [reminder];
  const api = mockApi({
    'GET /notifications': (request) => {
      const unread = (request.params as { unread?: boolean }).unread === true;
      const shown = unread ? items.filter((n) => n.read_at === null) : items;
      return { status: 200, data: { items: shown, next_cursor: null } };
    },
    'POST /notifications/3/snooze': (request) => {
      const reply = snooze(request);
      items = [{ ...reminder, read_at: '2026-12-01T19:01:00Z' }];
      return reply;
    },
  });
  renderWithClient(
    <MemoryRouter>
      <UserTimeZoneProvider timeZone="Europe/Berlin">
        <NotificationBell />
      </UserTimeZoneProvider>
    </MemoryRouter>,
  );
  return api;
}

const snoozes = (calls: { method: string; url: string; body: unknown }[]) =>
  calls.filter((c) => c.method === 'POST' && c.url.endsWith('/snooze')).map((c) => c.body);

async function chooseSnooze(user: ReturnType<typeof userEvent.setup>, option: string) {
  await user.click(await screen.findByRole('button', { name: /^Notifications/ }));
  const panel = screen.getByRole('region', { name: 'Notifications' });
  await user.click(await within(panel).findByRole('button', { name: 'Snooze' }));
  const options = within(panel).getByRole('group', { name: 'Snooze for' });
  await user.click(within(options).getByRole('button', { name: option }));
  return panel;
}

describe('snoozing a reminder in the bell', () => {
  afterEach(resetApi);

  it('offers 10 minutes, an hour and tomorrow 09:00', async () => {
    openBell(() => ({ status: 204 }));
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /^Notifications/ }));
    const snooze = await screen.findByRole('button', { name: 'Snooze' });
    expect(snooze).toHaveAttribute('aria-expanded', 'false');
    await user.click(snooze);

    expect(snooze).toHaveAttribute('aria-expanded', 'true');
    const options = screen.getByRole('group', { name: 'Snooze for' });
    expect(
      within(options)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Snooze 10 min', 'Snooze 1 h', 'Snooze until tomorrow 09:00']);
  });

  it('sends the minutes, then lists the notifications again, the snoozed one read', async () => {
    const { calls } = openBell(() => ({ status: 204 }));
    const user = userEvent.setup();

    const panel = await chooseSnooze(user, 'Snooze 10 min');

    expect(await within(panel).findByRole('status')).toHaveTextContent(/^Snoozed until /);
    expect(snoozes(calls)).toEqual([{ minutes: 10 }]);
    await waitFor(() => {
      expect(screen.getByRole('button', { name: 'Notifications' })).toBeInTheDocument();
    });
    expect(within(panel).queryByRole('button', { name: 'Mark read' })).not.toBeInTheDocument();
    expect(within(panel).queryByRole('group', { name: 'Snooze for' })).not.toBeInTheDocument();
  });

  it('snoozes until 09:00 tomorrow in the user’s zone', async () => {
    const { calls } = openBell(() => ({ status: 204 }));
    const user = userEvent.setup();
    // 21:00 in Berlin: 09:00 tomorrow there is 12 hours away.
    vi.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-12-01T20:00:00Z'));

    const panel = await chooseSnooze(user, 'Snooze until tomorrow 09:00');

    expect(await within(panel).findByRole('status')).toHaveTextContent(
      'Snoozed until Wed 2 Dec, 09:00.',
    );
    expect(snoozes(calls)).toEqual([{ minutes: 720 }]);
  });

  it('says so when the task is already completed (409)', async () => {
    const { calls } = openBell(() =>
      apiError(409, 'conflict', 'The task is completed: nothing to remind of.'),
    );
    const user = userEvent.setup();

    const panel = await chooseSnooze(user, 'Snooze 1 h');

    expect(await within(panel).findByRole('alert')).toHaveTextContent(
      'Could not snooze: The task is already completed.',
    );
    expect(snoozes(calls)).toEqual([{ minutes: 60 }]);
  });
});
