import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider, useLocation } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { ProtectedRoute } from '@/features/auth/components/protected-route';
import { mockApi, resetApi, unauthorized } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import { LoginRoute } from '../routes/auth/login';

function Where() {
  const location = useLocation();
  return <p>At {`${location.pathname}${location.search}`}</p>;
}

describe('signing in from a protected page', () => {
  afterEach(resetApi);

  it('sends a visitor without a session to login and brings them back afterwards', async () => {
    const user = { id: 1, email: 'a@example.com', created_at: '2026-11-25T12:00:00Z' };
    const { calls } = mockApi({
      'POST /auth/refresh': () => unauthorized(),
      'POST /auth/login': () => ({
        status: 200,
        data: { access_token: 'access', token_type: 'bearer', expires_in: 900 },
      }),
      'GET /users/me': (request) =>
        request.authorization === 'Bearer access' ? { status: 200, data: user } : unauthorized(),
    });
    const router = createMemoryRouter(
      [
        { path: '/login', element: <LoginRoute /> },
        {
          path: '/tasks',
          element: (
            <ProtectedRoute>
              <Where />
            </ProtectedRoute>
          ),
        },
      ],
      { initialEntries: ['/tasks?status=active'] },
    );
    const u = userEvent.setup();
    renderWithClient(<RouterProvider router={router} />);

    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeInTheDocument();
    expect(router.state.location.search).toBe(
      `?redirectTo=${encodeURIComponent('/tasks?status=active')}`,
    );

    await u.type(screen.getByLabelText('Email'), 'a@example.com');
    await u.type(screen.getByLabelText('Password'), 'correct horse');
    await u.click(screen.getByRole('button', { name: 'Log in' }));

    expect(await screen.findByText('At /tasks?status=active')).toBeInTheDocument();
    expect(calls.find((c) => c.url === '/auth/login')?.body).toEqual({
      email: 'a@example.com',
      password: 'correct horse',
    });
  });
});
