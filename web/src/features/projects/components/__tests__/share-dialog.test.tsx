import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeMember, makeProject } from '@/testing/fixtures';
import { apiError, mockApi, resetApi, type MockReply } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import type { Project } from '@/types/api';
import { ShareDialog } from '../share-dialog';

const PROJECT = makeProject({ id: 7, name: 'Home' });
const OWNER = makeMember({ user_id: 1, email: 'me@example.com', role: 'owner' });
const BOB = makeMember({ user_id: 2, email: 'bob@example.com', role: 'editor' });

function renderDialog(project: Project, invite?: () => MockReply, onClose = () => undefined) {
  const { calls } = mockApi({
    'GET /projects/7/members': () => ({ status: 200, data: { items: [OWNER, BOB] } }),
    'POST /projects/7/members': (request) =>
      invite ? invite() : { status: 201, data: { ...BOB, ...(request.body as object) } },
    'PATCH /projects/7/members/2': (request) => ({
      status: 200,
      data: { ...BOB, ...(request.body as object) },
    }),
    'DELETE /projects/7/members/2': () => ({ status: 204 }),
    'DELETE /projects/7/members/1': () => ({ status: 204 }),
  });
  const onLeft = vi.fn();
  renderWithClient(
    <>
      <button type="button">Before</button>
      <ShareDialog project={project} currentUserId={1} onClose={onClose} onLeft={onLeft} />
      <button type="button">After</button>
    </>,
  );
  return { calls, onLeft, dialog: screen.getByRole('dialog', { name: /Home/ }) };
}

async function invite(email: string, role: string) {
  const user = userEvent.setup();
  const form = screen.getByRole('form', { name: 'Invite someone' });
  await user.type(within(form).getByLabelText('Email'), email);
  await user.selectOptions(within(form).getByLabelText('Role'), role);
  await user.click(within(form).getByRole('button', { name: 'Invite' }));
  return form;
}

describe('ShareDialog', () => {
  afterEach(resetApi);

  it('invites by email with the chosen role', async () => {
    const { calls } = renderDialog(PROJECT);
    await screen.findByRole('list', { name: 'Members' });
    const form = await invite('carol@example.com', 'viewer');
    await within(form).findByText('Added carol@example.com as viewer.');
    const posted = calls.find((c) => c.method === 'POST');
    expect(posted?.body).toEqual({ email: 'carol@example.com', role: 'viewer' });
    expect(within(form).getByLabelText('Email')).toHaveValue('');
  });

  it.each([
    [
      apiError(422, 'validation_failed', 'Validation failed.', {
        email: 'no account has this email',
      }),
      'No account uses nobody@example.com: they need to register first.',
    ],
    [
      apiError(409, 'conflict', 'already a member of this project'),
      'nobody@example.com is already a member of this project.',
    ],
    [
      apiError(403, 'forbidden', 'your role in this project does not allow that'),
      'Only the project’s owner and admins can invite people.',
    ],
  ])('says why an invitation was refused (%#)', async (reply, message) => {
    renderDialog(PROJECT, () => reply);
    await screen.findByRole('list', { name: 'Members' });
    const form = await invite('nobody@example.com', 'editor');
    expect(await within(form).findByRole('alert')).toHaveTextContent(message);
  });

  it('changes a role and removes a member', async () => {
    const { calls } = renderDialog(PROJECT);
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Role of bob@example.com'), 'viewer');
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ role: 'viewer' }),
    );
    await user.click(screen.getByRole('button', { name: 'Remove bob@example.com' }));
    await waitFor(() =>
      expect(calls.some((c) => c.method === 'DELETE' && c.url === '/projects/7/members/2')).toBe(
        true,
      ),
    );
  });

  it('shows a member without rights who is in it, and lets them leave', async () => {
    const { calls, onLeft } = renderDialog(
      makeProject({ ...PROJECT, role: 'editor', owner_id: 2 }),
    );
    const user = userEvent.setup();
    await screen.findByRole('list', { name: 'Members' });
    expect(screen.queryByRole('form', { name: 'Invite someone' })).toBeNull();
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(screen.queryByRole('button', { name: /^Remove/ })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Leave project' }));
    await user.click(screen.getByRole('button', { name: 'Yes, leave' }));
    await waitFor(() => expect(onLeft).toHaveBeenCalled());
    expect(calls.some((c) => c.method === 'DELETE' && c.url === '/projects/7/members/1')).toBe(
      true,
    );
  });

  it('reports leaving even when the dialog is gone before the answer arrives', async () => {
    // The live event of the leave can drop the project (and this dialog) from the screen first.
    let answer: (reply: MockReply) => void = () => undefined;
    mockApi({
      'GET /projects/7/members': () => ({ status: 200, data: { items: [OWNER, BOB] } }),
      'DELETE /projects/7/members/1': () => new Promise<MockReply>((resolve) => (answer = resolve)),
    });
    const onLeft = vi.fn();
    const { unmount } = renderWithClient(
      <ShareDialog
        project={makeProject({ ...PROJECT, role: 'editor', owner_id: 2 })}
        currentUserId={1}
        onClose={() => undefined}
        onLeft={onLeft}
      />,
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Leave project' }));
    await user.click(screen.getByRole('button', { name: 'Yes, leave' }));
    unmount();
    answer({ status: 204 });
    await waitFor(() => expect(onLeft).toHaveBeenCalled());
  });

  it('keeps Tab and Shift+Tab inside itself, and closes on Escape', async () => {
    const onClose = vi.fn();
    const { dialog } = renderDialog(PROJECT, undefined, onClose);
    const user = userEvent.setup();
    await screen.findByRole('list', { name: 'Members' });
    // Opened, the dialog itself has focus, so a screen reader reads its name first.
    expect(dialog).toHaveFocus();
    expect(dialog.tagName).toBe('DIALOG');
    expect(dialog).toHaveAttribute('open');

    const close = within(dialog).getByRole('button', { name: 'Close' });
    // The last control that takes focus: Invite is disabled while the email is empty.
    const inviteRole = within(dialog).getByLabelText('Role');
    await user.tab();
    expect(close).toHaveFocus();
    await user.tab({ shift: true });
    expect(inviteRole).toHaveFocus();
    await user.tab();
    expect(close).toHaveFocus();
    for (let i = 0; i < 10; i += 1) {
      await user.tab();
      expect(dialog).toContainElement(document.activeElement as HTMLElement);
    }
    for (let i = 0; i < 10; i += 1) {
      await user.tab({ shift: true });
      expect(dialog).toContainElement(document.activeElement as HTMLElement);
    }

    // Once there is an email, Invite takes focus and is the last stop.
    await user.type(within(dialog).getByLabelText('Email'), 'carol@example.com');
    const inviteButton = within(dialog).getByRole('button', { name: 'Invite' });
    inviteButton.focus();
    await user.tab();
    expect(close).toHaveFocus();

    // Focus on <body> (a focused control just went disabled, as Invite does after an invitation):
    // Tab comes back into the dialog, not to the page behind it.
    (document.activeElement as HTMLElement).blur();
    expect(document.body).toHaveFocus();
    await user.tab();
    expect(close).toHaveFocus();
    (document.activeElement as HTMLElement).blur();
    await user.tab({ shift: true });
    expect(inviteButton).toHaveFocus();

    expect(onClose).not.toHaveBeenCalled();
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('gives the owner no way to leave', async () => {
    renderDialog(PROJECT);
    await screen.findByRole('list', { name: 'Members' });
    expect(screen.queryByRole('button', { name: 'Leave project' })).toBeNull();
  });
});
