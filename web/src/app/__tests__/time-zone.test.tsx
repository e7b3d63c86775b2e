import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { apiError, mockApi, resetApi, unauthorized, type MockHandler } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import { stubBrowserTimeZone } from '@/testing/time-zone';
import type { User } from '@/types/api';
import { routes } from '../router';

const me: User = {
  id: 1,
  email: 'a@example.com',
  time_zone: 'UTC',
  created_at: '2026-11-25T12:00:00Z',
};

/** The profile page of a signed-in `me`, with PATCH /users/me answered by `patch`. */
function openProfile(patch: MockHandler) {
  const api = mockApi({
    'POST /auth/refresh': () => ({
      status: 200,
      data: { access_token: 'access', token_type: 'bearer', expires_in: 900 },
    }),
    'GET /users/me': () => ({ status: 200, data: me }),
    'PATCH /users/me': patch,
  });
  const router = createMemoryRouter(routes, { initialEntries: ['/profile'] });
  renderWithClient(<RouterProvider router={router} />);
  return api;
}

const patchesOf = (calls: { method: string; url: string; body: unknown }[]) =>
  calls.filter((c) => c.method === 'PATCH' && c.url === '/users/me').map((c) => c.body);

const saved = (body: unknown) => ({ status: 200, data: { ...me, ...(body as object) } });

describe('the time zone on the profile', () => {
  afterEach(resetApi);

  it('shows the saved zone and saves the chosen one', async () => {
    stubBrowserTimeZone('UTC');
    const { calls } = openProfile((request) => saved(request.body));
    const user = userEvent.setup();

    expect(await screen.findByTestId('profile-time-zone')).toHaveTextContent('UTC');
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Time zone' }),
      'America/New_York',
    );
    await user.click(screen.getByRole('button', { name: 'Save time zone' }));

    expect(await screen.findByRole('status')).toHaveTextContent('Time zone saved.');
    expect(screen.getByTestId('profile-time-zone')).toHaveTextContent('America/New_York');
    expect(patchesOf(calls)).toEqual([{ time_zone: 'America/New_York' }]);
    expect(calls.filter((c) => c.url === '/users/me' && c.method === 'GET')).toHaveLength(1);
  });

  it("shows the server's refusal next to the field", async () => {
    stubBrowserTimeZone('UTC');
    openProfile(() =>
      apiError(422, 'validation_failed', 'Invalid input.', {
        time_zone: 'not a known IANA time zone',
      }),
    );
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Save time zone' }));

    const field = screen.getByRole('combobox', { name: 'Time zone' });
    expect(await screen.findByText('not a known IANA time zone')).toBeInTheDocument();
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('profile-time-zone')).toHaveTextContent('UTC');
  });

  it('offers nothing when the browser is in the saved zone', async () => {
    stubBrowserTimeZone('UTC');
    openProfile(() => unauthorized());

    await screen.findByTestId('profile-time-zone');
    expect(screen.queryByText(/Your browser is in/)).not.toBeInTheDocument();
  });

  it("offers the browser's zone when it differs, and saves it", async () => {
    stubBrowserTimeZone('Europe/Berlin');
    const { calls } = openProfile((request) => saved(request.body));
    const user = userEvent.setup();

    const offer = await screen.findByText(/Your browser is in Europe\/Berlin — use it\?/);
    await user.click(within(offer).getByRole('button', { name: 'Use Europe/Berlin' }));

    expect(await screen.findByRole('status')).toHaveTextContent('Time zone saved.');
    expect(screen.getByTestId('profile-time-zone')).toHaveTextContent('Europe/Berlin');
    expect(screen.getByRole('combobox', { name: 'Time zone' })).toHaveValue('Europe/Berlin');
    expect(screen.queryByText(/Your browser is in/)).not.toBeInTheDocument();
    expect(patchesOf(calls)).toEqual([{ time_zone: 'Europe/Berlin' }]);
  });
});
