import { useMutation } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { ResetConfirmation, ResetRequest } from '@/types/api';

/** Asks for a reset link; the server answers alike whether or not the email has an account. */
export async function requestPasswordReset(request: ResetRequest): Promise<void> {
  await apiClient.post('/auth/password-reset', request, { skipAuthRefresh: true });
}

export async function confirmPasswordReset(confirmation: ResetConfirmation): Promise<void> {
  await apiClient.post('/auth/password-reset/confirm', confirmation, { skipAuthRefresh: true });
}

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: requestPasswordReset });
}

export function useConfirmPasswordReset({ onSuccess }: { onSuccess?: () => void } = {}) {
  return useMutation({ mutationFn: confirmPasswordReset, onSuccess });
}
