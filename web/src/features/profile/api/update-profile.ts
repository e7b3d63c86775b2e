import { useMutation } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { ProfileChange, User } from '@/types/api';

export async function updateProfile(change: ProfileChange): Promise<User> {
  const response = await apiClient.patch<User>('/users/me', change);
  return response.data;
}

/** `onSuccess` gets the server's User, to put in the one query that holds it (the session's). */
export function useUpdateProfile({ onSuccess }: { onSuccess: (user: User) => void }) {
  return useMutation({ mutationFn: updateProfile, onSuccess });
}
