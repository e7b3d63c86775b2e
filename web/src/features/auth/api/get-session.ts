import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { apiClient, getAccessToken, refreshAccessToken } from '@/lib/api-client';
import { toApiError } from '@/lib/api-error';
import type { User } from '@/types/api';
import { authKeys } from './keys';

export async function getCurrentUser(): Promise<User> {
  const response = await apiClient.get<User>('/users/me');
  return response.data;
}

/** The signed-in user, or null. On a fresh page load the refresh cookie restores the session. */
export async function getSession(): Promise<User | null> {
  if (!getAccessToken()) {
    try {
      await refreshAccessToken();
    } catch (error) {
      const { status } = toApiError(error);
      if (status !== null && status >= 400 && status < 500) return null;
      throw error;
    }
  }
  return getCurrentUser();
}

export const getSessionQueryOptions = () =>
  queryOptions({
    queryKey: authKeys.session(),
    queryFn: getSession,
    staleTime: Infinity,
  });

export const useSession = () => useQuery(getSessionQueryOptions());

/** Replaces the signed-in user in the session's query, e.g. with a write's answer. */
export function useSetSessionUser(): (user: User) => void {
  const queryClient = useQueryClient();
  return useCallback(
    (user: User) => queryClient.setQueryData(getSessionQueryOptions().queryKey, user),
    [queryClient],
  );
}
