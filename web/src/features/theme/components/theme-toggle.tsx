import { useState } from 'react';
import {
  applyTheme,
  nextThemeChoice,
  storedThemeChoice,
  storeThemeChoice,
  type ThemeChoice,
} from '../utils/theme';

const LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };
const ICONS: Record<ThemeChoice, string> = { system: '◐', light: '☀', dark: '☾' };

/** One button that cycles System → Light → Dark, kept on this device. */
export function ThemeToggle() {
  const [choice, setChoice] = useState(storedThemeChoice);
  const next = nextThemeChoice(choice);

  const cycle = () => {
    storeThemeChoice(next);
    applyTheme(next);
    setChoice(next);
  };

  return (
    <button
      type="button"
      className="theme-toggle"
      aria-label={`Theme: ${LABELS[choice]}`}
      title={`Theme: ${LABELS[choice]} (switch to ${LABELS[next]})`}
      onClick={cycle}
    >
      <span aria-hidden="true">{ICONS[choice]}</span>
    </button>
  );
}
