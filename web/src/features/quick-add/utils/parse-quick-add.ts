import { casual } from 'chrono-node/en';
import type { Priority } from '@/types/api';
import {
  wallTimeToInstant,
  WEEKDAY_NAMES,
  WEEKDAYS,
  zonedParts,
  type WallTime,
  type Weekday,
} from '@/utils/time-zones';

/**
 * The quick-add grammar (docs/QUICK-ADD.md says it for people):
 * - a date and time in English, read by chrono-node in the user's zone ("tomorrow 9am",
 *   "next friday", "in 3 days", "dec 31 5pm"); a date without a time is due at 09:00;
 * - `!low` `!medium` `!high` `!urgent`, or `!1` (urgent) … `!4` (low), as Todoist numbers them;
 * - `#label`, several allowed (`#"two words"` for one with spaces);
 * - `@project`: the longest project name that follows the `@` (so names may contain spaces:
 *   `@Home renovation`), or a quoted one, `@"Home renovation"`;
 * - `every …` ("every monday", "every day", "every weekday", "every 2 weeks on mon",
 *   "every month on the 15th") as an RRULE. A rule without a date starts at its first
 *   occurrence after now, at 09:00 unless a time is given ("every monday 8:30").
 * What none of these claims is the title.
 */

export type QuickAddProject = { id: number; name: string };

export type QuickAddPartKind = 'due' | 'priority' | 'label' | 'project' | 'recurrence';

/** A recognised stretch of the line, `start` inclusive and `end` exclusive. */
export type QuickAddPart = { kind: QuickAddPartKind; start: number; end: number };

export type QuickAddResult = {
  title: string;
  /** An RFC 3339 UTC instant, e.g. `2027-03-29T07:00:00Z`. */
  due_date: string | null;
  priority: Priority | null;
  labels: string[];
  project: QuickAddProject | null;
  recurrence: string | null;
  /** The recurrence in words, e.g. "every 2 weeks on Monday". */
  repeats: string | null;
  /** In the order they appear in the line. */
  parts: QuickAddPart[];
};

export type QuickAddOptions = {
  now: Date | number;
  /** The user's IANA zone: dates are read, and due times fall, in it. */
  timeZone: string;
  projects: readonly QuickAddProject[];
};

/** The time of day of a date given without one, and of a rule's first occurrence. */
export const DEFAULT_HOUR = 9;

const PRIORITY_WORDS: Record<string, Priority> = {
  low: 'low',
  medium: 'medium',
  med: 'medium',
  high: 'high',
  urgent: 'urgent',
  '1': 'urgent',
  '2': 'high',
  '3': 'medium',
  '4': 'low',
};

const DAY_PATTERN =
  '(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)s?';
const DAY_LIST = `${DAY_PATTERN}(?:\\s*(?:,|and|&)\\s*${DAY_PATTERN})*`;
const ORDINAL_WORDS: Record<string, number> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  last: -1,
};
const ORDINAL_NAMES: Record<number, string> = {
  1: 'first',
  2: 'second',
  3: 'third',
  4: 'fourth',
  [-1]: 'last',
};

const RECURRENCE = new RegExp(
  '(?<=^|\\s)every\\s+(?:' +
    [
      `(?<weekday>weekdays?|workdays?)`,
      `(?<weekend>weekends?)`,
      `(?<days>${DAY_LIST})`,
      `(?:(?<n>\\d{1,3}|other)\\s+)?(?<unit>days?|weeks?|months?|years?)` +
        `(?:\\s+on\\s+(?:(?<onDays>${DAY_LIST})|the\\s+(?:(?<lastDay>last\\s+day)|(?<ord>first|second|third|fourth|last|1st|2nd|3rd|4th)\\s+(?<ordDay>${DAY_PATTERN})|(?<monthDay>\\d{1,2})(?:st|nd|rd|th)?)))?`,
    ].join('|') +
    ')(?=\\s|$|[,.;])',
  'iu',
);

