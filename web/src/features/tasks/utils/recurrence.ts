import { WEEKDAY_NAMES, WEEKDAYS, zonedParts, type Weekday } from '@/utils/time-zones';

export const RECURRENCE_PRESETS = [
  { value: 'none', label: 'Does not repeat' },
  { value: 'daily', label: 'Every day' },
  { value: 'weekdays', label: 'Every weekday (Monday to Friday)' },
  { value: 'weekly', label: 'Every week on…' },
  { value: 'monthly-day', label: 'Every month on day…' },
  { value: 'monthly-weekday', label: 'Every month on the…' },
  { value: 'yearly', label: 'Every year' },
  { value: 'custom', label: 'Custom rule' },
] as const;
export type RecurrencePreset = (typeof RECURRENCE_PRESETS)[number]['value'];

/** Which week of the month: the first to the fourth, or the last (-1). */
export const ORDINALS = [
  { value: 1, label: 'first' },
  { value: 2, label: 'second' },
  { value: 3, label: 'third' },
  { value: 4, label: 'fourth' },
  { value: -1, label: 'last' },
] as const;
export type Ordinal = (typeof ORDINALS)[number]['value'];

const WORKING_DAYS: readonly Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR'];

/**
 * What the picker shows. Every preset's choices are kept, so switching presets back and forth
 * loses nothing; only those of `preset` go into the rule.
 */
export type RecurrenceState = {
  preset: RecurrencePreset;
  /** `weekly`: the days, in week order, never empty. */
  days: Weekday[];
  /** `monthly-day`: 1–31, or -1 for the last day. */
  monthDay: number;
  /** `monthly-weekday`: e.g. the second (2) Tuesday (TU). */
  ordinal: Ordinal;
  weekday: Weekday;
  /** `custom`: the RRULE as typed. */
  custom: string;
};

/**
 * The choices a new rule starts from: the due date's weekday and day of the month (in the task's
 * zone, where the server reads the rule), or today's without a due date.
 */
export function defaultRecurrence(dueMs: number | null, timeZone: string): RecurrenceState {
  const when = zonedParts(dueMs ?? Date.now(), timeZone);
  const week = Math.ceil(when.day / 7);
  return {
    preset: 'none',
    days: [when.weekday],
    monthDay: when.day,
    ordinal: week > 4 ? -1 : (week as Ordinal),
    weekday: when.weekday,
    custom: '',
  };
}

const byWeekOrder = (days: Iterable<Weekday>) => WEEKDAYS.filter((d) => [...days].includes(d));

/** The RRULE the picker's state stands for; empty for "does not repeat". */
export function buildRule(state: RecurrenceState): string {
  switch (state.preset) {
    case 'none':
      return '';
    case 'daily':
      return 'FREQ=DAILY';
    case 'weekdays':
      return `FREQ=WEEKLY;BYDAY=${WORKING_DAYS.join(',')}`;
    case 'weekly':
      return `FREQ=WEEKLY;BYDAY=${byWeekOrder(state.days).join(',')}`;
    case 'monthly-day':
      return `FREQ=MONTHLY;BYMONTHDAY=${state.monthDay}`;
    case 'monthly-weekday':
      return `FREQ=MONTHLY;BYDAY=${state.ordinal}${state.weekday}`;
    case 'yearly':
      return 'FREQ=YEARLY';
    case 'custom':
      return state.custom.trim();
  }
}

const isWeekday = (s: string): s is Weekday => (WEEKDAYS as readonly string[]).includes(s);

/** A rule's parts by name, or null when it is not a plain `NAME=value;…` list without repeats. */
function ruleParts(rule: string): Map<string, string> | null {
  const parts = new Map<string, string>();
  for (const part of rule.split(';')) {
    const match = /^([A-Z]+)=([A-Z0-9,+-]+)$/.exec(part);
    if (!match?.[1] || !match[2] || parts.has(match[1])) return null;
    parts.set(match[1], match[2]);
  }
  return parts;
}

/** The preset (and its choices) `rule` is, or null when it is none of them. */
function presetOf(rule: string): Partial<RecurrenceState> | null {
  const parts = ruleParts(rule);
  if (!parts) return null;
  const freq = parts.get('FREQ');
  const byDay = parts.get('BYDAY');
  const byMonthDay = parts.get('BYMONTHDAY');
  const names = [...parts.keys()].sort().join(';');

  if (freq === 'DAILY' && names === 'FREQ') return { preset: 'daily' };
  if (freq === 'YEARLY' && names === 'FREQ') return { preset: 'yearly' };
  if (freq === 'WEEKLY' && byDay && names === 'BYDAY;FREQ') {
    const days = byDay.split(',');
    if (!days.every(isWeekday) || new Set(days).size !== days.length) return null;
    const sorted = byWeekOrder(days);
    if (sorted.join(',') === WORKING_DAYS.join(',')) return { preset: 'weekdays' };
    return { preset: 'weekly', days: sorted };
  }
  if (freq === 'MONTHLY' && byMonthDay && names === 'BYMONTHDAY;FREQ') {
    const day = Number(byMonthDay);
    if (!/^-?\d+$/.test(byMonthDay) || !((day >= 1 && day <= 31) || day === -1)) return null;
    return { preset: 'monthly-day', monthDay: day };
  }
  if (freq === 'MONTHLY' && byDay && names === 'BYDAY;FREQ') {
    const match = /^(-1|[1-4])([A-Z]{2})$/.exec(byDay);
    const weekday = match?.[2];
    const ordinal = ORDINALS.find((o) => String(o.value) === match?.[1])?.value;
    if (!weekday || !isWeekday(weekday) || ordinal === undefined) return null;
    return { preset: 'monthly-weekday', ordinal, weekday };
  }
  return null;
}

/**
 * The picker's state for a saved rule: its preset when it is one (whatever the order of its
 * parts, with or without `RRULE:`), otherwise `custom` holding the rule as it is.
 */
export function parseRule(rule: string | null, defaults: RecurrenceState): RecurrenceState {
  const text = (rule ?? '').trim();
  if (!text) return { ...defaults, preset: 'none' };
  const preset = presetOf(text.toUpperCase().replace(/^RRULE:/, ''));
  return preset ? { ...defaults, ...preset } : { ...defaults, preset: 'custom', custom: text };
}

/** A rule in words for a tooltip: the preset's, or the rule itself. */
export function describeRule(rule: string): string {
  const state = parseRule(rule, defaultRecurrence(0, 'UTC'));
  const days = (list: Weekday[]) => list.map((d) => WEEKDAY_NAMES[d]).join(', ');
  switch (state.preset) {
    case 'daily':
      return 'Every day';
    case 'weekdays':
      return 'Every weekday';
    case 'weekly':
      return `Every week on ${days(state.days)}`;
    case 'monthly-day':
      return state.monthDay === -1
        ? 'Every month on its last day'
        : `Every month on day ${state.monthDay}`;
    case 'monthly-weekday': {
      const ordinal = ORDINALS.find((o) => o.value === state.ordinal)?.label ?? '';
      return `Every month on the ${ordinal} ${WEEKDAY_NAMES[state.weekday]}`;
    }
    case 'yearly':
      return 'Every year';
    case 'none':
    case 'custom':
      return rule;
  }
}
