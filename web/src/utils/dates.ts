const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

function span(ms: number): string {
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h`;
  const days = Math.floor(ms / DAY);
  if (days < 60) return plural(days, 'day');
  if (days < 730) return plural(Math.floor(days / 30), 'month');
  return plural(Math.floor(days / 365), 'year');
}

export type DueLabel = { label: string; overdue: boolean };

/**
 * "in 2 days", "3 h overdue", "due now". Units are floored, so a task due in 2 days and 5 hours
 * reads "in 2 days". A completed task is never overdue; its past due date reads "was due …".
 */
export function formatDue(due: string, now: number, completed = false): DueLabel {
  const diff = new Date(due).getTime() - now;
  if (Math.abs(diff) < MINUTE) return { label: 'due now', overdue: false };
  if (diff > 0) return { label: `in ${span(diff)}`, overdue: false };
  if (completed) return { label: `was due ${span(-diff)} ago`, overdue: false };
  return { label: `${span(-diff)} overdue`, overdue: true };
}

const absoluteFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

export function formatDateTime(iso: string): string {
  return absoluteFormat.format(new Date(iso));
}

export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'long' }).format(new Date(iso));
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * An RFC 3339 instant as the value of an <input type="datetime-local"> in local time: to the
 * minute, or to the second when it has seconds (the inputs take `step="any"`, so both are valid).
 */
export function toDateTimeLocal(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const minute = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return d.getSeconds() ? `${minute}:${pad(d.getSeconds())}` : minute;
}

/** The value of an <input type="datetime-local"> (local time) as a UTC RFC 3339 instant. */
export function fromDateTimeLocal(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().replace('.000Z', 'Z');
}

const shortFormats = new Map<string, Intl.DateTimeFormat>();

function shortFormat(timeZone: string): Intl.DateTimeFormat {
  let format = shortFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat(undefined, {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    shortFormats.set(timeZone, format);
  }
  return format;
}

/**
 * "Tue 9 Dec, 09:00" in `timeZone`, with the year ("Tue 9 Dec 2027, 09:00") when it is not the
 * year of `now` there: short enough for a task line, unambiguous in a list of a yearly series.
 */
export function formatShortDateTime(iso: string, timeZone: string, now = Date.now()): string {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of shortFormat(timeZone).formatToParts(new Date(iso))) {
    parts[part.type] = part.value;
  }
  const thisYear = shortFormat(timeZone)
    .formatToParts(new Date(now))
    .find((part) => part.type === 'year')?.value;
  const year = parts.year === thisYear ? '' : ` ${parts.year ?? ''}`;
  return `${parts.weekday ?? ''} ${parts.day ?? ''} ${parts.month ?? ''}${year}, ${parts.hour ?? ''}:${parts.minute ?? ''}`;
}
