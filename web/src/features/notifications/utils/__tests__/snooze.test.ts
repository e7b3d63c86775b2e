import { describe, expect, it } from 'vitest';
import { minutesUntilTomorrowAt, snoozeOptions } from '../snooze';

const at = (iso: string) => Date.parse(iso);

describe('snoozing until tomorrow 09:00', () => {
  it('counts the minutes to 09:00 tomorrow in the user’s zone', () => {
    // 21:00 in Berlin on 1 December; 09:00 on the 2nd there is 08:00 UTC.
    expect(minutesUntilTomorrowAt(9, 'Europe/Berlin', at('2026-12-01T20:00:00Z'))).toBe(720);
  });

  it('takes "tomorrow" from the zone’s calendar, not UTC’s', () => {
    // 22:00 on 30 November in New York (already 1 December in UTC): tomorrow is the 1st there.
    expect(minutesUntilTomorrowAt(9, 'America/New_York', at('2026-12-01T03:00:00Z'))).toBe(660);
    // 08:00 on 2 December in Auckland (still the 1st in UTC): tomorrow is the 3rd, over a day away.
    expect(minutesUntilTomorrowAt(9, 'Pacific/Auckland', at('2026-12-01T19:00:00Z'))).toBe(1440);
  });

  it('counts the hour a daylight-saving change takes away', () => {
    // 21:00 CET on 28 March 2026; 09:00 on the 29th is CEST, 07:00 UTC: 11 hours, not 12.
    expect(minutesUntilTomorrowAt(9, 'Europe/Berlin', at('2026-03-28T20:00:00Z'))).toBe(660);
  });

  it('rounds to the nearest minute, and never asks for more than a day', () => {
    expect(minutesUntilTomorrowAt(9, 'UTC', at('2026-12-01T10:00:40Z'))).toBe(1379);
    expect(minutesUntilTomorrowAt(9, 'UTC', at('2026-12-01T08:59:00Z'))).toBe(1440);
  });

  it('crosses into the next month and the next year', () => {
    expect(minutesUntilTomorrowAt(9, 'UTC', at('2026-11-30T21:00:00Z'))).toBe(720);
    expect(minutesUntilTomorrowAt(9, 'UTC', at('2026-12-31T21:00:00Z'))).toBe(720);
  });

  it('is the third option, beside 10 minutes and an hour', () => {
    const now = at('2026-12-01T20:00:00Z');
    expect(
      snoozeOptions('Europe/Berlin').map((o) => [`${o.lead} ${o.label}`, o.minutes(now)]),
    ).toEqual([
      ['Snooze 10 min', 10],
      ['Snooze 1 h', 60],
      ['Snooze until tomorrow 09:00', 720],
    ]);
  });
});
