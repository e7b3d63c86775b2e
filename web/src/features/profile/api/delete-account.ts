import { useMutation } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { DeleteAccountInput } from '@/types/api';

export async function deleteAccount(input: DeleteAccountInput): Promise<void> {
  await apiClient.delete('/users/me', { data: input, credentialsInBody: true });
}

export function useDeleteAccount({ onSuccess }: { onSuccess: () => void }) {
  return useMutation({ mutationFn: deleteAccount, onSuccess });
}
