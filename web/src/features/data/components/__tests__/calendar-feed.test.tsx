import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setAccessToken } from '@/lib/api-client';
import { apiError, mockApi, resetApi } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import { CalendarFeed } from '../calendar-feed';

const OLD = 'https://tasks.example.com/ical/old-secret.ics';
const NEW = 'https://tasks.example.com/ical/new-secret.ics';

describe('the calendar feed address', () => {
  afterEach(() => {
    resetApi();
    vi.restoreAllMocks();
  });

  it('shows the address and copies it', async () => {
    setAccessToken('good', 900);
    mockApi({ 'GET /users/me/calendar': () => ({ status: 200, data: { url: OLD } }) });
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue();
    renderWithClient(<CalendarFeed />);

    expect(await screen.findByLabelText('Calendar feed address')).toHaveValue(OLD);
    await user.click(screen.getByRole('button', { name: 'Copy' }));

    expect(writeText).toHaveBeenCalledWith(OLD);
    expect(await screen.findByRole('status')).toHaveTextContent('Copied.');
  });

  it('rotates only once confirmed, and shows the new address', async () => {
    setAccessToken('good', 900);
    const { calls } = mockApi({
      'GET /users/me/calendar': () => ({ status: 200, data: { url: OLD } }),
      'POST /users/me/calendar/rotate': () => ({ status: 200, data: { url: NEW } }),
    });
    const user = userEvent.setup();
    renderWithClient(<CalendarFeed />);
    await screen.findByLabelText('Calendar feed address');

    await user.click(screen.getByRole('button', { name: 'Rotate address…' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Rotate address…' }));
    expect(screen.getByText(/stops working at once/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Make a new address' }));

    expect(await screen.findByDisplayValue(NEW)).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual([
      '/users/me/calendar/rotate',
    ]);
    expect(screen.getByRole('button', { name: 'Rotate address…' })).toBeInTheDocument();
  });

  it('says so when the address cannot be loaded', async () => {
    setAccessToken('good', 900);
    mockApi({
      'GET /users/me/calendar': () => apiError(503, 'unavailable', 'database unavailable'),
    });
    renderWithClient(<CalendarFeed />);

    expect(await screen.findByRole('alert')).toBeInTheDocument();
  });
});
