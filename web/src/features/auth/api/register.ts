import { useMutation } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { Credentials, User } from '@/types/api';

export async function register(credentials: Credentials): Promise<User> {
  const response = await apiClient.post<User>('/auth/register', credentials, {
    skipAuthRefresh: true,
  });
  return response.data;
}

export function useRegister({ onSuccess }: { onSuccess?: (user: User) => void } = {}) {
  return useMutation({ mutationFn: register, onSuccess });
}
