/**
 * Desktop (system) notifications for reminders that arrive while a tab is open. Opt-in: the
 * browser is asked for permission only when the user turns them on from the bell, and the choice
 * is kept per browser (localStorage), so every tab follows it.
 */

/** on: shown; off: not asked for yet, or turned off; blocked: refused in the browser's settings. */
export type DesktopState = 'on' | 'off' | 'blocked' | 'unsupported';

const PREFERENCE_KEY = 'tt:desktop-notifications';
const SHOWN_KEY = 'tt:desktop-notified';
/** A notification shown longer ago than this is forgotten: it will not come over the stream again. */
const FORGET_SHOWN_AFTER_MS = 24 * 60 * 60 * 1000;

function supported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

function preference(): boolean {
  try {
    return window.localStorage.getItem(PREFERENCE_KEY) === 'on';
  } catch {
    return false;
  }
}

export function desktopState(): DesktopState {
  if (!supported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'blocked';
  return Notification.permission === 'granted' && preference() ? 'on' : 'off';
}

const listeners = new Set<() => void>();

function changed(): void {
  listeners.forEach((listener) => listener());
}

/** For useSyncExternalStore: the preference set in another tab counts too. */
export function subscribeDesktopState(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === PREFERENCE_KEY) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** Asks the browser (from the user's click only: browsers ignore or penalise unprompted asks). */
export async function turnOnDesktop(): Promise<DesktopState> {
  if (!supported()) return 'unsupported';
  const permission =
    Notification.permission === 'default'
      ? await Notification.requestPermission()
      : Notification.permission;
  if (permission === 'granted') {
    try {
      window.localStorage.setItem(PREFERENCE_KEY, 'on');
    } catch {
      // Not kept: on for this page only.
    }
  }
  changed();
  return desktopState();
}

export function turnOffDesktop(): void {
  try {
    window.localStorage.setItem(PREFERENCE_KEY, 'off');
  } catch {
    // Nothing kept: it was never on.
  }
  changed();
}

/** Records `id` as shown unless it already was; true if this caller is the one to show it. */
function claim(id: number, now: number): boolean {
  let shown: Record<string, number> = {};
  try {
    shown = JSON.parse(window.localStorage.getItem(SHOWN_KEY) ?? '{}') as Record<string, number>;
  } catch {
    shown = {};
  }
  if (shown[id] !== undefined) return false;
  const kept = Object.fromEntries(
    Object.entries(shown).filter(([, at]) => now - at < FORGET_SHOWN_AFTER_MS),
  );
  kept[id] = now;
  try {
    window.localStorage.setItem(SHOWN_KEY, JSON.stringify(kept));
  } catch {
    // Storage unavailable: the notification's tag still keeps the system from showing it twice.
  }
  return true;
}

/**
 * Every open tab hears the same event: one of them shows it. The claim is made under a Web Lock
 * where the browser has them, so two tabs cannot both read "not shown yet"; the notification's
 * `tag` (its id) makes a system that still got two show only one.
 */
export async function claimNotification(id: number, now = Date.now()): Promise<boolean> {
  if (typeof navigator !== 'undefined' && 'locks' in navigator) {
    return navigator.locks.request(`tt:desktop-notification:${id}`, () => claim(id, now));
  }
  return claim(id, now);
}
