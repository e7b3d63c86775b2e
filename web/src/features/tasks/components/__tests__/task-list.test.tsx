import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { Task } from '@/types/api';
import { apiError, delay, mockApi, resetApi } from '@/testing/mock-api';
import { applyAppStyles } from '@/testing/styles';
import { renderWithClient } from '@/testing/test-utils';
import { TaskList } from '../task-list';
import { makeTask } from '@/testing/fixtures';

const task = (overrides: Partial<Task>): Task =>
  makeTask({ description: 'Q4 numbers', priority: 'high', ...overrides });

describe('TaskList: toggling completed', () => {
  afterEach(resetApi);

  it('checks the task at once, then rolls back and says so when the server fails', async () => {
    // The refetch after the failure is held back, so only the rollback can uncheck the box.
    let releaseRefetch: () => void = () => undefined;
    const refetchGate = new Promise<void>((resolve) => {
      releaseRefetch = resolve;
    });
    let lists = 0;
    const { calls } = mockApi({
      'GET /tasks': async () => {
        lists += 1;
        if (lists > 1) await refetchGate;
        return { status: 200, data: { items: [task({})], next_cursor: null } };
      },
      'PATCH /tasks/1': async () => {
        await delay(50);
        return apiError(503, 'unavailable', 'The database cannot be reached.');
      },
    });
    const user = userEvent.setup();
    renderWithClient(<TaskList filters={{ sort: '-created_at' }} filtered={false} />);

    const item = await screen.findByRole('listitem');
    const checkbox = within(item).getByRole('checkbox', { name: 'Completed: Write report' });
    expect(checkbox).not.toBeChecked();

    await user.click(checkbox);
    // Optimistic: checked before the server has answered.
    expect(checkbox).toBeChecked();
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ completed: true });

    await waitFor(() => {
      expect(checkbox).not.toBeChecked();
    });
    expect(await within(item).findByRole('alert')).toHaveTextContent(
      'Could not update “Write report”: The database cannot be reached.',
    );
    expect(lists).toBe(2);
    releaseRefetch();
  });

  it('shows the click in the same event, not a tick later', async () => {
    // A controlled checkbox whose value only changes once the query cache is written (after an
    // await) flips back at the end of the click, so anything reading it at once sees no change.
    // A native click, as a browser delivers it: fireEvent's act() could flush pending updates.
    mockApi({
      'GET /tasks': () => ({ status: 200, data: { items: [task({})], next_cursor: null } }),
      'PATCH /tasks/1': () => ({
        status: 200,
        data: task({ completed: true, completed_at: '2026-11-25T12:01:00Z' }),
      }),
    });
    renderWithClient(<TaskList filters={{ sort: '-created_at' }} filtered={false} />);

    const checkbox = await screen.findByRole('checkbox', { name: 'Completed: Write report' });
    checkbox.click();
    expect(checkbox).toBeChecked();
    expect(checkbox.closest('li')).toHaveClass('completed');

    await waitFor(() => {
      expect(screen.getByRole('checkbox', { name: 'Completed: Write report' })).toBeChecked();
    });
  });

  it('keeps the task checked when the server agrees', async () => {
    let stored = task({});
    mockApi({
      'GET /tasks': () => ({ status: 200, data: { items: [stored], next_cursor: null } }),
      'PATCH /tasks/1': () => {
        stored = task({ completed: true, completed_at: '2026-11-25T12:01:00Z' });
        return { status: 200, data: stored };
      },
    });
    const user = userEvent.setup();
    renderWithClient(<TaskList filters={{ sort: '-created_at' }} filtered={false} />);

    const checkbox = await screen.findByRole('checkbox', { name: 'Completed: Write report' });
    await user.click(checkbox);

    await waitFor(() => {
      expect(screen.getByRole('checkbox', { name: 'Completed: Write report' })).toBeChecked();
    });
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});

describe('TaskList: states', () => {
  afterEach(resetApi);

  it('says so when there are no tasks', async () => {
    mockApi({ 'GET /tasks': () => ({ status: 200, data: { items: [], next_cursor: null } }) });
    renderWithClient(<TaskList filters={{}} filtered={false} />);
    expect(await screen.findByText(/No tasks yet/)).toBeInTheDocument();
  });

  it('loads the next page with the cursor', async () => {
    const { calls } = mockApi({
      'GET /tasks': (request) => {
        const cursor = (request.params as { cursor?: string }).cursor;
        return cursor === 'c1'
          ? {
              status: 200,
              data: { items: [task({ id: 2, title: 'Pay rent' })], next_cursor: null },
            }
          : { status: 200, data: { items: [task({})], next_cursor: 'c1' } };
      },
    });
    const user = userEvent.setup();
    renderWithClient(<TaskList filters={{}} filtered={false} />);

    await user.click(await screen.findByRole('button', { name: 'Load more' }));

    expect(await screen.findByRole('heading', { name: 'Pay rent' })).toBeInTheDocument();
    expect(screen.getAllByRole('listitem')).toHaveLength(2);
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    expect(calls.map((c) => (c.params as { cursor?: string }).cursor)).toEqual([undefined, 'c1']);
  });
});

describe('TaskList: long lists', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    resetApi();
  });

  it('loads the next page by itself when "Load more" comes near the screen', async () => {
    // The one observer the list makes, fired by hand as a scroll would.
    let near: (() => void) | undefined;
    class FakeObserver {
      constructor(callback: (entries: { isIntersecting: boolean }[]) => void) {
        near = () => callback([{ isIntersecting: true }]);
      }
      observe = vi.fn();
      disconnect = vi.fn();
    }
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    const page = (from: number, next: string | null) => ({
      status: 200,
      data: {
        items: Array.from({ length: 51 }, (_, i) =>
          task({ id: from + i, title: `Task ${from + i}` }),
        ),
        next_cursor: next,
      },
    });
    mockApi({
      'GET /tasks': (request) =>
        (request.params as { cursor?: string }).cursor === 'c1' ? page(52, null) : page(1, 'c1'),
    });
    renderWithClient(<TaskList filters={{}} filtered={false} />);
    await screen.findByRole('button', { name: 'Load more' });
    const list = screen.getByRole('list', { name: 'Tasks' });
    expect(list).not.toHaveClass('task-list-long');

    act(() => near?.());

    await screen.findByRole('heading', { name: 'Task 102' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(102);
    // Past 100 lines, the rows out of sight skip layout and paint.
    expect(list).toHaveClass('task-list-long');
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });
});

describe('TaskList: descriptions', () => {
  afterEach(resetApi);

  it('keeps the line breaks of a description', async () => {
    onTestFinished(applyAppStyles());
    mockApi({
      'GET /tasks': () => ({
        status: 200,
        data: { items: [task({ description: 'line 1\nline 2' })], next_cursor: null },
      }),
    });
    renderWithClient(<TaskList filters={{}} filtered={false} />);

    const description = await screen.findByText(/line 1/);
    expect(description.textContent).toBe('line 1\nline 2');
    // HTML folds a newline into a space unless white-space says otherwise.
    expect(['pre-line', 'pre-wrap']).toContain(getComputedStyle(description).whiteSpace);
  });
});
