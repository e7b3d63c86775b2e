import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { makeMember, makeProject } from '@/testing/fixtures';
import { mockApi, resetApi } from '@/testing/mock-api';
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
    const dialog = screen.getByRole('dialog', { name: /Home/ });
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
});
