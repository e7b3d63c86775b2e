import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { expireSession } from '@/features/auth/utils/end-session';
import { onSessionExpired, refreshOrEndSession } from '@/lib/api-client';
import { appRoutes, ME } from '@/testing/app-api';
import { mockApi, resetApi, unauthorized } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import { routes } from '../router';

const TOKEN = { access_token: 'access', token_type: 'bearer', expires_in: 900 };

function setup(initialPath: string) {
  let refreshWorks = true;
  mockApi({
    ...appRoutes(),
    'POST /auth/refresh': () => (refreshWorks ? { status: 200, data: TOKEN } : unauthorized()),
    'POST /auth/login': () => ({ status: 200, data: TOKEN }),
    'POST /auth/logout': () => ({ status: 204 }),
  });
  const router = createMemoryRouter(routes, { initialEntries: [initialPath] });
  const rendered = renderWithClient(<RouterProvider router={router} />);
  // What app/provider.tsx wires up for the real app.
  const stop = onSessionExpired(() => expireSession(rendered.queryClient));
  const endSessionFromOutside = async () => {
    refreshWorks = false;
    await act(() => refreshOrEndSession().catch(() => undefined));
  };
  return { router, stop, endSessionFromOutside };
}

/** Where a new task is typed: the quick-add line, whose text is kept as a draft. */
const newTaskTitle = async () => screen.findByLabelText('Quick add');

async function logIn(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText('Email'), ME.email);
  await user.type(screen.getByLabelText('Password'), 'correct horse');
  await user.click(screen.getByRole('button', { name: 'Log in' }));
}

describe('a session that ends while the user is typing', () => {
  let stop: () => void = () => undefined;
  afterEach(() => {
    stop();
    resetApi();
  });

  it('says so on the login page, and brings the user back to the same view with the draft', async () => {
    const app = setup('/tasks/projects/1?priority=high');
    stop = app.stop;
    const user = userEvent.setup();
    await user.type(await newTaskTitle(), 'Buy milk');
    const before = `${app.router.state.location.pathname}${app.router.state.location.search}`;

    await app.endSessionFromOutside();
    // The live stream's own refresh is refused too, after the user is already forgotten.
    await app.endSessionFromOutside();

    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeInTheDocument();
    expect(screen.getByText('You were signed out — sign in to continue.')).toBeInTheDocument();
    expect(app.router.state.location.search).toBe(`?redirectTo=${encodeURIComponent(before)}`);

    await logIn(user);

    await waitFor(() =>
      expect(`${app.router.state.location.pathname}${app.router.state.location.search}`).toBe(
        before,
      ),
    );
    expect(await newTaskTitle()).toHaveValue('Buy milk');
  });

  it('keeps no draft, and no notice, after an explicit logout', async () => {
    const app = setup('/tasks');
    stop = app.stop;
    const user = userEvent.setup();
    await user.type(await newTaskTitle(), 'Secret plan');

    await user.click(screen.getByRole('button', { name: 'Log out' }));

    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeInTheDocument();
    expect(screen.queryByText(/You were signed out/)).not.toBeInTheDocument();
    await logIn(user);
    await act(() => app.router.navigate('/tasks'));
    expect(await newTaskTitle()).toHaveValue('');
  });

  it('does not hand one user’s draft to another who signs in', async () => {
    const app = setup('/tasks');
    stop = app.stop;
    const user = userEvent.setup();
    await user.type(await newTaskTitle(), 'Mine only');
    await app.endSessionFromOutside();
    await screen.findByRole('heading', { name: 'Log in' });

    // Someone else signs in on this tab.
    mockApi({
      ...appRoutes(),
      'POST /auth/login': () => ({ status: 200, data: TOKEN }),
      'GET /users/me': () => ({ status: 200, data: { ...ME, id: 2, email: 'b@example.com' } }),
    });
    await logIn(user);

    expect(await newTaskTitle()).toHaveValue('');
  });
});
