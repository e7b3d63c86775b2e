import { act, render, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';
import { TaskFilters } from '@/features/tasks/components/task-filters';
import { useTaskFilters } from '../use-task-filters';

function FiltersPage() {
  const { state, setState, apiFilters } = useTaskFilters();
  return (
    <>
      <TaskFilters value={state} onChange={setState} />
      <output data-testid="api-filters">{JSON.stringify(apiFilters)}</output>
    </>
  );
}

function renderAt(url: string) {
  const router = createMemoryRouter([{ path: '/tasks', element: <FiltersPage /> }], {
    initialEntries: [url],
  });
  render(<RouterProvider router={router} />);
  return router;
}

// These events are dispatched natively, as a browser delivers them: RTL's fireEvent runs inside
// act(), which would apply the router's pending update before the assertion and hide a control
// that flips back until the URL catches up.
function typeNatively(input: HTMLElement, value: string) {
  // The prototype's setter, as the browser's own editing does: React watches the element's.
  Reflect.set(HTMLInputElement.prototype, 'value', value, input);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('useTaskFilters', () => {
  it('shows a click in the same event and writes it to the URL', async () => {
    const router = renderAt('/tasks');

    const overdue = screen.getByRole('checkbox', { name: 'Overdue only' });
    overdue.click();
    expect(overdue).toBeChecked();
    const active = screen.getByRole('radio', { name: 'Active' });
    active.click();
    expect(active).toBeChecked();

    await waitFor(() => {
      expect(router.state.location.search).toBe('?status=active&overdue=true');
    });
    expect(overdue).toBeChecked();
    expect(JSON.parse(screen.getByTestId('api-filters').textContent)).toEqual({
      sort: 'due_date',
      completed: false,
      overdue: true,
    });
  });

  it('keeps every keystroke of fast typing', async () => {
    const router = renderAt('/tasks');

    const search = screen.getByRole('searchbox', { name: 'Search' });
    for (const value of ['q', 'q4', 'q4 ', 'q4 n', 'q4 nu']) {
      typeNatively(search, value);
      expect(search).toHaveValue(value);
    }

    await waitFor(() => {
      expect(router.state.location.search).toBe('?q=q4+nu');
    });
    expect(search).toHaveValue('q4 nu');
  });

  it('starts from the URL and follows a link that changes it', async () => {
    const router = renderAt('/tasks?priority=high&sort=priority');

    expect(screen.getByRole('combobox', { name: 'Filter by priority' })).toHaveValue('high');
    expect(screen.getByRole('combobox', { name: 'Sort by' })).toHaveValue('priority');

    await act(() => router.navigate('/tasks'));

    expect(screen.getByRole('combobox', { name: 'Filter by priority' })).toHaveValue('');
    expect(screen.getByRole('combobox', { name: 'Sort by' })).toHaveValue('due_date');
  });
});
