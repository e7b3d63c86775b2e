import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ThemeToggle } from '../components/theme-toggle';
import { followSystemTheme, THEME_STORAGE_KEY } from '../utils/theme';

/** A matchMedia whose dark-scheme answer the test sets, and whose change it fires. */
function fakeSystemScheme(dark: boolean) {
  const listeners = new Set<() => void>();
  const query = {
    get matches() {
      return dark;
    },
    addEventListener: (_: string, fn: () => void) => listeners.add(fn),
    removeEventListener: (_: string, fn: () => void) => listeners.delete(fn),
  };
  vi.stubGlobal('matchMedia', () => query);
  return (next: boolean) => {
    dark = next;
    listeners.forEach((fn) => fn());
  };
}

afterEach(() => {
  localStorage.clear();
  delete document.documentElement.dataset.theme;
  vi.unstubAllGlobals();
});

describe('ThemeToggle', () => {
  it('cycles System → Light → Dark → System, names the current choice, and keeps it on the device', async () => {
    fakeSystemScheme(true);
    render(<ThemeToggle />);
    const user = userEvent.setup();

    const toggle = screen.getByRole('button', { name: 'Theme: System' });
    await user.click(toggle);
    expect(toggle).toHaveAccessibleName('Theme: Light');
    expect(document.documentElement.dataset.theme).toBe('light');
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('light');

    await user.click(toggle);
    expect(toggle).toHaveAccessibleName('Theme: Dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');

    await user.click(toggle);
    expect(toggle).toHaveAccessibleName('Theme: System');
    // Back to the system's, which is dark here.
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
  });

  it('starts from the choice stored on this device', () => {
    fakeSystemScheme(false);
    localStorage.setItem(THEME_STORAGE_KEY, 'dark');
    render(<ThemeToggle />);
    expect(screen.getByRole('button', { name: 'Theme: Dark' })).toBeInTheDocument();
  });
});

describe('followSystemTheme', () => {
  it('follows the system while the choice is System, and not once one is forced', () => {
    const setSystemDark = fakeSystemScheme(false);
    const stop = followSystemTheme();

    setSystemDark(true);
    expect(document.documentElement.dataset.theme).toBe('dark');

    localStorage.setItem(THEME_STORAGE_KEY, 'light');
    document.documentElement.dataset.theme = 'light';
    setSystemDark(false);
    setSystemDark(true);
    expect(document.documentElement.dataset.theme).toBe('light');
    stop();
  });
});
