import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { SnoozeInput } from '@/types/api';
import { notificationKeys } from './keys';
import { recordSnooze } from './pending-snoozes';

export type SnoozeVariables = SnoozeInput & { id: number; taskId: number };

/** Marks the notification read; its reminder fires again, as a new one, `minutes` from now. */
export async function snoozeNotification({ id, minutes }: SnoozeVariables): Promise<void> {
  await apiClient.post(`/notifications/${id}/snooze`, { minutes } satisfies SnoozeInput);
}

/** Snoozes, and remembers when the snooze ends, so the app looks for the reminder then. */
export function useSnoozeNotification() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: snoozeNotification,
    onSuccess: (_data, { id, taskId, minutes }) => {
      recordSnooze(queryClient, { id, taskId, endsAt: Date.now() + minutes * 60_000 });
      return queryClient.invalidateQueries({ queryKey: notificationKeys.all });
    },
  });
}
