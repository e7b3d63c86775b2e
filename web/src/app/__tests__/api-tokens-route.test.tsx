import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { appRoutes } from '@/testing/app-api';
import { mockApi, resetApi } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import { routes } from '../router';

describe('the API tokens page', () => {
  afterEach(resetApi);

  it('is reached from the profile, and back', async () => {
    mockApi({
      ...appRoutes(),
      'GET /users/me/api-tokens': () => ({ status: 200, data: { items: [] } }),
    });
    const router = createMemoryRouter(routes, { initialEntries: ['/profile'] });
    const user = userEvent.setup();
    renderWithClient(<RouterProvider router={router} />);
    await user.click(await screen.findByRole('link', { name: 'Manage API tokens' }));
    // The page's code loads on demand: the router moves once it is in.
    await waitFor(() => expect(router.state.location.pathname).toBe('/profile/api-tokens'));
    expect(
      await screen.findByRole('heading', { name: 'API tokens', level: 1 }),
    ).toBeInTheDocument();
    expect(await screen.findByText(/No API tokens yet/)).toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'Profile', current: false }));
    expect(await screen.findByRole('heading', { name: 'Profile', level: 1 })).toBeInTheDocument();
  });
});