const PRIORITY = /(?<=^|\s)!(low|medium|med|high|urgent|[1-4])(?=\s|$)/giu;
const LABEL = /(?<=^|\s)#(?:"([^"]+)"|([^\s"#@!]+))/gu;
const QUOTED_PROJECT = /(?<=^|\s)@"([^"]+)"/gu;

function dayCode(word: string): Weekday {
  const w = word.toLowerCase().slice(0, 2);
  const code = { mo: 'MO', tu: 'TU', we: 'WE', th: 'TH', fr: 'FR', sa: 'SA', su: 'SU' }[w];
  return (code ?? 'MO') as Weekday;
}

function dayList(text: string): Weekday[] {
  const found = new Set(
    text
      .split(/\s*(?:,|and|&)\s*/iu)
      .filter(Boolean)
      .map(dayCode),
  );
  return WEEKDAYS.filter((d) => found.has(d));
}

function names(days: Weekday[]): string {
  const words = days.map((d) => WEEKDAY_NAMES[d]);
  if (words.length < 2) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1) ?? ''}`;
}

function nth(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`;
}

/** A rule and what it says, with what the first occurrence must match. */
type Rule = {
  rule: string;
  words: string;
  /** Does a date (its weekday, day of the month, month's length) fit the rule's first occurrence? */
  fits: (weekday: Weekday, day: number, monthLength: number) => boolean;
};

const anyDay = () => true;

function parseRecurrence(groups: Record<string, string | undefined>): Rule | null {
  if (groups.weekday) {
    const days: Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR'];
    return {
      rule: `FREQ=WEEKLY;BYDAY=${days.join(',')}`,
      words: 'every weekday',
      fits: (w) => days.includes(w),
    };
  }
  if (groups.weekend) {
    return {
      rule: 'FREQ=WEEKLY;BYDAY=SA,SU',
      words: 'every weekend',
      fits: (w) => w === 'SA' || w === 'SU',
    };
  }
  if (groups.days) {
    const days = dayList(groups.days);
    return {
      rule: `FREQ=WEEKLY;BYDAY=${days.join(',')}`,
      words: `every ${names(days)}`,
      fits: (w) => days.includes(w),
    };
  }
  const unit = groups.unit?.toLowerCase().replace(/s$/u, '');
  if (!unit) return null;
  const interval =
    groups.n === undefined ? 1 : groups.n.toLowerCase() === 'other' ? 2 : Number(groups.n);
  if (interval < 1) return null;
  const freq = { day: 'DAILY', week: 'WEEKLY', month: 'MONTHLY', year: 'YEARLY' }[unit] ?? 'DAILY';
  const every = interval === 1 ? `every ${unit}` : `every ${interval} ${unit}s`;
  const base = interval === 1 ? `FREQ=${freq}` : `FREQ=${freq};INTERVAL=${interval}`;

  if (groups.onDays && unit === 'week') {
    const days = dayList(groups.onDays);
    return {
      rule: `${base};BYDAY=${days.join(',')}`,
      words: `${every} on ${names(days)}`,
      fits: (w) => days.includes(w),
    };
  }
  if (unit === 'month' && groups.lastDay) {
    return {
      rule: `${base};BYMONTHDAY=-1`,
      words: `${every} on the last day`,
      fits: (_w, d, length) => d === length,
    };
  }
  if (unit === 'month' && groups.monthDay) {
    const day = Number(groups.monthDay);
    if (day < 1 || day > 31) return null;
    return {
      rule: `${base};BYMONTHDAY=${day}`,
      words: `${every} on the ${nth(day)}`,
      fits: (_w, d) => d === day,
    };
  }
  if (unit === 'month' && groups.ord && groups.ordDay) {
    const ordinal = ORDINAL_WORDS[groups.ord.toLowerCase()] ?? 1;
    const weekday = dayCode(groups.ordDay);
    return {
      rule: `${base};BYDAY=${ordinal}${weekday}`,
      words: `${every} on the ${ORDINAL_NAMES[ordinal] ?? ''} ${WEEKDAY_NAMES[weekday]}`,
      fits: (w, d, length) =>
        w === weekday && (ordinal === -1 ? d + 7 > length : Math.ceil(d / 7) === ordinal),
    };
  }
  // "every week on the 5th" and the like are not rules we know: leave the words in the title.
  if (groups.onDays || groups.lastDay || groups.monthDay || groups.ord) return null;
  return { rule: base, words: every, fits: anyDay };
}

