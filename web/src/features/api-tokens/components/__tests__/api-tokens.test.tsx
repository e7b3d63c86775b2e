import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { UserTimeZoneProvider } from '@/hooks/use-user-time-zone';
import { apiError, mockApi, resetApi, type MockHandler } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import type { ApiToken, CreateApiTokenInput } from '@/features/api-tokens/types';
import { ApiTokensPanel } from '../api-tokens-panel';

const SECRET = 'tt_0123456789abcdefghijklmnopqrstuvwxyz';

function makeToken(overrides: Partial<ApiToken> = {}): ApiToken {
  return {
    id: 1,
    name: 'Nightly backup',
    scopes: ['account:export'],
    created_at: '2026-11-25T12:00:00Z',
    expires_at: null,
    last_used_at: null,
    ...overrides,
  };
}

/** A fake server holding `initial`; POST adds a token (answering it with its secret once). */
function tokenServer(initial: ApiToken[], overrides: Record<string, MockHandler> = {}) {
  let tokens = [...initial];
  return mockApi({
    'GET /users/me/api-tokens': () => ({ status: 200, data: { items: tokens } }),
    'POST /users/me/api-tokens': (request) => {
      const body = request.body as CreateApiTokenInput;
      const token = makeToken({
        id: 10 + tokens.length,
        name: body.name,
        scopes: body.scopes,
        expires_at: body.expires_in_days ? '2026-12-31T12:00:00Z' : null,
      });
      tokens = [...tokens, token];
      return { status: 201, data: { ...token, token: SECRET } };
    },
    'DELETE /users/me/api-tokens/1': () => {
      tokens = tokens.filter((t) => t.id !== 1);
      return { status: 204 };
    },
    ...overrides,
  });
}

const renderPanel = () =>
  renderWithClient(
    <UserTimeZoneProvider timeZone="UTC">
      <ApiTokensPanel />
    </UserTimeZoneProvider>,
  );

