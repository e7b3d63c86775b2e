import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { MarkedRead } from '@/types/api';
import { notificationKeys } from './keys';

/** Marks every unread notification of the caller read (no live event, as for a single read). */
export async function markAllNotificationsRead(): Promise<MarkedRead> {
  const response = await apiClient.post<MarkedRead>('/notifications/read-all');
  return response.data;
}

export function useMarkAllNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: markAllNotificationsRead,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
