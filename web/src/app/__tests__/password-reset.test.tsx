import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { tokenFromHash } from '@/features/auth/components/reset-password-page';
import { apiError, mockApi, resetApi, unauthorized } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import { routes } from '../router';

const server = (emailEnabled: boolean) => () => ({
  status: 200,
  data: { version: '0.1.0', email_enabled: emailEnabled },
});

function renderAt(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  renderWithClient(<RouterProvider router={router} />);
  return router;
}

describe('forgot password', () => {
  afterEach(resetApi);

  it('is offered on the login page only when the server sends email', async () => {
    mockApi({ 'POST /auth/refresh': () => unauthorized(), 'GET /server': server(true) });
    renderAt('/login');
    expect(await screen.findByRole('link', { name: 'Forgot password?' })).toHaveAttribute(
      'href',
      '/forgot-password',
    );
  });

  it('is not offered when email is off', async () => {
    const { calls } = mockApi({
      'POST /auth/refresh': () => unauthorized(),
      'GET /server': server(false),
    });
    renderAt('/login');
    await screen.findByRole('heading', { name: 'Log in' });
    await waitFor(() => expect(calls.some((c) => c.url === '/server')).toBe(true));
    expect(screen.queryByRole('link', { name: 'Forgot password?' })).not.toBeInTheDocument();
  });

  it('asks for a link and says one was sent if the account exists', async () => {
    const { calls } = mockApi({ 'POST /auth/password-reset': () => ({ status: 202 }) });
    renderAt('/forgot-password');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Email'), ' me@example.com ');
    await user.click(screen.getByRole('button', { name: 'Send the link' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'If an account exists for me@example.com, we sent it a link',
    );
    expect(calls.find((c) => c.url === '/auth/password-reset')?.body).toEqual({
      email: 'me@example.com',
    });
  });

  it('shows the wait when too many links were asked for', async () => {
    mockApi({
      'POST /auth/password-reset': () => ({
        ...apiError(429, 'rate_limited', 'Too many attempts; try again later.'),
        headers: { 'retry-after': '60' },
      }),
    });
    renderAt('/forgot-password');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Email'), 'me@example.com');
    await user.click(screen.getByRole('button', { name: 'Send the link' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Try again in 60 s.');
  });
});

describe('choosing a new password from the emailed link', () => {
  afterEach(resetApi);

  it('reads the token from the fragment', () => {
    expect(tokenFromHash('#token=abc-_123')).toBe('abc-_123');
    expect(tokenFromHash('')).toBe('');
  });

  it('checks both fields, sends the token, then sends the user to log in', async () => {
    const { calls } = mockApi({
      'POST /auth/refresh': () => unauthorized(),
      'POST /auth/password-reset/confirm': () => ({ status: 204 }),
      'GET /server': server(true),
    });
    const router = renderAt('/reset-password#token=the-token');
    const user = userEvent.setup();
    await screen.findByLabelText('New password');
    // The token is kept by the page, no longer in the address or the history entry.
    await waitFor(() => expect(router.state.location.hash).toBe(''));
    expect(router.state.location.pathname).toBe('/reset-password');
    expect(router.state.historyAction).toBe('REPLACE');

    await user.type(await screen.findByLabelText('New password'), 'short');
    await user.type(screen.getByLabelText('Repeat the new password'), 'shorter');
    await user.click(screen.getByRole('button', { name: 'Set the new password' }));
    expect(screen.getByLabelText('New password')).toHaveAccessibleDescription(
      /Use at least 8 characters/,
    );
    expect(screen.getByLabelText('Repeat the new password')).toHaveAccessibleDescription(
      'The two passwords differ.',
    );
    expect(calls.some((c) => c.url === '/auth/password-reset/confirm')).toBe(false);

    await user.clear(screen.getByLabelText('New password'));
    await user.type(screen.getByLabelText('New password'), 'a long new password');
    await user.clear(screen.getByLabelText('Repeat the new password'));
    await user.type(screen.getByLabelText('Repeat the new password'), 'a long new password');
    await user.click(screen.getByRole('button', { name: 'Set the new password' }));

    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Log in with your new password.');
    expect(router.state.location.pathname).toBe('/login');
    expect(calls.find((c) => c.url === '/auth/password-reset/confirm')?.body).toEqual({
      token: 'the-token',
      new_password: 'a long new password',
    });
  });

  it("shows the server's field error and a refused link", async () => {
    let answer = apiError(422, 'validation_failed', 'some fields are invalid', {
      new_password: 'must be at most 72 bytes',
    });
    mockApi({ 'POST /auth/password-reset/confirm': () => answer });
    renderAt('/reset-password#token=old');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('New password'), 'a long new password');
    await user.type(screen.getByLabelText('Repeat the new password'), 'a long new password');
    await user.click(screen.getByRole('button', { name: 'Set the new password' }));
    await waitFor(() =>
      expect(screen.getByLabelText('New password')).toHaveAccessibleDescription(
        /must be at most 72 bytes/,
      ),
    );

    answer = apiError(400, 'bad_request', 'this reset link is invalid, used or expired');
    await user.click(screen.getByRole('button', { name: 'Set the new password' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Ask for a new one.');
    expect(screen.getByRole('link', { name: 'Ask for a new link' })).toHaveAttribute(
      'href',
      '/forgot-password',
    );
  });

  it('says so when the link has no token', async () => {
    mockApi({});
    renderAt('/reset-password');
    expect(await screen.findByRole('alert')).toHaveTextContent('This link has no reset token.');
  });
});
