import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { ServerInfo } from '@/types/api';

export const serverKeys = {
  all: ['server'] as const,
  info: () => [...serverKeys.all, 'info'] as const,
};

export async function getServerInfo(): Promise<ServerInfo> {
  const response = await apiClient.get<ServerInfo>('/server', { skipAuthRefresh: true });
  return response.data;
}

/** What the server offers (whether it sends email); it changes only with a restart. */
export const serverInfoQueryOptions = () =>
  queryOptions({ queryKey: serverKeys.info(), queryFn: getServerInfo, staleTime: Infinity });

export function useServerInfo() {
  return useQuery(serverInfoQueryOptions());
}
