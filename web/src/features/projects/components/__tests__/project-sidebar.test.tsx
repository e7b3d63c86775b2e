import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeProject } from '@/testing/fixtures';
import { mockApi, resetApi } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import { ProjectSidebar } from '../project-sidebar';

describe('ProjectSidebar', () => {
  afterEach(resetApi);

  it('lists the views, then the inbox, then the projects by name whatever their case', async () => {
    mockApi({
      'GET /projects': () => ({
        status: 200,
        data: {
          items: [
            makeProject({ id: 4, name: 'zeta' }),
            makeProject({ id: 3, name: 'Beta', role: 'viewer' }),
            makeProject({ id: 1, name: 'Inbox', inbox: true }),
            makeProject({ id: 5, name: 'alpha', color: '#ff0000' }),
          ],
        },
      }),
    });
    renderWithClient(
      <MemoryRouter initialEntries={['/tasks?status=active']}>
        <ProjectSidebar />
      </MemoryRouter>,
    );
    const list = await screen.findByRole('list', { name: 'Your projects' });
    const names = within(list)
      .getAllByRole('link')
      .map((link) => link.querySelector('.project-name')?.textContent);
    expect(names).toEqual(['Inbox', 'alpha', 'Beta', 'zeta']);
    expect(within(list).getByRole('link', { name: /Beta/ })).toHaveTextContent('Viewer');
    // The links keep the filters.
    expect(within(list).getByRole('link', { name: /alpha/ })).toHaveAttribute(
      'href',
      '/tasks/projects/5?status=active',
    );
    expect(screen.getByRole('link', { name: 'All tasks' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('link', { name: 'Assigned to me' })).not.toHaveAttribute(
      'aria-current',
    );
  });

  it('creates a project with a name and a colour', async () => {
    const { calls } = mockApi({
      'GET /projects': () => ({ status: 200, data: { items: [] } }),
      'POST /projects': (request) => ({
        status: 201,
        data: makeProject({ id: 8, ...(request.body as object) }),
      }),
    });
    const onCreated = vi.fn();
    const user = userEvent.setup();
    renderWithClient(
      <MemoryRouter>
        <ProjectSidebar onCreated={onCreated} />
      </MemoryRouter>,
    );
    await user.click(screen.getByRole('button', { name: 'New project' }));
    const form = screen.getByRole('form', { name: 'New project' });
    await user.type(within(form).getByLabelText('Project name'), '  Garden ');
    await user.click(within(form).getByRole('button', { name: 'Create project' }));
    await vi.waitFor(() => expect(onCreated).toHaveBeenCalledWith(8));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'Garden',
      color: '#2459c9',
    });
  });
});
