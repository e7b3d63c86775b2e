import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { mockApi, resetApi, unauthorized } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import { stubBrowserTimeZone } from '@/testing/time-zone';
import { routes } from '../router';

describe('registering', () => {
  afterEach(resetApi);

  it("starts the new user in the browser's time zone", async () => {
    stubBrowserTimeZone('Asia/Tokyo');
    const { calls } = mockApi({
      'POST /auth/refresh': () => unauthorized(),
      'POST /auth/register': (request) => ({
        status: 201,
        data: { id: 1, created_at: '2026-11-25T12:00:00Z', ...(request.body as object) },
      }),
    });
    const router = createMemoryRouter(routes, { initialEntries: ['/register'] });
    const user = userEvent.setup();
    renderWithClient(<RouterProvider router={router} />);

    await user.type(await screen.findByLabelText('Email'), 'new@example.com');
    await user.type(screen.getByLabelText('Password'), 'a long password');
    await user.click(screen.getByRole('button', { name: 'Register' }));

    await screen.findByRole('heading', { name: 'Log in' });
    expect(calls.find((c) => c.url === '/auth/register')?.body).toEqual({
      email: 'new@example.com',
      password: 'a long password',
      time_zone: 'Asia/Tokyo',
    });
  });
});