const DAY_MS = 86_400_000;

/** The first day (from today in `timeZone`) that fits `rule`, at `hour:minute`, after `now`. */
function firstOccurrence(
  rule: Rule,
  now: number,
  timeZone: string,
  hour: number,
  minute: number,
): number | null {
  const today = zonedParts(now, timeZone);
  const start = Date.UTC(today.year, today.month - 1, today.day);
  // Two years cover every rule we build ("the 31st" waits for a long month at most).
  for (let i = 0; i < 800; i++) {
    const date = new Date(start + i * DAY_MS);
    const day = date.getUTCDate();
    const weekday = WEEKDAYS[(date.getUTCDay() + 6) % 7] ?? 'MO';
    const length = new Date(
      Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0),
    ).getUTCDate();
    if (!rule.fits(weekday, day, length)) continue;
    const wall = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day, hour, minute };
    const instant = wallTimeToInstant(wall, timeZone);
    if (instant > now) return instant;
  }
  return null;
}

/** The offset of `timeZone` from UTC at `now`, in minutes, as chrono takes a reference zone. */
function offsetMinutes(now: number, timeZone: string): number {
  const p = zonedParts(now, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(now / 1000) * 1000) / 60_000);
}

function toIso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Replaces `[start, end)` with spaces, so later searches skip it and indices stay put. */
function mask(text: string, start: number, end: number): string {
  return text.slice(0, start) + ' '.repeat(end - start) + text.slice(end);
}

const isBoundary = (ch: string | undefined) => ch === undefined || /\s/u.test(ch);

/**
 * The project named right after the `@` at `at`: the longest name that matches, compared without
 * case, and ending at a word's end.
 */
function projectAt(
  text: string,
  at: number,
  projects: readonly QuickAddProject[],
): QuickAddProject | null {
  const rest = text.slice(at + 1).toLowerCase();
  let best: QuickAddProject | null = null;
  for (const project of projects) {
    const name = project.name.toLowerCase();
    if (!name || !rest.startsWith(name) || !isBoundary(rest[name.length])) continue;
    if (!best || name.length > best.name.length) best = project;
  }
  return best;
}

const PART_OF_DAY = /\b(?:tonight|morning|afternoon|evening|night|noon|midnight)\b/iu;
const MONTHS_AHEAD = /^(?:in\s+(\d{1,2}|an?|one)\s+months?|next\s+month)$/iu;

/**
 * "in 1 month", "next month": the same day of the month that many months on, or that month's last
 * day when it is shorter (chrono would run 31 January on to 3 March), at 09:00.
 */
function monthsAhead(now: number, timeZone: string, count: string | undefined): WallTime {
  const n = count === undefined || !/^\d+$/u.test(count) ? 1 : Number(count);
  const today = zonedParts(now, timeZone);
  const month0 = today.month - 1 + n;
  const length = new Date(Date.UTC(today.year, month0 + 1, 0)).getUTCDate();
  const first = new Date(Date.UTC(today.year, month0, 1));
  return {
    year: first.getUTCFullYear(),
    month: first.getUTCMonth() + 1,
    day: Math.min(today.day, length),
    hour: DEFAULT_HOUR,
    minute: 0,
  };
}

