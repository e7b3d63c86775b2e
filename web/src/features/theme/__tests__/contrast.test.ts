import { describe, expect, it } from 'vitest';
import appStyles from '@/index.css?raw';

/** The custom properties set in the first rule whose selector is exactly `selector`. */
function palette(selector: string): Record<string, string> {
  const start = appStyles.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`index.css has no ${selector} rule`);
  const body = appStyles.slice(start, appStyles.indexOf('}', start));
  const colours: Record<string, string> = {};
  for (const [, name, value] of body.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)) {
    if (name && value) colours[name] = value;
  }
  return colours;
}

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

// Text on each background it is drawn on: 4.5:1 (WCAG AA, normal text).
const TEXT_PAIRS: [string, string][] = [
  ['text', 'bg'],
  ['text', 'card'],
  ['text', 'input-bg'],
  ['text', 'accent-soft'],
  ['text', 'overdue-bg'],
  ['text', 'warning-bg'],
  ['muted', 'bg'],
  ['muted', 'card'],
  ['muted', 'overdue-bg'],
  ['accent', 'bg'],
  ['accent', 'card'],
  ['accent', 'accent-soft'],
  ['on-accent', 'accent'],
  ['danger', 'card'],
  ['danger', 'overdue-bg'],
  ['on-danger', 'danger'],
  ['success', 'card'],
  ['priority-low', 'card'],
  ['priority-medium', 'card'],
  ['priority-high', 'card'],
  ['priority-high', 'overdue-bg'],
];

// A control's edge and the focus ring against what surrounds them: 3:1 (WCAG 1.4.11).
const CONTROL_PAIRS: [string, string][] = [
  ['control-border', 'bg'],
  ['control-border', 'card'],
  ['control-border', 'input-bg'],
  ['focus', 'bg'],
  ['focus', 'card'],
];

describe.each([
  ['light', ':root'],
  ['dark', ":root[data-theme='dark']"],
])('the %s theme', (_name, selector) => {
  const colours = palette(selector);
  const colour = (name: string) => {
    const value = colours[name];
    if (!value) throw new Error(`${selector} sets no --${name}`);
    return value;
  };

  it.each(TEXT_PAIRS)('draws --%s on --%s at 4.5:1 or more', (fg, bg) => {
    expect(contrast(colour(fg), colour(bg))).toBeGreaterThanOrEqual(4.5);
  });

  it.each(CONTROL_PAIRS)('draws --%s against --%s at 3:1 or more', (fg, bg) => {
    expect(contrast(colour(fg), colour(bg))).toBeGreaterThanOrEqual(3);
  });
});
