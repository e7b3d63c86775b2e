import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { UserTimeZoneProvider } from '@/hooks/use-user-time-zone';
import { makeTask } from '@/testing/fixtures';
import { mockApi, resetApi } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import type { Completion, Task } from '@/types/api';
import { TaskList } from '../task-list';

const weekly = makeTask({ due_date: '2026-12-15T08:00:00Z', recurrence: 'FREQ=WEEKLY;BYDAY=TU' });

function openEditor(task: Task, pages: Record<string, Completion[]>) {
  const api = mockApi({
    'GET /tasks': () => ({ status: 200, data: { items: [task], next_cursor: null } }),
    'GET /occurrences': () => ({ status: 200, data: { items: [] } }),
    'GET /tasks/1/completions': (request) => {
      const cursor = (request.params as { cursor?: string }).cursor ?? 'first';
      return {
        status: 200,
        data: {
          items: pages[cursor] ?? [],
          next_cursor: cursor === 'first' && pages.more ? 'more' : null,
        },
      };
    },
  });
  renderWithClient(
    <UserTimeZoneProvider timeZone="Europe/Berlin">
      <TaskList filters={{}} filtered={false} />
    </UserTimeZoneProvider>,
  );
  return api;
}

const edit = async (user: ReturnType<typeof userEvent.setup>) => {
  const item = await screen.findByRole('listitem');
  await user.click(within(item).getByRole('button', { name: /^Edit/ }));
};

describe('the history of a repeating task', () => {
  afterEach(resetApi);

  it('lists its completions in the edit view, newest first, and older ones on request', async () => {
    openEditor(weekly, {
      first: [
        { due_date: '2026-12-08T08:00:00Z', completed_at: '2026-12-08T10:30:00Z', completed_by: 1 },
      ],
      more: [
        { due_date: '2026-12-01T08:00:00Z', completed_at: '2026-12-01T09:15:00Z', completed_by: 1 },
      ],
    });
    const user = userEvent.setup();
    await edit(user);

    const history = await screen.findByRole('region', { name: 'History' });
    const list = await within(history).findByRole('list', { name: 'History' });
    expect(within(list).getAllByRole('listitem')[0]).toHaveTextContent(
      /^Done Tue 8 Dec( 2026)?, 11:30 \(due Tue 8 Dec( 2026)?, 09:00\)$/,
    );
    await user.click(within(history).getByRole('button', { name: 'Show older' }));
    await waitFor(() => {
      expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    });
    expect(within(list).getAllByRole('listitem')[1]).toHaveTextContent(/^Done Tue 1 Dec/);
    expect(within(history).queryByRole('button', { name: 'Show older' })).not.toBeInTheDocument();
  });

  it('says when there is none yet', async () => {
    openEditor(weekly, {});
    const user = userEvent.setup();
    await edit(user);
    const history = await screen.findByRole('region', { name: 'History' });
    expect(await within(history).findByText('Not completed yet.')).toBeInTheDocument();
  });

  it('is not asked for on a plain task', async () => {
    const { calls } = openEditor(makeTask(), {});
    const user = userEvent.setup();
    await edit(user);
    expect(screen.getByRole('form', { name: 'Edit task Write report' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'History' })).not.toBeInTheDocument();
    expect(calls.some((c) => c.url.endsWith('/completions'))).toBe(false);
  });
});
