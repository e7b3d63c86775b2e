import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { setAccessToken } from '@/lib/api-client';
import { authKeys } from '../api/keys';

/** Forgets the token and every cached answer of the user who was signed in. */
export function endSession(queryClient: QueryClient): void {
  setAccessToken(null);
  void queryClient.cancelQueries();
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== authKeys.all[0] });
  queryClient.setQueryData(authKeys.session(), null);
}

export function useEndSession(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => endSession(queryClient), [queryClient]);
}
