import { describe, expect, it } from 'vitest';
import { formatDue, formatShortDateTime, fromDateTimeLocal, toDateTimeLocal } from '@/utils/dates';

const now = Date.parse('2026-11-25T12:00:00Z');
const at = (offsetMs: number) => new Date(now + offsetMs).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('formatDue', () => {
  it.each([
    [2 * DAY + 5 * HOUR, 'in 2 days'],
    [DAY, 'in 1 day'],
    [3 * HOUR + 59 * MIN, 'in 3 h'],
    [45 * MIN, 'in 45 min'],
    [20 * DAY, 'in 20 days'],
    [90 * DAY, 'in 3 months'],
    [800 * DAY, 'in 2 years'],
  ])('future: %d ms from now reads "%s"', (offset, label) => {
    expect(formatDue(at(offset), now)).toEqual({ label, overdue: false });
  });

  it.each([
    [-(3 * HOUR + 20 * MIN), '3 h overdue'],
    [-5 * MIN, '5 min overdue'],
    [-2 * DAY, '2 days overdue'],
    [-DAY - HOUR, '1 day overdue'],
  ])('past and open: %d ms from now reads "%s" and is overdue', (offset, label) => {
    expect(formatDue(at(offset), now)).toEqual({ label, overdue: true });
  });

  it('reads "due now" within a minute either side', () => {
    expect(formatDue(at(30_000), now)).toEqual({ label: 'due now', overdue: false });
    expect(formatDue(at(-30_000), now)).toEqual({ label: 'due now', overdue: false });
  });

  it('never calls a completed task overdue', () => {
    expect(formatDue(at(-3 * HOUR), now, true)).toEqual({
      label: 'was due 3 h ago',
      overdue: false,
    });
    expect(formatDue(at(2 * DAY), now, true)).toEqual({ label: 'in 2 days', overdue: false });
  });
});

describe('datetime-local conversion', () => {
  it('round-trips an instant through the input value at minute precision', () => {
    const iso = '2026-12-01T17:00:00Z';
    expect(fromDateTimeLocal(toDateTimeLocal(iso))).toBe(iso);
  });

  it('keeps the seconds of an instant that has them', () => {
    const iso = '2026-12-01T17:00:05Z';
    expect(toDateTimeLocal(iso)).toMatch(/:05$/);
    expect(fromDateTimeLocal(toDateTimeLocal(iso))).toBe(iso);
  });

  it('treats an empty input as no time', () => {
    expect(fromDateTimeLocal('')).toBeNull();
    expect(toDateTimeLocal(null)).toBe('');
  });
});

describe('formatShortDateTime', () => {
  it('reads "Tue 8 Dec, 09:00" in the zone asked for', () => {
    expect(formatShortDateTime('2026-12-08T08:00:00Z', 'Europe/Berlin', now)).toBe(
      'Tue 8 Dec, 09:00',
    );
    expect(formatShortDateTime('2026-12-08T08:00:00Z', 'America/New_York', now)).toBe(
      'Tue 8 Dec, 03:00',
    );
  });

  it('adds the year when it is not this year there', () => {
    expect(formatShortDateTime('2027-12-08T08:00:00Z', 'UTC', now)).toBe('Wed 8 Dec 2027, 08:00');
  });
});
