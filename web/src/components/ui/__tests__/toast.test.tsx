import { act, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TOAST_DURATION_MS, Toaster, toast } from '../toast';

afterEach(() => {
  vi.useRealTimers();
  act(() => toast.clear());
});

describe('Toaster', () => {
  it('announces a toast in a polite live region that was there before it', () => {
    render(<Toaster />);
    const region = screen.getByRole('list');
    expect(region).toHaveAttribute('aria-live', 'polite');
    expect(region).toBeEmptyDOMElement();

    act(() => {
      toast.show({ message: 'Task completed', action: { label: 'Undo', run: vi.fn() } });
    });

    expect(region).toHaveTextContent('Task completed · Undo');
  });

  it('calls Undo back once, from the keyboard, and goes away', async () => {
    const run = vi.fn();
    const user = userEvent.setup();
    render(<Toaster />);
    act(() => {
      toast.show({ message: 'Task deleted', action: { label: 'Undo', run } });
    });

    await user.tab();
    expect(screen.getByRole('button', { name: 'Undo' })).toHaveFocus();
    await user.keyboard('{Enter}');

    expect(run).toHaveBeenCalledOnce();
    expect(screen.queryByText('Task deleted')).not.toBeInTheDocument();
  });

  it('expires after 5 s, not before', () => {
    vi.useFakeTimers();
    render(<Toaster />);
    act(() => {
      toast.show({ message: 'Task completed', action: { label: 'Undo', run: vi.fn() } });
    });

    act(() => {
      vi.advanceTimersByTime(TOAST_DURATION_MS - 1);
    });
    expect(screen.getByText('Task completed')).toBeInTheDocument();
    act(() => {
      vi.advanceTimersByTime(1);
    });
    expect(screen.queryByText('Task completed')).not.toBeInTheDocument();
  });

  it('waits while the pointer is on it, then takes up the time left', () => {
    vi.useFakeTimers();
    render(<Toaster />);
    act(() => {
      toast.show({ message: 'Moved to Work', action: { label: 'Undo', run: vi.fn() } });
    });
    const item = screen.getByText('Moved to Work').closest('li');
    if (!item) throw new Error('no toast');

    act(() => {
      vi.advanceTimersByTime(2_000);
    });
    fireEvent.pointerEnter(item);
    act(() => {
      vi.advanceTimersByTime(60_000);
    });
    expect(screen.getByText('Moved to Work')).toBeInTheDocument();

    fireEvent.pointerLeave(item);
    act(() => {
      vi.advanceTimersByTime(TOAST_DURATION_MS - 2_001);
    });
    expect(screen.getByText('Moved to Work')).toBeInTheDocument();
    act(() => {
      vi.advanceTimersByTime(1);
    });
    expect(screen.queryByText('Moved to Work')).not.toBeInTheDocument();
  });

  it('waits while focus is in it (a keyboard user on its way to Undo)', () => {
    vi.useFakeTimers();
    render(<Toaster />);
    act(() => {
      toast.show({ message: 'Task deleted', action: { label: 'Undo', run: vi.fn() } });
    });
    const undo = screen.getByRole('button', { name: 'Undo' });

    act(() => {
      undo.focus();
      vi.advanceTimersByTime(60_000);
    });
    expect(screen.getByText('Task deleted')).toBeInTheDocument();
    act(() => {
      undo.blur();
      vi.advanceTimersByTime(TOAST_DURATION_MS);
    });
    expect(screen.queryByText('Task deleted')).not.toBeInTheDocument();
  });

  it('stacks up to three, dropping the oldest; the undo shortcut runs the newest', () => {
    const runs = [vi.fn(), vi.fn(), vi.fn(), vi.fn()];
    render(<Toaster />);
    act(() => {
      runs.forEach((run, i) =>
        toast.show({ message: `Task ${i}`, action: { label: 'Undo', run } }),
      );
    });

    expect(
      screen.getAllByRole('listitem').map((li) => /Task \d/.exec(li.textContent)?.[0]),
    ).toEqual(['Task 1', 'Task 2', 'Task 3']);
    act(() => {
      expect(toast.runLatestAction()).toBe(true);
    });
    expect(runs[3]).toHaveBeenCalledOnce();
    expect(runs[2]).not.toHaveBeenCalled();
    expect(screen.queryByText('Task 3')).not.toBeInTheDocument();
  });
});
