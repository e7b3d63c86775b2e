import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { makeMember, makeProject } from '@/testing/fixtures';
import { apiError, mockApi, resetApi } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import { ProjectHeader } from '../project-header';

const PROJECT = makeProject({ id: 7, name: 'Home' });

describe('ProjectHeader', () => {
  afterEach(resetApi);

  it('gives focus back to the Share button when its dialog closes, by Escape or Close', async () => {
    mockApi({
      'GET /projects/7/members': () => ({ status: 200, data: { items: [makeMember()] } }),
    });
    const user = userEvent.setup();
    renderWithClient(
      <ProjectHeader project={PROJECT} currentUserId={1} onGone={() => undefined} />,
    );
    const share = screen.getByRole('button', { name: 'Share' });

    await user.click(share);
    // The dialog's code loads on first opening.
    const dialog = await screen.findByRole('dialog', { name: /Home/ });
    await within(dialog).findByRole('list', { name: 'Members' });
    // Tabbing never reaches the header's own buttons behind the dialog.
    for (let i = 0; i < 6; i += 1) {
      await user.tab();
      expect(dialog).toContainElement(document.activeElement as HTMLElement);
    }
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(share).toHaveFocus();

    await user.keyboard('{Enter}');
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(share).toHaveFocus();
  });

  it('says in words why a rename was refused when the role changed meanwhile (403)', async () => {
    mockApi({
      'PATCH /projects/7': () =>
        apiError(403, 'forbidden', 'your role in this project does not allow that'),
    });
    const user = userEvent.setup();
    renderWithClient(
      <ProjectHeader
        project={makeProject({ ...PROJECT, role: 'admin', owner_id: 2 })}
        currentUserId={1}
        onGone={() => undefined}
      />,
    );
    await user.click(screen.getByRole('button', { name: 'Edit project' }));
    const form = screen.getByRole('form', { name: 'Edit project Home' });
    await user.clear(within(form).getByLabelText('Project name'));
    await user.type(within(form).getByLabelText('Project name'), 'House');
    await user.click(within(form).getByRole('button', { name: 'Save project' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent(
      'Only the project’s owner and admins can rename it or change its colour.',
    );
  });

  it('shows a viewer neither Edit nor Delete, only who is in it', () => {
    renderWithClient(
      <ProjectHeader
        project={makeProject({ ...PROJECT, role: 'viewer', owner_id: 2 })}
        currentUserId={1}
        onGone={() => undefined}
      />,
    );
    expect(screen.queryByRole('button', { name: 'Edit project' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete project' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Share' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Members' })).toBeInTheDocument();
  });
});
