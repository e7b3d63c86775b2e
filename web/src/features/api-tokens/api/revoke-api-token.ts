import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { ApiToken } from '../types';
import { apiTokenKeys } from './keys';

export async function revokeApiToken(id: number): Promise<void> {
  await apiClient.delete(`/users/me/api-tokens/${id}`);
}

export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeApiToken,
    onSuccess: (_result, id) => {
      // Gone at once on screen, as it is on the server; the refetch confirms it.
      queryClient.setQueryData<ApiToken[]>(apiTokenKeys.list(), (tokens) =>
        tokens?.filter((token) => token.id !== id),
      );
      return queryClient.invalidateQueries({ queryKey: apiTokenKeys.list() });
    },
  });
}
