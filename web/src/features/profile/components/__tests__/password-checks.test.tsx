import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setAccessToken } from '@/lib/api-client';
import { mockApi, resetApi, unauthorized, type RecordedRequest } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import { AccountActions } from '../account-actions';
import { ChangePasswordForm } from '../change-password-form';

const tokens = (token: string) => ({
  status: 200,
  data: { access_token: token, token_type: 'bearer', expires_in: 900 },
});

const summary = (calls: RecordedRequest[]) =>
  calls.map((c) => `${c.method} ${c.url} ${c.authorization ?? '-'}`);

async function changePassword(current: string) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('Current password'), current);
  await user.type(screen.getByLabelText('New password'), 'a brand new password');
  await user.click(screen.getByRole('button', { name: 'Change password' }));
}

// A 401 from these routes may mean the password in the body is wrong: sending it again after a
// refresh would be a second failed attempt against the login limits.
describe('requests that carry the password', () => {
  afterEach(() => {
    resetApi();
    vi.useRealTimers();
  });

  it('tries a wrong current password once', async () => {
    setAccessToken('good', 900);
    const { calls } = mockApi({
      'POST /auth/refresh': () => tokens('new'),
      'PUT /users/me/password': () => unauthorized(),
    });
    renderWithClient(<ChangePasswordForm />);

    await changePassword('not my password');

    expect(await screen.findByText('That is not your current password.')).toBeInTheDocument();
    expect(summary(calls)).toEqual(['PUT /users/me/password Bearer good']);
  });

  it('renews an expired access token first, then sends the change once', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    setAccessToken('old', 900);
    vi.setSystemTime(Date.now() + 901_000);
    const { calls } = mockApi({
      'POST /auth/refresh': () => tokens('new'),
      'PUT /users/me/password': (request) =>
        request.authorization === 'Bearer new' ? { status: 204 } : unauthorized(),
    });
    renderWithClient(<ChangePasswordForm />);

    await changePassword('my password');

    expect(await screen.findByRole('status')).toHaveTextContent('Password changed.');
    expect(summary(calls)).toEqual([
      'POST /auth/refresh Bearer old',
      'PUT /users/me/password Bearer new',
    ]);
  });

  it('tries a wrong password for deleting the account once', async () => {
    setAccessToken('good', 900);
    const onSessionEnded = vi.fn();
    const { calls } = mockApi({
      'POST /auth/refresh': () => tokens('new'),
      'DELETE /users/me': () => unauthorized(),
    });
    const user = userEvent.setup();
    renderWithClient(<AccountActions onSessionEnded={onSessionEnded} />);

    await user.click(screen.getByRole('button', { name: 'Delete account…' }));
    await user.type(screen.getByLabelText('Confirm with your password'), 'not my password');
    await user.click(screen.getByRole('button', { name: 'Delete my account' }));

    expect(await screen.findByText('That password is not right.')).toBeInTheDocument();
    expect(summary(calls)).toEqual(['DELETE /users/me Bearer good']);
    expect(calls[0]?.body).toEqual({ password: 'not my password' });
    expect(onSessionEnded).not.toHaveBeenCalled();
  });
});
