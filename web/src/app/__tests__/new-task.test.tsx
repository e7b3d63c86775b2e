import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appRoutes, INBOX } from '@/testing/app-api';
import { makeTask } from '@/testing/fixtures';
import { mockApi, resetApi } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import { toDateTimeLocal } from '@/utils/dates';
import { routes } from '../router';

describe('adding a task', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-01T18:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
    resetApi();
  });

  it('opens the full form from “More options”, started from the quick-add line', async () => {
    const { calls } = mockApi({
      ...appRoutes({ projects: [INBOX] }),
      'POST /tasks': (request) => ({
        status: 201,
        data: makeTask({ id: 5, ...(request.body as object) }),
      }),
    });
    const user = userEvent.setup();
    renderWithClient(
      <RouterProvider router={createMemoryRouter(routes, { initialEntries: ['/tasks'] })} />,
    );
    const line = await screen.findByRole('combobox', { name: 'Quick add' });
    // The full form is one click away, not on the page.
    expect(screen.queryByRole('form', { name: 'New task' })).toBeNull();

    await user.type(line, 'Pay rent tomorrow 9am !high #home every monday');
    const more = screen.getByRole('button', { name: 'More options' });
    await user.click(more);
    expect(more).toHaveAttribute('aria-expanded', 'true');
    const form = await screen.findByRole('form', { name: 'New task' });
    // ME's zone is UTC: tomorrow 09:00 there, shown in the form's local time.
    const due = '2026-12-02T09:00:00Z';
    expect(within(form).getByLabelText('Title')).toHaveValue('Pay rent');
    expect(within(form).getByLabelText('Title')).toHaveFocus();
    expect(within(form).getByLabelText('Due date')).toHaveValue(toDateTimeLocal(due));
    expect(within(form).getByLabelText('Priority')).toHaveValue('high');
    expect(within(form).getByRole('button', { name: 'Remove label home' })).toBeInTheDocument();
    expect(await within(form).findByLabelText('Repeats')).toHaveDisplayValue('Every week on…');
    expect(line).toHaveValue('');

    await user.type(within(form).getByLabelText('Description'), 'By transfer');
    await user.click(within(form).getByRole('button', { name: 'Add task' }));
    await screen.findByText('Added “Pay rent”.');
    const posts = calls.filter((c) => c.method === 'POST' && c.url === '/tasks');
    expect(posts.map((c) => c.body)).toEqual([
      expect.objectContaining({
        title: 'Pay rent',
        description: 'By transfer',
        project_id: INBOX.id,
        due_date: due,
        priority: 'high',
        labels: ['home'],
        recurrence: 'FREQ=WEEKLY;BYDAY=MO',
      }),
    ]);

    await user.click(more);
    expect(screen.queryByRole('form', { name: 'New task' })).toBeNull();
    expect(more).toHaveAttribute('aria-expanded', 'false');
  });
});
