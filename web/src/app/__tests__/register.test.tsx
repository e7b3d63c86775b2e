import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { appRoutes, ME } from '@/testing/app-api';
import { apiError, mockApi, resetApi, unauthorized } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import { stubBrowserTimeZone } from '@/testing/time-zone';
import { routes } from '../router';

const TOKEN = { access_token: 'access', token_type: 'bearer', expires_in: 900 };

function renderRegister() {
  const router = createMemoryRouter(routes, { initialEntries: ['/register'] });
  renderWithClient(<RouterProvider router={router} />);
  return { router, user: userEvent.setup() };
}

describe('registering', () => {
  afterEach(resetApi);

  it("logs the new user in directly, in the browser's time zone", async () => {
    stubBrowserTimeZone('Asia/Tokyo');
    const { calls } = mockApi({
      ...appRoutes(),
      'POST /auth/refresh': () => unauthorized(),
      'POST /auth/register': (request) => ({
        status: 201,
        data: { id: 1, created_at: '2026-11-25T12:00:00Z', ...(request.body as object) },
      }),
      'POST /auth/login': () => ({ status: 200, data: TOKEN }),
      'GET /users/me': (request) =>
        request.authorization === 'Bearer access' ? { status: 200, data: ME } : unauthorized(),
    });
    const { router, user } = renderRegister();

    expect(
      await screen.findByText(
        /your own fast, private to-do list, shared with the people you choose/,
      ),
    ).toBeInTheDocument();
    await user.type(await screen.findByLabelText('Email'), 'new@example.com');
    await user.type(screen.getByLabelText('Password'), 'a long password');
    await user.click(screen.getByRole('button', { name: 'Register' }));

    // In the app, on the default view: no login page in between.
    expect(await screen.findByRole('button', { name: 'Log out' })).toBeInTheDocument();
    expect(router.state.location.pathname).not.toMatch(/^\/(login|register)/);
    expect(calls.find((c) => c.url === '/auth/register')?.body).toEqual({
      email: 'new@example.com',
      password: 'a long password',
      time_zone: 'Asia/Tokyo',
    });
    expect(calls.find((c) => c.url === '/auth/login')?.body).toEqual({
      email: 'new@example.com',
      password: 'a long password',
    });
  });

  it('shows every field error at once, in plain words, and focuses the first', async () => {
    const { calls } = mockApi({ 'POST /auth/refresh': () => unauthorized() });
    const { user } = renderRegister();

    await user.type(await screen.findByLabelText('Email'), 'not-an-address');
    await user.type(screen.getByLabelText('Password'), 'short');
    await user.click(screen.getByRole('button', { name: 'Register' }));

    expect(screen.getByText('Enter an email address like name@example.com.')).toBeInTheDocument();
    expect(screen.getByText('Use at least 8 characters.')).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveFocus();
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Password')).toHaveAttribute('aria-invalid', 'true');
    expect(calls.some((c) => c.url === '/auth/register')).toBe(false);

    // Only the password left wrong: focus goes there.
    await user.clear(screen.getByLabelText('Email'));
    await user.type(screen.getByLabelText('Email'), 'new@example.com');
    await user.click(screen.getByRole('button', { name: 'Register' }));
    expect(screen.getByLabelText('Password')).toHaveFocus();
    expect(screen.queryByText('Enter an email address like name@example.com.')).toBeNull();
  });

  it("shows the server's field errors, each beside its field", async () => {
    mockApi({
      'POST /auth/refresh': () => unauthorized(),
      'POST /auth/register': () =>
        apiError(422, 'validation_failed', 'invalid', {
          email: 'not a valid email',
          password: 'must be at most 72 bytes',
        }),
    });
    const { user } = renderRegister();

    await user.type(await screen.findByLabelText('Email'), 'odd@example.com');
    await user.type(screen.getByLabelText('Password'), 'a long password');
    await user.click(screen.getByRole('button', { name: 'Register' }));

    expect(
      await screen.findByText('Enter an email address like name@example.com.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Password must be at most 72 bytes.')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('Email')).toHaveFocus());
  });
});

describe('logging in', () => {
  afterEach(resetApi);

  it('shows every field error at once and focuses the first bad field', async () => {
    const { calls } = mockApi({ 'POST /auth/refresh': () => unauthorized() });
    const router = createMemoryRouter(routes, { initialEntries: ['/login'] });
    renderWithClient(<RouterProvider router={router} />);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Log in' }));

    expect(screen.getByText('Enter your email address.')).toBeInTheDocument();
    expect(screen.getByText('Enter your password.')).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveFocus();
    expect(calls.some((c) => c.url === '/auth/login')).toBe(false);
    expect(screen.getByText(/your own fast, private to-do list/)).toBeInTheDocument();

    await user.type(screen.getByLabelText('Email'), 'a@example.com');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    expect(screen.getByLabelText('Password')).toHaveFocus();
  });
});
