import { useMutation } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { ChangePasswordInput } from '@/types/api';

export async function changePassword(input: ChangePasswordInput): Promise<void> {
  await apiClient.put('/users/me/password', input, { credentialsInBody: true });
}

export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}