describe('the API tokens page', () => {
  afterEach(resetApi);

  it('lists each token with its scopes, dates and last use ("never" when unused)', async () => {
    tokenServer([
      makeToken(),
      makeToken({
        id: 2,
        name: 'Importer',
        scopes: ['tasks:write', 'projects:read'],
        expires_at: '2027-01-05T09:30:00Z',
        last_used_at: '2026-11-30T08:15:00Z',
      }),
    ]);
    renderPanel();
    const table = await screen.findByRole('table', { name: 'Your API tokens' });
    const [backup, importer] = within(table).getAllByRole('row').slice(1);
    if (!backup || !importer) throw new Error('expected two rows');
    expect(within(backup).getByRole('rowheader')).toHaveTextContent('Nightly backup');
    expect(
      within(backup)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['account:export', expect.stringContaining('25 Nov'), 'never', 'never', 'Revoke']);
    expect(
      within(within(importer).getByRole('list', { name: 'Scopes of Importer' }))
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['tasks:write', 'projects:read']);
    const cells = within(importer).getAllByRole('cell');
    expect(cells[2]).toHaveTextContent(/5 Jan 2027, 09:30/);
    expect(cells[3]).toHaveTextContent(/30 Nov.*08:15/);
  });

  it('says so when there are none, and shows a failed load with a retry', async () => {
    let fail = true;
    mockApi({
      'GET /users/me/api-tokens': () =>
        fail
          ? apiError(503, 'unavailable', 'The token store cannot be reached.')
          : { status: 200, data: { items: [] } },
    });
    const user = userEvent.setup();
    renderPanel();
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The token store cannot be reached.',
    );
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText(/No API tokens yet/)).toBeInTheDocument();
  });

  it('offers the seven scopes, each described in plain words', () => {
    tokenServer([]);
    renderPanel();
    const scopes = screen.getByRole('group', { name: 'What it may do' });
    const boxes = within(scopes).getAllByRole('checkbox');
    expect(boxes.map((box) => box.closest('label')?.textContent)).toEqual([
      'tasks:read',
      'tasks:write',
      'projects:read',
      'projects:write',
      'notifications:read',
      'notifications:write',
      'account:export',
    ]);
    for (const box of boxes) expect(box).toHaveAccessibleDescription(/\w.+\./);
    expect(
      within(scopes).getByRole('checkbox', { name: 'account:export' }),
    ).toHaveAccessibleDescription(/export of your whole account/);
  });

  it('creates a token, shows it once with a warning and a Copy button, and never again', async () => {
    const { calls } = tokenServer([]);
    const user = userEvent.setup();
    const { queryClient } = renderPanel();
    await screen.findByText(/No API tokens yet/);
    const form = screen.getByRole('form', { name: 'New API token' });
    await user.type(within(form).getByLabelText('Name'), '  Importer ');
    // Ticked out of order, sent in the contract's order.
    await user.click(within(form).getByRole('checkbox', { name: 'projects:read' }));
    await user.click(within(form).getByRole('checkbox', { name: 'tasks:write' }));
    await user.type(within(form).getByLabelText('Expires after (days)'), '30');
    await user.click(within(form).getByRole('button', { name: 'Create token' }));

    const shown = await screen.findByRole('region', { name: 'Your new token “Importer”' });
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'Importer',
      scopes: ['tasks:write', 'projects:read'],
      expires_in_days: 30,
    });
    const field = within(shown).getByRole('textbox', { name: 'The new token' });
    expect(field).toHaveValue(SECRET);
    expect(field).toHaveAccessibleDescription(/it will not be shown again/);
    expect(shown).toHaveFocus();
    await user.click(within(shown).getByRole('button', { name: 'Copy' }));
    expect(await within(shown).findByText('Copied to the clipboard.')).toBeInTheDocument();
    expect(await navigator.clipboard.readText()).toBe(SECRET);

    // The list shows the new token, without its secret; the cache never held the secret.
    const table = await screen.findByRole('table', { name: 'Your API tokens' });
    expect(within(table).getByRole('rowheader', { name: 'Importer' })).toBeInTheDocument();
    expect(table).not.toHaveTextContent(SECRET);
    expect(
      JSON.stringify(
        queryClient
          .getQueryCache()
          .getAll()
          .map((q) => q.state.data),
      ),
    ).not.toContain(SECRET);
    // The form is ready for another one.
    expect(within(form).getByLabelText('Name')).toHaveValue('');

    await user.click(within(shown).getByRole('button', { name: 'I have copied it' }));
    expect(screen.queryByRole('region', { name: /Your new token/ })).toBeNull();
    expect(screen.queryByDisplayValue(SECRET)).toBeNull();
  });

  it('sends no expiry when the field is empty', async () => {
    const { calls } = tokenServer([]);
    const user = userEvent.setup();
    renderPanel();
    const form = screen.getByRole('form', { name: 'New API token' });
    await user.type(within(form).getByLabelText('Name'), 'Backup');
    await user.click(within(form).getByRole('checkbox', { name: 'account:export' }));
    await user.click(within(form).getByRole('button', { name: 'Create token' }));
    await screen.findByRole('region', { name: 'Your new token “Backup”' });
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'Backup',
      scopes: ['account:export'],
    });
  });

  it('asks for a name, a scope and a sane expiry before sending anything', async () => {
    const { calls } = tokenServer([]);
    const user = userEvent.setup();
    renderPanel();
    const form = screen.getByRole('form', { name: 'New API token' });
    await user.type(within(form).getByLabelText('Expires after (days)'), '3651');
    await user.click(within(form).getByRole('button', { name: 'Create token' }));
    expect(within(form).getByLabelText('Name')).toHaveAccessibleDescription(/Enter a name/);
    expect(within(form).getByRole('group', { name: 'What it may do' })).toHaveAccessibleDescription(
      'Choose at least one scope.',
    );
    expect(within(form).getByLabelText('Expires after (days)')).toHaveAccessibleDescription(
      /A whole number of days from 1 to 3650/,
    );
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('shows what the server refused, by field', async () => {
    tokenServer([], {
      'POST /users/me/api-tokens': () =>
        apiError(422, 'validation_failed', 'Validation failed.', {
          name: 'at most 100 characters',
        }),
    });
    const user = userEvent.setup();
    renderPanel();
    const form = screen.getByRole('form', { name: 'New API token' });
    await user.type(within(form).getByLabelText('Name'), 'Backup');
    await user.click(within(form).getByRole('checkbox', { name: 'tasks:read' }));
    await user.click(within(form).getByRole('button', { name: 'Create token' }));
    await waitFor(() =>
      expect(within(form).getByLabelText('Name')).toHaveAccessibleDescription(
        /at most 100 characters/,
      ),
    );
    expect(screen.queryByRole('region', { name: /Your new token/ })).toBeNull();
  });

  it('revokes a token only once confirmed', async () => {
    const { calls } = tokenServer([makeToken()]);
    const user = userEvent.setup();
    renderPanel();
    const table = await screen.findByRole('table', { name: 'Your API tokens' });
    await user.click(within(table).getByRole('button', { name: 'Revoke Nightly backup' }));
    const confirm = within(table).getByRole('group', { name: 'Confirm revoking Nightly backup' });
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);

    await user.click(within(table).getByRole('button', { name: 'Revoke Nightly backup' }));
    await user.click(screen.getByRole('button', { name: 'Yes, revoke' }));
    expect(await screen.findByText(/No API tokens yet/)).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.url)).toEqual([
      '/users/me/api-tokens/1',
    ]);
  });
});
