import { act, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeTask } from '@/testing/fixtures';
import { mockApi, resetApi } from '@/testing/mock-api';
import { stubNotifications } from '@/testing/notifications';
import { renderWithClient } from '@/testing/test-utils';
import { turnOnDesktop } from '@/features/notifications/utils/desktop';
import { useAnnounceNotification } from '../use-announce-notification';

function setup() {
  mockApi({
    'GET /tasks/7': () => ({
      status: 200,
      data: makeTask({ id: 7, project_id: 3, title: 'Stretch your legs' }),
    }),
  });
  let announce: ReturnType<typeof useAnnounceNotification> = () => undefined;
  function Probe() {
    announce = useAnnounceNotification();
    return null;
  }
  const router = createMemoryRouter([
    { path: '/', element: <Probe /> },
    { path: '/tasks/projects/:projectId', element: <Probe /> },
  ]);
  renderWithClient(<RouterProvider router={router} />);
  return { router, announce: (id: number) => announce({ id, task_id: 7 }) };
}

describe('a reminder over the live stream', () => {
  afterEach(() => {
    resetApi();
    vi.unstubAllGlobals();
  });

  it('shows a system notification with the task’s title, once, whose click opens the task', async () => {
    const { shown } = stubNotifications('granted');
    await turnOnDesktop();
    const focus = vi.spyOn(window, 'focus').mockImplementation(() => undefined);
    const { router, announce } = setup();

    act(() => announce(5));
    await waitFor(() => expect(shown).toHaveLength(1));
    expect(shown[0]?.title).toBe('Reminder: Stretch your legs');
    expect(shown[0]?.options?.tag).toBe('5');

    // Another tab, or the same event again: still one notification.
    act(() => announce(5));
    await new Promise((r) => setTimeout(r, 50));
    expect(shown).toHaveLength(1);

    act(() => shown[0]?.onclick?.());
    expect(focus).toHaveBeenCalled();
    await waitFor(() => expect(router.state.location.pathname).toBe('/tasks/projects/3'));
    expect(router.state.location.search).toBe('?task=7');
    expect(shown[0]?.close).toHaveBeenCalled();
  });

  it('shows nothing unless the user turned desktop notifications on', async () => {
    const { shown } = stubNotifications('granted');
    const { announce } = setup();

    act(() => announce(6));
    await new Promise((r) => setTimeout(r, 50));
    expect(shown).toHaveLength(0);
  });
});
