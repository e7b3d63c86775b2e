import { useMutation } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { Registration, User } from '@/types/api';

export async function register(registration: Registration): Promise<User> {
  const response = await apiClient.post<User>('/auth/register', registration, {
    skipAuthRefresh: true,
  });
  return response.data;
}

export function useRegister({ onSuccess }: { onSuccess?: (user: User) => void } = {}) {
  return useMutation({ mutationFn: register, onSuccess });
}
