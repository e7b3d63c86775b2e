import { screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { appRoutes, INBOX } from '@/testing/app-api';
import { makeProject, makeTask } from '@/testing/fixtures';
import { mockApi, resetApi } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import { routes } from '../router';

const HOME = makeProject({ id: 7, name: 'Home' });

describe('a link to one task (?task=<id>, from a reminder)', () => {
  afterEach(resetApi);

  it('opens that task’s editor in its project, and only that one', async () => {
    mockApi(
      appRoutes({
        projects: [INBOX, HOME],
        tasks: [
          makeTask({ id: 4, project_id: 7, title: 'Water the plants' }),
          makeTask({ id: 5, project_id: 7, title: 'Stretch your legs' }),
        ],
      }),
    );
    const router = createMemoryRouter(routes, { initialEntries: ['/tasks/projects/7?task=5'] });
    renderWithClient(<RouterProvider router={router} />);

    const form = await screen.findByRole('form', { name: 'Edit task Stretch your legs' });
    expect(screen.queryByRole('form', { name: 'Edit task Water the plants' })).toBeNull();
    await waitFor(() => expect(form).toContainElement(document.activeElement as HTMLElement));
    // The link has done its work: following it again would open the task again.
    await waitFor(() => expect(router.state.location.search).toBe(''));
    expect(router.state.location.pathname).toBe('/tasks/projects/7');
  });
});
