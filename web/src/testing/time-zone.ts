import { vi } from 'vitest';

/** Makes `Intl.DateTimeFormat().resolvedOptions()` report `timeZone` as the browser's zone. */
export function stubBrowserTimeZone(timeZone: string): void {
  const options = new Intl.DateTimeFormat().resolvedOptions();
  vi.spyOn(Intl.DateTimeFormat.prototype, 'resolvedOptions').mockReturnValue({
    ...options,
    timeZone,
  });
}