/** Reads a quick-add line: see the grammar above. A pure function of its arguments. */
export function parseQuickAdd(text: string, options: QuickAddOptions): QuickAddResult {
  const now = typeof options.now === 'number' ? options.now : options.now.getTime();
  const { timeZone, projects } = options;
  const parts: QuickAddPart[] = [];
  let rest = text;
  const claim = (kind: QuickAddPartKind, start: number, end: number) => {
    parts.push({ kind, start, end });
    rest = mask(rest, start, end);
  };

  let project: QuickAddProject | null = null;
  for (const match of text.matchAll(QUOTED_PROJECT)) {
    const name = (match[1] ?? '').trim().toLowerCase();
    const found = projects.find((p) => p.name.toLowerCase() === name);
    if (!found) continue;
    project = found;
    claim('project', match.index, match.index + match[0].length);
  }
  for (let at = rest.indexOf('@'); at !== -1; at = rest.indexOf('@', at + 1)) {
    if (!isBoundary(rest[at - 1])) continue;
    const found = projectAt(rest, at, projects);
    if (!found) continue;
    project = found;
    claim('project', at, at + 1 + found.name.length);
  }

  const labels: string[] = [];
  for (const match of rest.matchAll(LABEL)) {
    const label = (match[1] ?? match[2] ?? '').trim().slice(0, 50);
    if (!label) continue;
    if (!labels.some((l) => l.toLowerCase() === label.toLowerCase())) labels.push(label);
    claim('label', match.index, match.index + match[0].length);
  }

  let priority: Priority | null = null;
  for (const match of rest.matchAll(PRIORITY)) {
    priority = PRIORITY_WORDS[(match[1] ?? '').toLowerCase()] ?? priority;
    claim('priority', match.index, match.index + match[0].length);
  }

  let rule: Rule | null = null;
  const every = RECURRENCE.exec(rest);
  if (every?.groups) {
    rule = parseRecurrence(every.groups);
    if (rule) claim('recurrence', every.index, every.index + every[0].length);
  }

  let due: number | null = null;
  const [found] = casual.parse(
    rest,
    { instant: new Date(now), timezone: offsetMinutes(now, timeZone) },
    { forwardDate: true },
  );
  if (found) {
    const start = found.start;
    const hasTime = start.isCertain('hour');
    const hasDate =
      start.isCertain('day') || start.isCertain('weekday') || start.isCertain('month');
    // "tonight", "this evening": chrono's hour for a named part of the day beats the default.
    const timed = hasTime || PART_OF_DAY.test(found.text);
    const hour = timed ? (start.get('hour') ?? DEFAULT_HOUR) : DEFAULT_HOUR;
    const minute = timed ? (start.get('minute') ?? 0) : 0;
    const months = MONTHS_AHEAD.exec(found.text.trim());
    if (months) {
      due = wallTimeToInstant(monthsAhead(now, timeZone, months[1]), timeZone);
    } else if (start.isCertain('timezoneOffset')) {
      // A span from now ("in 2 hours") or a time with its own offset: chrono's instant is exact.
      due = start.date().getTime();
    } else if (rule && !hasDate) {
      due = firstOccurrence(rule, now, timeZone, hour, minute);
    } else {
      const wall = {
        year: start.get('year') ?? 0,
        month: start.get('month') ?? 1,
        day: start.get('day') ?? 1,
        hour,
        minute,
      };
      // Chrono computes the wall-clock date in the zone's offset of today; the instant of that
      // wall-clock time is read in the zone itself, so a daylight-saving change between moves it.
      due = wallTimeToInstant(wall, timeZone);
    }
    let begin = found.index;
    // "at 9am", "on monday", "by friday": the little word belongs to the date, not the title.
    const before = /(?<=^|\s)(?:at|on|by|due)\s+$/iu.exec(rest.slice(0, begin));
    if (before) begin = before.index;
    claim('due', begin, found.index + found.text.length);
  } else if (rule) {
    due = firstOccurrence(rule, now, timeZone, DEFAULT_HOUR, 0);
  }

  const title = rest.replace(/\s+/gu, ' ').trim();
  parts.sort((a, b) => a.start - b.start);
  return {
    title,
    due_date: due === null ? null : toIso(due),
    priority,
    labels,
    project,
    recurrence: rule?.rule ?? null,
    repeats: rule?.words ?? null,
    parts,
  };
}
