import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { SnoozeInput } from '@/types/api';
import { notificationKeys } from './keys';

export type SnoozeVariables = SnoozeInput & { id: number };

/** Marks the notification read; its reminder fires again, as a new one, `minutes` from now. */
export async function snoozeNotification({ id, minutes }: SnoozeVariables): Promise<void> {
  await apiClient.post(`/notifications/${id}/snooze`, { minutes } satisfies SnoozeInput);
}

export function useSnoozeNotification() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: snoozeNotification,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
