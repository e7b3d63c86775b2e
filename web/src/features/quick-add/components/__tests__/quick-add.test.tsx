import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UserTimeZoneProvider } from '@/hooks/use-user-time-zone';
import { apiClient } from '@/lib/api-client';
import type { CreateTaskInput } from '@/types/api';
import { apiError, mockApi, resetApi, type MockReply } from '@/testing/mock-api';
import { stubBrowserTimeZone } from '@/testing/time-zone';
import { QuickAdd, type QuickAddDraft } from '../quick-add';

const PROJECTS = [
  { id: 1, name: 'Inbox' },
  { id: 2, name: 'Work' },
  { id: 3, name: 'Home renovation' },
  { id: 4, name: 'Home' },
];

/** Tuesday 1 December 2026, 19:00 in Berlin. */
const NOW = new Date('2026-12-01T18:00:00Z');

function renderQuickAdd({
  timeZone = 'Europe/Berlin',
  reply = (): MockReply => ({ status: 201, data: {} }),
  onMoreOptions = vi.fn<(draft: QuickAddDraft) => void>(),
}: {
  timeZone?: string;
  reply?: () => MockReply;
  onMoreOptions?: (draft: QuickAddDraft) => void;
} = {}) {
  const { calls } = mockApi({ 'POST /tasks': reply });
  render(
    <UserTimeZoneProvider timeZone={timeZone}>
      <QuickAdd
        projects={PROJECTS}
        defaultProjectId={1}
        onCreate={(input: CreateTaskInput) => apiClient.post('/tasks', input)}
        onMoreOptions={onMoreOptions}
        moreOptionsOpen={false}
        moreOptionsId="full-form"
      />
    </UserTimeZoneProvider>,
  );
  const posts = () => calls.filter((c) => c.method === 'POST').map((c) => c.body);
  return { input: screen.getByRole('combobox', { name: 'Quick add' }), posts };
}

