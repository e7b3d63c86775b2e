import { act, screen, waitFor, within } from '@testing-library/react';
import { onlineManager } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { appRoutes } from '@/testing/app-api';
import { makeTask } from '@/testing/fixtures';
import { mockApi, resetApi } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import { routes } from '../router';

describe('offline', () => {
  afterEach(() => {
    onlineManager.setOnline(true);
    resetApi();
  });

  it('keeps the tasks in view under a banner, with every control of the page off, until back online', async () => {
    mockApi(appRoutes({ tasks: [makeTask({ id: 1, title: 'Buy milk' })] }));
    renderWithClient(
      <RouterProvider router={createMemoryRouter(routes, { initialEntries: ['/tasks'] })} />,
    );
    const list = await screen.findByRole('list', { name: 'Tasks' });
    const item = within(list).getByRole('listitem');
    const toggle = await within(item).findByRole('checkbox');
    expect(toggle).toBeEnabled();

    act(() => onlineManager.setOnline(false));
    expect(screen.getByText(/You are offline — showing what was last loaded/)).toBeInTheDocument();
    expect(within(item).getByRole('heading', { name: 'Buy milk' })).toBeInTheDocument();
    expect(toggle).toBeDisabled();
    expect(screen.getByRole('main').querySelectorAll('button:enabled, input:enabled')).toHaveLength(
      0,
    );

    act(() => onlineManager.setOnline(true));
    await waitFor(() => expect(toggle).toBeEnabled());
    expect(screen.queryByText(/You are offline/)).toBeNull();
  });
});
