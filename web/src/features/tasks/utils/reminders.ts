import type { Reminder, ReminderInput } from '@/types/api';
import { formatShortDateTime } from '@/utils/dates';

/** The contract's limits on a task's reminders. */
export const MAX_REMINDERS = 10;
export const MAX_BEFORE_DUE_MINUTES = 525_600;

export const REMINDER_UNITS = [
  { value: 'minutes', minutes: 1, singular: 'minute', plural: 'minutes' },
  { value: 'hours', minutes: 60, singular: 'hour', plural: 'hours' },
  { value: 'days', minutes: 1440, singular: 'day', plural: 'days' },
] as const;
export type ReminderUnit = (typeof REMINDER_UNITS)[number]['value'];

/** A reminder of the server's as the form writes it back: the same entry keeps its id and sent state. */
export function toReminderInput(reminder: Reminder): ReminderInput {
  // The server writes exactly one of the two keys; without minutes, the reminder is at an instant.
  return reminder.before_due_minutes == null
    ? { at: reminder.at ?? reminder.fires_at }
    : { before_due_minutes: reminder.before_due_minutes };
}

/** The contract's "equal": the same instant, or the same number of minutes. */
export function sameReminder(a: ReminderInput, b: ReminderInput): boolean {
  if ('at' in a) return 'at' in b && Date.parse(a.at) === Date.parse(b.at);
  return 'before_due_minutes' in b && a.before_due_minutes === b.before_due_minutes;
}

/** Whether two lists hold the same reminders, in any order. */
export function sameReminders(a: readonly ReminderInput[], b: readonly ReminderInput[]): boolean {
  return a.length === b.length && a.every((x) => b.some((y) => sameReminder(x, y)));
}

export const isRelative = (reminder: ReminderInput) => 'before_due_minutes' in reminder;

/** "1 hour before due", "90 minutes before due", "At due time": in the largest whole unit. */
export function describeBeforeDue(minutes: number): string {
  if (minutes === 0) return 'At due time';
  const unit = [...REMINDER_UNITS].reverse().find((u) => minutes % u.minutes === 0);
  const n = unit ? minutes / unit.minutes : minutes;
  const name = unit ? (n === 1 ? unit.singular : unit.plural) : 'minutes';
  return `${n} ${name} before due`;
}

/** A reminder in a few words, its time shown in `timeZone` (see formatShortDateTime for `now`). */
export function describeReminder(
  reminder: ReminderInput,
  timeZone: string,
  now = Date.now(),
): string {
  return 'at' in reminder
    ? `At ${formatShortDateTime(reminder.at, timeZone, now)}`
    : describeBeforeDue(reminder.before_due_minutes);
}