describe('QuickAdd', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    // The browser's zone differs from the user's: the user's is the one that counts.
    stubBrowserTimeZone('Asia/Tokyo');
  });
  afterEach(() => {
    vi.useRealTimers();
    resetApi();
  });

  it('is the input the q key focuses', () => {
    const { input } = renderQuickAdd();
    expect(input).toHaveAttribute('id', 'quick-add');
  });

  it('marks and lists the parts it recognises before Enter', async () => {
    const user = userEvent.setup();
    const { input, posts } = renderQuickAdd();
    const line = 'Pay rent tomorrow 9am !high #home every monday';
    await user.type(input, line);

    const preview = document.getElementById(
      input.getAttribute('aria-describedby')?.split(' ')[0] ?? '',
    );
    expect(preview).toHaveTextContent(
      'Recognised: Due: Wed 2 Dec, 09:00 · Priority: high · Label: home · Repeats: every Monday',
    );
    const marks = [...document.querySelectorAll('mark')].map((m) => [
      m.dataset.kind,
      m.textContent,
    ]);
    expect(marks).toEqual([
      ['due', 'tomorrow 9am'],
      ['priority', '!high'],
      ['label', '#home'],
      ['recurrence', 'every monday'],
    ]);
    // The marks sit behind the very letters of the line.
    expect(document.querySelector('.quick-add-mirror')).toHaveTextContent(line);
    expect(posts()).toEqual([]);
  });

  it('creates the task on Enter, in the user’s zone, and clears the line keeping the focus', async () => {
    const user = userEvent.setup();
    const { input, posts } = renderQuickAdd({ timeZone: 'America/New_York' });
    await user.type(input, 'Pay rent tomorrow 9am !high #home{Enter}');

    await screen.findByText('Added “Pay rent”.');
    expect(posts()).toEqual([
      {
        title: 'Pay rent',
        project_id: 1,
        due_date: '2026-12-02T14:00:00Z',
        priority: 'high',
        labels: ['home'],
      },
    ]);
    expect(input).toHaveValue('');
    expect(input).toHaveFocus();
  });

  it('sends a rule, and its first occurrence as the due date', async () => {
    const user = userEvent.setup();
    const { input, posts } = renderQuickAdd();
    await user.type(input, 'Standup every 2 weeks on mon{Enter}');
    await screen.findByText('Added “Standup”.');
    expect(posts()).toEqual([
      {
        title: 'Standup',
        project_id: 1,
        due_date: '2026-12-07T08:00:00Z',
        recurrence: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO',
      },
    ]);
  });

  it('completes a project name after @ from a listbox, with the arrow keys and Enter', async () => {
    const user = userEvent.setup();
    const { input, posts } = renderQuickAdd();
    await user.type(input, 'Paint @ho');

    const listbox = screen.getByRole('listbox', { name: 'Projects' });
    expect(input).toHaveAttribute('aria-expanded', 'true');
    expect(input).toHaveAttribute('aria-controls', listbox.id);
    const options = screen.getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['Home', 'Home renovation']);

    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(input).toHaveAttribute('aria-activedescendant', options[1]?.id);
    expect(options[1]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowDown}');
    expect(input).toHaveAttribute('aria-activedescendant', options[0]?.id);
    await user.keyboard('{ArrowUp}{Enter}');

    // Enter took the option, not the line.
    expect(input).toHaveValue('Paint @Home renovation ');
    expect(posts()).toEqual([]);
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(input).toHaveAttribute('aria-expanded', 'false');
    expect(screen.getByText('Project: Home renovation')).toBeInTheDocument();

    await user.type(input, 'walls{Enter}');
    await screen.findByText('Added “Paint walls”.');
    expect(posts()).toEqual([{ title: 'Paint walls', project_id: 3 }]);
  });

  it('quotes a picked name that a longer one starts with, and Escape closes the list', async () => {
    const user = userEvent.setup();
    const { input } = renderQuickAdd();
    await user.type(input, 'Sweep @');
    expect(screen.getAllByRole('option')).toHaveLength(4);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();

    await user.type(input, 'Ho');
    expect(screen.queryByRole('listbox')).toBeNull();
    await user.clear(input);
    await user.type(input, 'Sweep @Ho');
    await user.click(screen.getByRole('option', { name: 'Home' }));
    expect(input).toHaveValue('Sweep @"Home" ');
    expect(input).toHaveFocus();
    expect(screen.getByText('Project: Home')).toBeInTheDocument();
  });

  it('says in words why the server refused, and keeps the line', async () => {
    const user = userEvent.setup();
    const { input } = renderQuickAdd({
      reply: () =>
        apiError(422, 'validation_failed', 'Invalid input.', {
          labels: 'at most 20 labels',
        }),
    });
    await user.type(input, 'Sort #a{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Not added. Labels: at most 20 labels.',
    );
    expect(input).toHaveValue('Sort #a');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(input).toHaveFocus());
  });

  it('asks for a title when the line holds only a date', async () => {
    const user = userEvent.setup();
    const { input, posts } = renderQuickAdd();
    await user.type(input, 'tomorrow 9am{Enter}');
    expect(screen.getByRole('alert')).toHaveTextContent('Add a title as well');
    expect(posts()).toEqual([]);
  });

  it('hands what the line says to “More options”, and empties the line', async () => {
    const user = userEvent.setup();
    const onMoreOptions = vi.fn<(draft: QuickAddDraft) => void>();
    const { input } = renderQuickAdd({ onMoreOptions });
    await user.type(input, 'Paint @Work tomorrow 9am !urgent');
    const more = screen.getByRole('button', { name: 'More options' });
    expect(more).toHaveAttribute('aria-expanded', 'false');
    expect(more).toHaveAttribute('aria-controls', 'full-form');
    await user.click(more);
    expect(onMoreOptions).toHaveBeenCalledWith(
      expect.objectContaining({
        title: 'Paint',
        projectId: 2,
        priority: 'urgent',
        due_date: '2026-12-02T08:00:00Z',
      }),
    );
    expect(input).toHaveValue('');
  });
});
