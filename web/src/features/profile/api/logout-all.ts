import { useMutation } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';

export async function logoutAll(): Promise<void> {
  await apiClient.post('/auth/logout-all');
}

export function useLogoutAll({ onSuccess }: { onSuccess: () => void }) {
  return useMutation({ mutationFn: logoutAll, onSuccess });
}
