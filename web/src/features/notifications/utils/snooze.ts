import { wallTimeToInstant, zonedParts } from '@/utils/time-zones';

/** The contract's bounds on a snooze, in minutes. */
export const MIN_SNOOZE_MINUTES = 1;
export const MAX_SNOOZE_MINUTES = 1440;

const clamp = (minutes: number) =>
  Math.min(MAX_SNOOZE_MINUTES, Math.max(MIN_SNOOZE_MINUTES, minutes));

/**
 * Minutes from `now` to `hour`:00 tomorrow in `timeZone` (tomorrow by that zone's calendar),
 * rounded to the nearest minute and held to what a snooze may be: more than a day ahead (early in
 * the morning) is a day.
 */
export function minutesUntilTomorrowAt(hour: number, timeZone: string, now: number): number {
  const today = zonedParts(now, timeZone);
  // Date.UTC carries day 32 into the next month, and 31 December into January.
  const tomorrow = new Date(Date.UTC(today.year, today.month - 1, today.day + 1));
  const target = wallTimeToInstant(
    {
      year: tomorrow.getUTCFullYear(),
      month: tomorrow.getUTCMonth() + 1,
      day: tomorrow.getUTCDate(),
      hour,
      minute: 0,
    },
    timeZone,
  );
  return clamp(Math.round((target - now) / 60_000));
}

export type SnoozeOption = {
  /** The button's text. */
  label: string;
  /** Read before the label by screen readers, to make the button's name ("Snooze 10 min"). */
  lead: string;
  minutes: (now: number) => number;
};

/** What the bell offers. */
export function snoozeOptions(timeZone: string): SnoozeOption[] {
  return [
    { label: '10 min', lead: 'Snooze', minutes: () => 10 },
    { label: '1 h', lead: 'Snooze', minutes: () => 60 },
    {
      label: 'tomorrow 09:00',
      lead: 'Snooze until',
      minutes: (now) => minutesUntilTomorrowAt(9, timeZone, now),
    },
  ];
}

/** The minutes to send for `option` at `now`, and when the snooze ends (RFC 3339). */
export function planSnooze(option: SnoozeOption, now = Date.now()) {
  const minutes = option.minutes(now);
  return { minutes, until: new Date(now + minutes * 60_000).toISOString() };
}
