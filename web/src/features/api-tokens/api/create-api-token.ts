import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { CreateApiTokenInput, CreatedApiToken } from '../types';
import { apiTokenKeys } from './keys';

export async function createApiToken(input: CreateApiTokenInput): Promise<CreatedApiToken> {
  const response = await apiClient.post<CreatedApiToken>('/users/me/api-tokens', input);
  return response.data;
}

/**
 * The answer carries the secret, so it stays with the caller (shown once) and never enters the
 * query cache: the list is fetched again instead, without it.
 */
export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createApiToken,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiTokenKeys.list() }),
  });
}
