import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ShortcutSheet } from '@/components/ui/shortcut-sheet';
import { toast } from '@/components/ui/toast';
import { SHORTCUTS, isTypingTarget, useShortcuts } from '../use-shortcuts';

/** A page with what the shortcuts look for: the quick add, the search, two tasks. */
function Page({ onToggle = vi.fn() }: { onToggle?: () => void }) {
  const { sheetOpen, closeSheet } = useShortcuts();
  return (
    <>
      <input id="quick-add" aria-label="Quick add" />
      <input id="task-search" aria-label="Search" type="search" />
      <textarea aria-label="Notes" />
      <select aria-label="Priority">
        <option>low</option>
      </select>
      <ul>
        {['Buy milk', 'Pay rent'].map((title, i) => (
          <li key={title} data-task-id={i + 1} tabIndex={-1} aria-label={title}>
            <input
              type="checkbox"
              data-shortcut="toggle"
              aria-label={`Completed: ${title}`}
              onChange={onToggle}
            />
          </li>
        ))}
      </ul>
      {sheetOpen && <ShortcutSheet shortcuts={SHORTCUTS} onClose={closeSheet} />}
    </>
  );
}

describe('useShortcuts', () => {
  beforeEach(() => {
    act(() => toast.clear());
  });

  it('q focuses the quick add and / the search, without typing the key into them', async () => {
    const user = userEvent.setup();
    render(<Page />);

    await user.keyboard('q');
    expect(screen.getByLabelText('Quick add')).toHaveFocus();
    expect(screen.getByLabelText('Quick add')).toHaveValue('');

    await user.click(document.body);
    await user.keyboard('/');
    expect(screen.getByLabelText('Search')).toHaveFocus();
    expect(screen.getByLabelText('Search')).toHaveValue('');
  });

  it('Escape leaves the search, and the next key is a shortcut again', async () => {
    const user = userEvent.setup();
    render(<Page />);

    await user.keyboard('/');
    await user.keyboard('milk{Escape}j');
    expect(screen.getByLabelText('Search')).toHaveValue('milk');
    expect(screen.getByRole('listitem', { name: 'Buy milk' })).toHaveFocus();
  });

  it('does nothing while the user types in a field, a textarea or a select', async () => {
    const user = userEvent.setup();
    render(<Page />);

    await user.click(screen.getByLabelText('Search'));
    await user.keyboard('jq/');
    expect(screen.getByLabelText('Search')).toHaveFocus();
    expect(screen.getByLabelText('Search')).toHaveValue('jq/');

    await user.click(screen.getByLabelText('Notes'));
    await user.keyboard('q');
    expect(screen.getByLabelText('Notes')).toHaveFocus();

    expect(isTypingTarget(screen.getByLabelText('Priority'))).toBe(true);
    expect(isTypingTarget(screen.getByLabelText('Completed: Buy milk'))).toBe(false);
    const editable = document.createElement('div');
    editable.setAttribute('contenteditable', '');
    document.body.append(editable);
    expect(isTypingTarget(editable)).toBe(true);
    editable.remove();
  });

  it('does nothing with Ctrl, Meta or Alt held', async () => {
    const user = userEvent.setup();
    render(<Page />);

    await user.keyboard('{Control>}q{/Control}{Meta>}j{/Meta}{Alt>}/{/Alt}');
    expect(document.body).toHaveFocus();
  });

  it('j and k walk the tasks in page order; x presses the focused one’s checkbox', async () => {
    const onToggle = vi.fn();
    const user = userEvent.setup();
    render(<Page onToggle={onToggle} />);

    await user.keyboard('j');
    expect(screen.getByRole('listitem', { name: 'Buy milk' })).toHaveFocus();
    await user.keyboard('j');
    expect(screen.getByRole('listitem', { name: 'Pay rent' })).toHaveFocus();
    await user.keyboard('j');
    expect(screen.getByRole('listitem', { name: 'Pay rent' })).toHaveFocus();
    await user.keyboard('k');
    expect(screen.getByRole('listitem', { name: 'Buy milk' })).toHaveFocus();

    await user.keyboard('x');
    expect(onToggle).toHaveBeenCalledOnce();
    expect(screen.getByRole('checkbox', { name: 'Completed: Buy milk' })).toBeChecked();
    await user.keyboard(' ');
    expect(onToggle).toHaveBeenCalledTimes(2);
    expect(screen.getByRole('listitem', { name: 'Buy milk' })).toHaveFocus();
  });

  it('z runs the newest toast’s Undo', async () => {
    const run = vi.fn();
    const user = userEvent.setup();
    render(<Page />);
    act(() => {
      toast.show({ message: 'Task deleted', action: { label: 'Undo', run } });
    });

    await user.keyboard('z');
    expect(run).toHaveBeenCalledOnce();
  });

  it('? opens the sheet listing every shortcut; Escape closes it and focus goes back', async () => {
    const user = userEvent.setup();
    render(<Page />);

    await user.keyboard('j');
    await user.keyboard('?');
    const sheet = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    for (const { action } of SHORTCUTS) expect(sheet).toHaveTextContent(action);
    // Keys do nothing behind the modal sheet.
    await user.keyboard('j');
    expect(sheet).toHaveFocus();

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('listitem', { name: 'Buy milk' })).toHaveFocus();
  });
});
