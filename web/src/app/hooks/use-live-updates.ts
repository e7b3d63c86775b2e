import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { notificationKeys } from '@/features/notifications/api/keys';
import { projectKeys } from '@/features/projects/api/keys';
import { taskKeys } from '@/features/tasks/api/keys';
import { openEventStream, type LiveEvent, type NotificationEvent } from '@/lib/events-client';

/** What an event makes stale: the queries that show what it names. */
export function invalidateFor(queryClient: QueryClient, event: LiveEvent): void {
  switch (event.type) {
    case 'task':
      void queryClient.invalidateQueries({ queryKey: taskKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: taskKeys.labels() });
      void queryClient.invalidateQueries({ queryKey: taskKeys.completions(event.data.id) });
      return;
    case 'project':
      // Its name, colour or members, or the caller's own access (added, removed, deleted): a
      // project that went takes its tasks with it.
      void queryClient.invalidateQueries({ queryKey: projectKeys.all });
      if (event.data.op === 'deleted' || event.data.op === 'member_removed') {
        void queryClient.invalidateQueries({ queryKey: taskKeys.lists() });
        void queryClient.invalidateQueries({ queryKey: taskKeys.labels() });
      }
      return;
    case 'notification':
      void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
      // A delivered reminder reads as sent on its task.
      void queryClient.invalidateQueries({ queryKey: taskKeys.lists() });
      return;
  }
}

/**
 * Live updates for the signed-in user while the app is shown (it unmounts on logout, which closes
 * the stream): each event refetches what it names, and each (re)connection everything shown, since
 * events sent while the stream was down are not replayed.
 */
export function useLiveUpdates({
  onNotification,
}: {
  /** A reminder just arrived (the desktop notification's cue). */
  onNotification?: (event: NotificationEvent) => void;
} = {}): void {
  const queryClient = useQueryClient();
  // Read at each event, so a new callback does not reopen the stream.
  const notify = useRef(onNotification);
  useEffect(() => {
    notify.current = onNotification;
  }, [onNotification]);
  useEffect(() => {
    const controller = new AbortController();
    openEventStream(
      {
        onOpen: () => {
          for (const queryKey of [taskKeys.all, projectKeys.all, notificationKeys.all]) {
            // A fetch already under way is started again: it may have read before a change whose
            // event came while the stream was down.
            void queryClient.invalidateQueries({ queryKey });
          }
        },
        onEvent: (event) => {
          invalidateFor(queryClient, event);
          if (event.type === 'notification') notify.current?.(event.data);
        },
      },
      controller.signal,
    );
    return () => controller.abort();
  }, [queryClient]);
}
