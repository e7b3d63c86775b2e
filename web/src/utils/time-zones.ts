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
