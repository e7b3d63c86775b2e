import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { notificationKeys } from '@/features/notifications/api/keys';
import { usePendingSnoozeEnds } from '@/features/notifications/api/pending-snoozes';
import { useArmedReminderTimes } from '@/features/tasks/api/armed-reminders';
import { taskKeys } from '@/features/tasks/api/keys';

/** The worker sends a reminder within milliseconds of its time; this covers that and the trip. */
export const DELIVERY_GRACE_MS = 500;
/** A reminder past due but not yet seen sent (this clock ahead of the server's) is looked for… */
export const RECHECK_MS = 2_000;
/** …again for this long; after that the bell's regular polling is left to find it. */
export const RECHECK_WINDOW_MS = 30_000;
/** Longer timers overflow setTimeout (about 24.8 days); wake up, and wait again. */
const MAX_TIMER_MS = 24 * 60 * 60 * 1000;

/** When to look for the next reminder (ms since the epoch), or null if none is expected. */
export function nextRefreshAt(armed: readonly number[], now: number): number | null {
  let next: number | null = null;
  for (const due of armed) {
    if (now - due > RECHECK_WINDOW_MS) continue;
    const at = due + DELIVERY_GRACE_MS > now ? due + DELIVERY_GRACE_MS : now + RECHECK_MS;
    if (next === null || at < next) next = at;
  }
  return next;
}

/**
 * Reminders are known in advance, so the bell need not wait for its next poll: as a reminder of
 * the cached tasks falls due, fetch the notifications, and the task lists, where the reminder then
 * reads as sent and stops being expected. Likewise as a snooze made in this tab ends, until the
 * notification it makes is fetched.
 */
export function useReminderRefresh(): void {
  const queryClient = useQueryClient();
  const reminders = useArmedReminderTimes();
  const snoozes = usePendingSnoozeEnds();
  const armed = useMemo(() => [...reminders, ...snoozes], [reminders, snoozes]);
  // Bumped by each wake-up, so a reminder still unsent afterwards is looked for again.
  const [wakeUps, setWakeUps] = useState(0);

  useEffect(() => {
    const at = nextRefreshAt(armed, Date.now());
    if (at === null) return;
    const timer = setTimeout(
      () => {
        if (Date.now() >= at) {
          void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
          void queryClient.invalidateQueries({ queryKey: taskKeys.lists() });
        }
        setWakeUps((n) => n + 1);
      },
      Math.min(at - Date.now(), MAX_TIMER_MS),
    );
    return () => clearTimeout(timer);
  }, [queryClient, armed, wakeUps]);
}
