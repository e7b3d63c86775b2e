import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { ApiToken, ApiTokenList } from '../types';
import { apiTokenKeys } from './keys';

export async function getApiTokens(): Promise<ApiToken[]> {
  const response = await apiClient.get<ApiTokenList>('/users/me/api-tokens');
  return response.data.items;
}

export const getApiTokensQueryOptions = () =>
  queryOptions({ queryKey: apiTokenKeys.list(), queryFn: getApiTokens });

export const useApiTokens = () => useQuery(getApiTokensQueryOptions());
