import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { User } from '@/types/api';
import { profileKeys } from './keys';

export async function getMe(): Promise<User> {
  const response = await apiClient.get<User>('/users/me');
  return response.data;
}

export const getMeQueryOptions = () => queryOptions({ queryKey: profileKeys.me(), queryFn: getMe });

export const useMe = () => useQuery(getMeQueryOptions());
