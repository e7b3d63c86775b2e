import { describe, expect, it } from 'vitest';
import { wallTimeToInstant, zonedParts } from '@/utils/time-zones';

const at = (iso: string) => Date.parse(iso);

describe('zonedParts', () => {
  it('reads the wall-clock time and weekday of an instant in a zone', () => {
    expect(zonedParts(at('2026-12-08T23:30:00Z'), 'Europe/Berlin')).toEqual({
      year: 2026,
      month: 12,
      day: 9,
      hour: 0,
      minute: 30,
      second: 0,
      weekday: 'WE',
    });
  });
});

describe('wallTimeToInstant', () => {
  const berlin = (month: number, day: number, hour: number, minute = 0) =>
    wallTimeToInstant({ year: 2026, month, day, hour, minute }, 'Europe/Berlin');

  it('finds the instant in winter and in summer time', () => {
    expect(berlin(12, 2, 9)).toBe(at('2026-12-02T08:00:00Z'));
    expect(berlin(7, 2, 9)).toBe(at('2026-07-02T07:00:00Z'));
  });

  it('moves a time skipped by the spring change forward by the gap', () => {
    expect(berlin(3, 29, 2, 30)).toBe(at('2026-03-29T01:30:00Z'));
  });

  it('takes the first instance of a time repeated by the autumn change', () => {
    expect(berlin(10, 25, 2, 30)).toBe(at('2026-10-25T00:30:00Z'));
  });

  it('works west of UTC and across the date line', () => {
    expect(
      wallTimeToInstant({ year: 2026, month: 12, day: 1, hour: 9, minute: 0 }, 'America/New_York'),
    ).toBe(at('2026-12-01T14:00:00Z'));
    expect(
      wallTimeToInstant({ year: 2026, month: 12, day: 1, hour: 9, minute: 0 }, 'Pacific/Auckland'),
    ).toBe(at('2026-11-30T20:00:00Z'));
  });
});
