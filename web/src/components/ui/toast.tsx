import { useEffect, useRef, useSyncExternalStore } from 'react';

/** How long a toast stays when nobody hovers or focuses it. */
export const TOAST_DURATION_MS = 5_000;
/** More than this and the oldest goes: a burst of deletes must not cover the page. */
const MAX_TOASTS = 3;

export type ToastAction = {
  label: string;
  /** Called once, after the toast is gone (a failure is the caller's to report). */
  run: () => void;
};

export type ToastInput = {
  message: string;
  action?: ToastAction;
  durationMs?: number;
};

export type Toast = ToastInput & { id: number };

// One store for the whole page, outside React, so a mutation's callbacks can announce their
// result even after the component that started them has unmounted (a completed task leaving a
// list of open ones).
let toasts: readonly Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function publish(next: readonly Toast[]) {
  toasts = next;
  listeners.forEach((listener) => listener());
}

export const toast = {
  show(input: ToastInput): number {
    const id = nextId++;
    publish([...toasts, { ...input, id }].slice(-MAX_TOASTS));
    return id;
  },
  dismiss(id: number): void {
    if (toasts.some((t) => t.id === id)) publish(toasts.filter((t) => t.id !== id));
  },
  /** Runs the action of the newest toast that has one (the undo shortcut); false if none. */
  runLatestAction(): boolean {
    const latest = toasts.findLast((t) => t.action);
    if (!latest) return false;
    runAction(latest);
    return true;
  },
  clear(): void {
    publish([]);
  },
};

function runAction(item: Toast) {
  toast.dismiss(item.id);
  item.action?.run();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
};

export function useToasts(): readonly Toast[] {
  return useSyncExternalStore(
    subscribe,
    () => toasts,
    () => toasts,
  );
}

/** One toast: goes after its duration, paused while the pointer is on it or focus is in it. */
function ToastItem({ item }: { item: Toast }) {
  const ref = useRef<HTMLLIElement>(null);
  const { id, durationMs = TOAST_DURATION_MS } = item;

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let remaining = durationMs;
    let startedAt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // What holds the toast on screen: the pointer on it, focus in it.
    const holds = { pointer: false, focus: false };
    const pause = () => {
      if (timer === undefined) return;
      clearTimeout(timer);
      timer = undefined;
      remaining -= Date.now() - startedAt;
    };
    const resume = () => {
      if (timer !== undefined || holds.pointer || holds.focus) return;
      startedAt = Date.now();
      timer = setTimeout(() => toast.dismiss(id), Math.max(remaining, 0));
    };
    const hold = (reason: keyof typeof holds, on: boolean) => {
      holds[reason] = on;
      if (on) pause();
      else resume();
    };
    const listeners: [string, (event: Event) => void][] = [
      ['pointerenter', () => hold('pointer', true)],
      ['pointerleave', () => hold('pointer', false)],
      ['focusin', () => hold('focus', true)],
      [
        'focusout',
        (event) => {
          const next = event instanceof FocusEvent ? event.relatedTarget : null;
          if (!(next instanceof Node && element.contains(next))) hold('focus', false);
        },
      ],
    ];
    listeners.forEach(([type, listener]) => element.addEventListener(type, listener));
    resume();
    return () => {
      pause();
      listeners.forEach(([type, listener]) => element.removeEventListener(type, listener));
    };
  }, [id, durationMs]);

  return (
    <li ref={ref} className="toast">
      <span className="toast-message">
        {item.message}
        {item.action && <span aria-hidden="true"> · </span>}
      </span>
      {item.action && (
        <button type="button" className="toast-action" onClick={() => runAction(item)}>
          {item.action.label}
        </button>
      )}
      <button
        type="button"
        className="toast-dismiss"
        aria-label="Dismiss"
        onClick={() => toast.dismiss(item.id)}
      >
        ×
      </button>
    </li>
  );
}

/**
 * Where toasts show. The live region is always in the page, empty or not: screen readers only
 * announce what is added to a region they already know about.
 */
export function Toaster() {
  const items = useToasts();
  return (
    <section className="toaster" aria-label="Messages">
      <ol className="toasts" aria-live="polite" aria-relevant="additions text">
        {items.map((item) => (
          <ToastItem key={item.id} item={item} />
        ))}
      </ol>
    </section>
  );
}
