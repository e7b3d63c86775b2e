/** The IANA zone this browser runs in, e.g. `Europe/Berlin`. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * Every zone name the browser knows, sorted, always with the `extra` ones (engines list only
 * canonical names, so `UTC` or a saved alias could be missing). `null` where the browser cannot say.
 */
export function supportedTimeZones(...extra: string[]): string[] | null {
  if (typeof Intl.supportedValuesOf !== 'function') return null;
  const zones = new Set([...Intl.supportedValuesOf('timeZone'), ...extra]);
  return [...zones].sort();
}

/** A wall-clock date and time; `month` is 1–12. */
export type WallTime = { year: number; month: number; day: number; hour: number; minute: number };

/** ISO weekday codes as RRULE spells them, Monday first. */
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Each weekday's English name, for rules read out in words. */
export const WEEKDAY_NAMES: Record<Weekday, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};

const partFormats = new Map<string, Intl.DateTimeFormat>();

function partFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    partFormats.set(timeZone, format);
  }
  return format;
}

const SHORT_WEEKDAYS: Record<string, Weekday> = {
  Mon: 'MO',
  Tue: 'TU',
  Wed: 'WE',
  Thu: 'TH',
  Fri: 'FR',
  Sat: 'SA',
  Sun: 'SU',
};

/** The wall-clock time (to the second) and weekday of the instant `ms` in `timeZone`. */
export function zonedParts(
  ms: number,
  timeZone: string,
): WallTime & { second: number; weekday: Weekday } {
  const parts: Record<string, string> = {};
  for (const part of partFormat(timeZone).formatToParts(ms)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: SHORT_WEEKDAYS[parts.weekday ?? ''] ?? 'MO',
  };
}

/** How far `timeZone` is ahead of UTC at the instant `ms`, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const p = zonedParts(ms, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant a wall-clock time in `timeZone` names. A time skipped by a daylight-saving change
 * moves forward by the gap, and a repeated one is its first instance, as the server reads them.
 */
export function wallTimeToInstant(wall: WallTime, timeZone: string): number {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  // The offsets either side of a change: the earlier reading is the first instance.
  const before = offsetAt(asUtc - 86_400_000, timeZone);
  const after = offsetAt(asUtc + 86_400_000, timeZone);
  const candidates = [asUtc - before, asUtc - after].filter(
    (ms) => offsetAt(ms, timeZone) === asUtc - ms,
  );
  if (candidates.length > 0) return Math.min(...candidates);
  // In a gap: the same wall-clock reading under the offset from before it, i.e. forward by the gap.
  return asUtc - before;
}
