import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { mockApi, resetApi } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import { routes } from '../router';

describe('the signed-in user', () => {
  afterEach(resetApi);

  it('is fetched once, for the session and the profile page alike', async () => {
    const me = { id: 1, email: 'a@example.com', created_at: '2026-11-25T12:00:00Z' };
    const { calls } = mockApi({
      'POST /auth/refresh': () => ({
        status: 200,
        data: { access_token: 'access', token_type: 'bearer', expires_in: 900 },
      }),
      'GET /users/me': () => ({ status: 200, data: me }),
      'GET /tasks': () => ({ status: 200, data: { items: [], next_cursor: null } }),
      'GET /notifications': () => ({ status: 200, data: { items: [], next_cursor: null } }),
    });
    const router = createMemoryRouter(routes, { initialEntries: ['/profile'] });
    const user = userEvent.setup();
    renderWithClient(<RouterProvider router={router} />);

    expect(await screen.findByTestId('profile-email')).toHaveTextContent(me.email);
    await user.click(screen.getByRole('link', { name: 'Tasks' }));
    expect(await screen.findByText(/No tasks yet/)).toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'Profile' }));
    expect(await screen.findByTestId('profile-email')).toHaveTextContent(me.email);

    expect(calls.filter((c) => c.url === '/users/me')).toHaveLength(1);
  });
});
